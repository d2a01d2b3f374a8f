package com.ledgerbridge.storage;

import com.ledgerbridge.domain.reconciliation.Allocation;
import com.ledgerbridge.domain.reconciliation.ExceptionReason;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import com.ledgerbridge.domain.money.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reconciliation's decisions: allocations (with their evidence) and exceptions for a person. */
@Repository
public class ReconciliationRecords {

    private final JdbcClient jdbc;
    private final Clock clock;

    public ReconciliationRecords(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void insertAllocation(long paymentEventId, long invoiceId, Allocation allocation) {
        jdbc.sql("""
                        insert into allocation (payment_event_id, invoice_id, amount, currency, match_rule, evidence, created_at)
                        values (:paymentEventId, :invoiceId, :amount, :currency, :rule, :evidence, :createdAt)
                        """)
                .param("paymentEventId", paymentEventId)
                .param("invoiceId", invoiceId)
                .param("amount", allocation.amount().amount())
                .param("currency", allocation.amount().currency().getCurrencyCode())
                .param("rule", allocation.rule().name())
                .param("evidence", truncate(allocation.evidence()))
                .param("createdAt", Timestamp.from(Instant.now(clock)))
                .update();
    }

    public void insertException(long paymentEventId, ExceptionReason reason, String detail) {
        jdbc.sql("""
                        insert into reconciliation_exception (payment_event_id, reason, detail, status, created_at)
                        values (:paymentEventId, :reason, :detail, 'OPEN', :createdAt)
                        """)
                .param("paymentEventId", paymentEventId)
                .param("reason", reason.name())
                .param("detail", truncate(detail))
                .param("createdAt", Timestamp.from(Instant.now(clock)))
                .update();
    }

    /** An exception waiting for a person, with what they need to resolve it. */
    public record OpenException(long id, String reason, String detail, String gateway, String gatewayTradeId,
            String merchantReference, String amount, String currency, String occurredAt, String createdAt) {
    }

    /** Open exceptions, oldest first. */
    public List<OpenException> openExceptions() {
        return jdbc.sql("""
                        select e.id, e.reason, e.detail, e.created_at, p.gateway, p.gateway_trade_id, p.merchant_reference,
                               p.amount, p.currency, p.occurred_at
                        from reconciliation_exception e join payment_event p on p.id = e.payment_event_id
                        where e.status = 'OPEN' order by e.id
                        """)
                .query((rs, n) -> new OpenException(rs.getLong("id"), rs.getString("reason"), rs.getString("detail"),
                        rs.getString("gateway"), rs.getString("gateway_trade_id"), rs.getString("merchant_reference"),
                        Money.of(rs.getBigDecimal("amount"), Currency.getInstance(rs.getString("currency").trim()))
                                .amount().toPlainString(),
                        rs.getString("currency").trim(),
                        rs.getTimestamp("occurred_at").toInstant().toString(),
                        rs.getTimestamp("created_at").toInstant().toString()))
                .list();
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }
}
