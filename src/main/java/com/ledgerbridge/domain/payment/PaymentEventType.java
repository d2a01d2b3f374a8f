package com.ledgerbridge.domain.payment;

/**
 * What a gateway reports about one payment (one gateway trade). Every type is an observation that only ever adds
 * to what we know of the payment ({@link PaymentFacts}), so events take effect the same whatever order they arrive
 * in and however often.
 */
public enum PaymentEventType {
    /** The buyer paid {@code amount} (the trade's gross amount). */
    PAYMENT,
    /**
     * One individual refund of {@code amount}, named by {@code movementId} (WeChat Pay {@code refund_id}). Several
     * refunds of one payment add up.
     */
    REFUND,
    /**
     * The total refunded on the payment so far, {@code amount} (Alipay {@code refund_fee}, Stripe
     * {@code amount_refunded}, both cumulative). Each is a lower bound of the truth; the largest wins.
     */
    REFUND_TOTAL,
    /** A dispute (chargeback) named {@code movementId} took {@code amount} back from the merchant. */
    DISPUTE_OPENED,
    /** The dispute {@code movementId} was decided for the merchant: {@code amount} comes back. */
    DISPUTE_WON,
    /** The dispute {@code movementId} was decided for the buyer: {@code amount} is lost for good. */
    DISPUTE_LOST,
    /**
     * The trade was closed: unpaid (timed out), or paid and past its refund period (Alipay TRADE_FINISHED). Moves
     * no money by itself.
     */
    CLOSED;

    /** Whether this observation is about refunds. */
    public boolean isRefund() {
        return this == REFUND || this == REFUND_TOTAL;
    }

    /** Whether this observation is about a dispute. */
    public boolean isDispute() {
        return this == DISPUTE_OPENED || this == DISPUTE_WON || this == DISPUTE_LOST;
    }
}
