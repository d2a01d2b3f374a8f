package com.ledgerbridge.domain.payment;

import com.ledgerbridge.domain.money.Money;

/**
 * The natural keys of payment events, one convention for every gateway: a webhook and the settlement bill that
 * report the same fact produce the same key, so the inbox's unique constraint makes it take effect once whichever
 * comes first.
 */
public final class PaymentEventKeys {

    private PaymentEventKeys() {
    }

    /** The buyer paid for the trade. */
    public static String payment(String gatewayTradeId) {
        return gatewayTradeId + ":PAYMENT";
    }

    /** One individual refund, named by the gateway's refund id (or the merchant's refund request number). */
    public static String refund(String gatewayTradeId, String refundId) {
        return gatewayTradeId + ":REFUND:" + refundId;
    }

    /** A cumulative refund total as one notification reported it. */
    public static String refundTotal(String gatewayTradeId, Money cumulative) {
        return gatewayTradeId + ":REFUNDED_TO:" + cumulative.minorUnits();
    }

    /** A dispute's stage: {@link PaymentEventType#DISPUTE_OPENED}, {@code _WON} or {@code _LOST}. */
    public static String dispute(String gatewayTradeId, String disputeId, PaymentEventType stage) {
        if (!stage.isDispute()) {
            throw new IllegalArgumentException(stage + " is not a dispute stage");
        }
        return gatewayTradeId + ":DISPUTE:" + disputeId + ":" + stage.name().substring("DISPUTE_".length());
    }

    /** The trade was closed. */
    public static String closed(String gatewayTradeId) {
        return gatewayTradeId + ":CLOSED";
    }
}
