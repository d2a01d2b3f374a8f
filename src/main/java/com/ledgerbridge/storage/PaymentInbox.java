package com.ledgerbridge.storage;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The payment inbox: every accepted gateway event with its raw notification, unique on
 * (gateway, event key). Storing the same event twice stores nothing the second time.
 */
@Repository
public class PaymentInbox {

    private final JdbcClient jdbc;
    private final Clock clock;

    public PaymentInbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Where a stored payment event is in reconciliation. */
    public enum Status { RECEIVED, RECONCILED, EXCEPTION }

    /** The outcome of storing an event: its row id and whether this call stored it. */
    public record Stored(long id, boolean isNew) {
    }

    public record StoredPaymentEvent(long id, PaymentEvent event, Status status) {
    }

    /**
     * Stores the event in its own transaction, which has committed when this returns: only then may the
     * gateway be told "received". A concurrent twin loses on the unique constraint and its caller fails,
     * so the gateway retries and is then answered as a duplicate.
     */
    @Transactional
    public Stored store(PaymentEvent event, String notificationId, String rawPayload) {
        Optional<Long> existing = idOf(event.gateway(), event.eventKey());
        if (existing.isPresent()) {
            return new Stored(existing.get(), false);
        }
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                                   merchant_reference, amount, currency, occurred_at, payer_id,
                                                   raw_payload, received_at, status)
                        values (:gateway, :eventKey, :notificationId, :type, :tradeId, :reference, :amount, :currency,
                                :occurredAt, :payerId, :raw, :receivedAt, 'RECEIVED')
                        """)
                .param("gateway", event.gateway())
                .param("eventKey", event.eventKey())
                .param("notificationId", notificationId)
                .param("type", event.type().name())
                .param("tradeId", event.gatewayTradeId())
                .param("reference", event.merchantReference())
                .param("amount", event.amount().amount())
                .param("currency", event.amount().currency().getCurrencyCode())
                .param("occurredAt", Timestamp.from(event.occurredAt()))
                .param("payerId", event.payerId())
                .param("raw", rawPayload)
                .param("receivedAt", Timestamp.from(Instant.now(clock)))
                .update(key, "id");
        return new Stored(key.getKey().longValue(), true);
    }

    public Optional<Long> idOf(String gateway, String eventKey) {
        return jdbc.sql("select id from payment_event where gateway = :gateway and event_key = :key")
                .param("gateway", gateway).param("key", eventKey).query(Long.class).optional();
    }

    /** Loads an event and locks its row, so two prompts for one event reconcile it once. */
    public Optional<StoredPaymentEvent> lock(long id) {
        return jdbc.sql("select * from payment_event where id = :id for update")
                .param("id", id)
                .query((rs, n) -> new StoredPaymentEvent(rs.getLong("id"), new PaymentEvent(
                        rs.getString("gateway"),
                        rs.getString("event_key"),
                        PaymentEventType.valueOf(rs.getString("event_type")),
                        rs.getString("gateway_trade_id"),
                        rs.getString("merchant_reference"),
                        Money.of(rs.getBigDecimal("amount"), Currency.getInstance(rs.getString("currency").trim())),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("payer_id")),
                        Status.valueOf(rs.getString("status"))))
                .optional();
    }

    public void markStatus(long id, Status status) {
        jdbc.sql("update payment_event set status = :status where id = :id")
                .param("status", status.name()).param("id", id).update();
    }

    /** Events still waiting for reconciliation after {@code olderThan}: their queue prompt may have been lost. */
    public List<Long> waitingLongerThan(Duration olderThan) {
        return jdbc.sql("select id from payment_event where status = 'RECEIVED' and received_at < :before order by id")
                .param("before", Timestamp.from(Instant.now(clock).minus(olderThan)))
                .query(Long.class).list();
    }
}
