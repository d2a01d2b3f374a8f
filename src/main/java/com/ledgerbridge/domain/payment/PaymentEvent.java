package com.ledgerbridge.domain.payment;

import com.ledgerbridge.domain.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A gateway's report about one payment, in canonical form (see {@link PaymentEventType} for what each type means).
 *
 * @param gateway           e.g. {@code alipay}, {@code wechatpay}, {@code stripe}
 * @param eventKey          the natural key of the business effect within that gateway (e.g. Alipay
 *                          {@code <trade_no>:PAYMENT}), unique in the payment inbox: a resend, a second
 *                          notification of the same fact, or the same fact read from the settlement bill all
 *                          carry the same key and take effect once
 * @param gatewayTradeId    the gateway's id of the payment every event of it shares (Alipay {@code trade_no},
 *                          WeChat Pay {@code transaction_id}, Stripe charge id {@code ch_…}); the payment's key
 * @param merchantReference our reference the payer paid against (Alipay {@code out_trade_no}); may be null
 * @param amount            the amount the type speaks of; never negative (a refund's amount is what went back)
 * @param occurredAt        when it happened, as a UTC instant
 * @param payerId           the gateway's id of the payer, when it gives one
 * @param movementId        the gateway's id of the refund or dispute for those types (WeChat {@code refund_id},
 *                          Alipay {@code out_biz_no}, Stripe {@code dp_…}); null for others
 * @param memo              free text the payer or merchant passed along with the payment (Alipay
 *                          {@code passback_params}, WeChat Pay {@code attach}, Stripe {@code description}), where
 *                          matching also looks for references; null when none
 */
public record PaymentEvent(
        String gateway,
        String eventKey,
        PaymentEventType type,
        String gatewayTradeId,
        String merchantReference,
        Money amount,
        Instant occurredAt,
        String payerId,
        String movementId,
        String memo) {

    public PaymentEvent {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(eventKey, "eventKey");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gatewayTradeId, "gatewayTradeId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (amount.amount().signum() < 0) {
            throw new IllegalArgumentException("a payment event's amount is never negative, got " + amount);
        }
        if ((type.isDispute() || type == PaymentEventType.REFUND) && movementId == null) {
            throw new IllegalArgumentException(type + " events name their refund or dispute (movementId)");
        }
    }

    /** An event without a memo. */
    public PaymentEvent(String gateway, String eventKey, PaymentEventType type, String gatewayTradeId,
            String merchantReference, Money amount, Instant occurredAt, String payerId, String movementId) {
        this(gateway, eventKey, type, gatewayTradeId, merchantReference, amount, occurredAt, payerId, movementId, null);
    }

    /** An event without a refund or dispute id (payments, cumulative refund totals, closes). */
    public PaymentEvent(String gateway, String eventKey, PaymentEventType type, String gatewayTradeId,
            String merchantReference, Money amount, Instant occurredAt, String payerId) {
        this(gateway, eventKey, type, gatewayTradeId, merchantReference, amount, occurredAt, payerId, null, null);
    }

    /** This event with {@code memo}. */
    public PaymentEvent withMemo(String memo) {
        return new PaymentEvent(gateway, eventKey, type, gatewayTradeId, merchantReference, amount, occurredAt, payerId,
                movementId, memo == null || memo.isBlank() ? null : (memo.length() > 512 ? memo.substring(0, 512) : memo));
    }

    /** The key allocations and journal entries name this payment by. */
    public String paymentKey() {
        return gateway + ":" + gatewayTradeId;
    }
}
