package com.ledgerbridge.domain.settlement;

import com.ledgerbridge.domain.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One line of a gateway's daily settlement bill, in canonical form.
 *
 * @param gateway           the gateway's name, as in {@code payment_event.gateway}
 * @param billDate          the day the bill covers (the gateway's own business day)
 * @param lineNumber        the physical line in the bill file, for reports
 * @param lineKey           the line's natural key within the gateway, the same however often the bill is
 *                          imported (Alipay: trade_no + refund request; WeChat Pay: transaction_id + refund_id;
 *                          Stripe: balance transaction id)
 * @param kind              what the line records
 * @param gatewayTradeId    the payment it belongs to, as {@code PaymentEvent.gatewayTradeId} names it; for a
 *                          payout or a fee of its own, the gateway's id of that (payout id, fee id)
 * @param merchantReference our reference (out_trade_no, metadata) when the bill gives it, else null
 * @param movementId        the refund, dispute or payout id the line names, else null
 * @param amount            the money moved, never negative (the kind says which way)
 * @param fee               the gateway's fee on this line: positive is charged to the merchant, negative is given
 *                          back (a fee refunded with a refund); zero when none
 * @param occurredAt        when it happened, as a UTC instant
 */
public record BillLine(
        String gateway,
        LocalDate billDate,
        long lineNumber,
        String lineKey,
        BillLineKind kind,
        String gatewayTradeId,
        String merchantReference,
        String movementId,
        Money amount,
        Money fee,
        Instant occurredAt) {

    public BillLine {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(billDate, "billDate");
        Objects.requireNonNull(lineKey, "lineKey");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(gatewayTradeId, "gatewayTradeId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (amount.amount().signum() < 0) {
            throw new IllegalArgumentException("a bill line's amount is never negative (its kind gives the direction)");
        }
        if (!amount.currency().equals(fee.currency())) {
            throw new IllegalArgumentException("amount and fee in different currencies: " + amount + ", " + fee);
        }
    }
}
