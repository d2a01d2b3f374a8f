package com.ledgerbridge.domain.settlement;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored payment event, as the three-way reconciliation sees it (the INBOX leg).
 *
 * @param fromBill true when the event was created from a settlement bill line (inbox origin {@code BILL}: the
 *                 notification the webhook never delivered), false when a webhook brought it
 */
public record InboxObservation(
        String gatewayTradeId,
        String eventKey,
        PaymentEventType type,
        Money amount,
        Instant occurredAt,
        String movementId,
        String merchantReference,
        boolean fromBill) {

    public InboxObservation {
        Objects.requireNonNull(gatewayTradeId, "gatewayTradeId");
        Objects.requireNonNull(eventKey, "eventKey");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** Whether a webhook brought it (not a bill). */
    public boolean fromWebhook() {
        return !fromBill;
    }

    /** Whether it reports money moving (every type but CLOSED). */
    public boolean movesMoney() {
        return type != PaymentEventType.CLOSED;
    }
}
