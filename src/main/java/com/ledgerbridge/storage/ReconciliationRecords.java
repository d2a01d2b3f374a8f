package com.ledgerbridge.storage;

import com.ledgerbridge.domain.reconciliation.Allocation;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.util.ArrayList;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Reconciliation's decisions: allocations (with their evidence) and exceptions for a person. */
@Repository
public class ReconciliationRecords {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    public ReconciliationRecords(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /** A payment event waiting for reconciliation, claimed by this transaction. */
    public record ClaimedEvent(long id, PaymentEvent event) {
    }

    /**
     * Claims up to {@code limit} RECEIVED payment events, oldest first, locking their rows until the caller's
     * transaction ends; rows another transaction holds are skipped, so several instances reconcile side by side.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<ClaimedEvent> claimReceived(int limit) {
        return jdbc.sql("""
                        select id, gateway, event_key, event_type, gateway_trade_id, merchant_reference, amount, currency,
                               occurred_at, payer_id, movement_id, memo
                        from payment_event where status = 'RECEIVED'
                        order by id limit :limit for update skip locked
                        """)
                .param("limit", limit)
                .query((rs, n) -> new ClaimedEvent(rs.getLong("id"), new PaymentEvent(
                        rs.getString("gateway"),
                        rs.getString("event_key"),
                        PaymentEventType.valueOf(rs.getString("event_type")),
                        rs.getString("gateway_trade_id"),
                        rs.getString("merchant_reference"),
                        Money.of(rs.getBigDecimal("amount"), Currency.getInstance(rs.getString("currency").trim())),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("payer_id"),
                        rs.getString("movement_id"),
                        rs.getString("memo"))))
                .list();
    }

    /** An allocation to store: which event, which invoice row. */
    public record NewAllocation(long paymentEventId, long invoiceId, Allocation allocation) {
    }

    /** A payment that could not be applied, with why. */
    public record NewException(long paymentEventId, String reason, String detail) {
    }

    /**
     * Stores a batch's decisions and moves its events out of RECEIVED, with one JDBC batch per table: the events in
     * {@code reconciledIds} to RECONCILED, those with an exception to EXCEPTION.
     */
    public void record(List<NewAllocation> allocations, List<NewException> exceptions, List<Long> reconciledIds) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        batch.batchUpdate("""
                insert into allocation (payment_event_id, invoice_id, amount, currency, match_rule, evidence, created_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """, allocations.stream().map(a -> new Object[] {a.paymentEventId(), a.invoiceId(),
                        a.allocation().amount().amount(), a.allocation().amount().currency().getCurrencyCode(),
                        a.allocation().rule(), truncate(a.allocation().evidence()), now}).toList());
        batch.batchUpdate("""
                insert into reconciliation_exception (payment_event_id, reason, detail, status, created_at)
                values (?, ?, ?, 'OPEN', ?)
                """, exceptions.stream().map(e -> new Object[] {e.paymentEventId(), e.reason(),
                        truncate(e.detail()), now}).toList());
        List<Object[]> statuses = new ArrayList<>();
        reconciledIds.forEach(id -> statuses.add(new Object[] {"RECONCILED", id}));
        exceptions.forEach(e -> statuses.add(new Object[] {"EXCEPTION", e.paymentEventId()}));
        batch.batchUpdate("update payment_event set status = ? where id = ? and status = 'RECEIVED'", statuses);
    }

    /** A matching decision to keep with its payment event: outcome, rule, rules version and the decision's JSON. */
    public record NewDecision(long paymentEventId, String paymentKey, String outcome, String ruleId, String rulesVersion,
            String json) {
    }

    /** Stores a batch's matching decisions with one JDBC batch. */
    public void recordDecisions(List<NewDecision> decisions) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        batch.batchUpdate("""
                insert into match_decision (payment_event_id, payment_key, outcome, rule_id, rules_version, decision_json,
                                            created_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """, decisions.stream().map(d -> new Object[] {d.paymentEventId(), d.paymentKey(), d.outcome(),
                d.ruleId(), d.rulesVersion(), d.json(), now}).toList());
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
