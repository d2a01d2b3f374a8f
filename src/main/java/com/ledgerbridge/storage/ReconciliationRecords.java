package com.ledgerbridge.storage;

import com.ledgerbridge.domain.reconciliation.Allocation;
import com.ledgerbridge.domain.reconciliation.ExceptionReason;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
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

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }
}
