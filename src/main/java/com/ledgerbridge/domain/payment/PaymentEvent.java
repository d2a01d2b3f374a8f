package com.ledgerbridge.domain.payment;

import com.ledgerbridge.domain.money.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * A gateway's report that money moved, in canonical form.
 *
 * @param gateway           e.g. {@code alipay}
 * @param eventKey          the natural key of the business effect within that gateway (for Alipay, the
 *                          trade number and event kind), unique in the payment inbox
 * @param gatewayTradeId    the gateway's own transaction id (Alipay {@code trade_no})
 * @param merchantReference our reference the payer paid against (Alipay {@code out_trade_no})
 * @param occurredAt        when the payment happened, as a UTC instant
 */
public record PaymentEvent(
        String gateway,
        String eventKey,
        PaymentEventType type,
        String gatewayTradeId,
        String merchantReference,
        Money amount,
        Instant occurredAt,
        String payerId) {

    public PaymentEvent {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(eventKey, "eventKey");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gatewayTradeId, "gatewayTradeId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The key allocations and journal entries name this payment by. */
    public String paymentKey() {
        return gateway + ":" + gatewayTradeId;
    }
}
