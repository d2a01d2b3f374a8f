package com.ledgerbridge.storage;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.DisputeStage;
import com.ledgerbridge.domain.payment.PaymentFacts;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The payment rows: what is known and booked of each payment (domain/payment/PaymentFacts). */
@Repository
public class PaymentStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    public PaymentStore(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /** A payment to find or create: gateway, trade id, and the currency a new row gets. */
    public record PaymentRef(String gateway, String gatewayTradeId, Currency currency) {
        String key() {
            return gateway + ":" + gatewayTradeId;
        }
    }

    /**
     * Finds the payments, creating the missing ones, and locks their rows until the transaction ends: every event of
     * one payment is applied by one transaction at a time, on any instance. Rows are created and locked in key order,
     * so two batches sharing payments wait for each other and never deadlock.
     *
     * @return facts by payment key ({@code gateway:tradeId})
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, PaymentFacts> lockOrCreate(Collection<PaymentRef> refs) {
        TreeMap<String, PaymentRef> byKey = new TreeMap<>();
        refs.forEach(r -> byKey.putIfAbsent(r.key(), r));
        if (byKey.isEmpty()) {
            return Map.of();
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        batch.batchUpdate("""
                insert into payment (gateway, gateway_trade_id, currency, status, paid_amount, refund_total_seen,
                                     refund_increments, dispute_amount, dispute_stage, closed, booked_paid, booked_refunded,
                                     booked_dispute_stage, unapplied_amount, updated_at)
                values (?, ?, ?, 'PENDING', 0, 0, 0, 0, 'NONE', false, 0, 0, 'NONE', 0, ?)
                on conflict do nothing
                """, byKey.values().stream().map(r -> new Object[] {r.gateway(), r.gatewayTradeId(),
                r.currency().getCurrencyCode(), now}).toList());
        Map<String, List<String>> idsByGateway = new TreeMap<>();
        byKey.values().forEach(r -> idsByGateway.computeIfAbsent(r.gateway(), g -> new ArrayList<>()).add(r.gatewayTradeId()));
        Map<String, PaymentFacts> locked = new HashMap<>();
        idsByGateway.forEach((gateway, ids) -> jdbc.sql("""
                        select * from payment where gateway = :gateway and gateway_trade_id in (:ids)
                        order by gateway_trade_id for update
                        """)
                .param("gateway", gateway).param("ids", ids)
                .query((rs, n) -> facts(rs)).list()
                .forEach(f -> locked.put(f.paymentKey(), f)));
        return locked;
    }

    /** Writes the payments' facts and derived status back, with one JDBC batch. */
    public void updateAll(Collection<PaymentFacts> payments) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<PaymentFacts> ordered = payments.stream().sorted(Comparator.comparing(PaymentFacts::paymentKey)).toList();
        batch.batchUpdate("""
                update payment set merchant_reference = ?, status = ?, paid_amount = ?, paid_at = ?, refund_total_seen = ?,
                       refund_increments = ?, dispute_id = ?, dispute_amount = ?, dispute_stage = ?, closed = ?,
                       booked_paid = ?, booked_refunded = ?, booked_dispute_stage = ?, unapplied_amount = ?, updated_at = ?
                where gateway = ? and gateway_trade_id = ?
                """, ordered.stream().map(f -> new Object[] {f.merchantReference(), f.status().name(), f.paid().amount(),
                f.paidAt() == null ? null : Timestamp.from(f.paidAt()), f.refundTotalSeen().amount(),
                f.refundIncrements().amount(), f.disputeId(), f.disputeAmount().amount(), f.disputeStage().name(),
                f.closed(), f.bookedPaid().amount(), f.bookedRefunded().amount(), f.bookedDisputeStage().name(),
                f.unapplied().amount(), now, f.gateway(), f.gatewayTradeId()}).toList());
    }

    /** One payment's facts, for reports and tests. */
    public Optional<PaymentFacts> find(String gateway, String gatewayTradeId) {
        return jdbc.sql("select * from payment where gateway = :gateway and gateway_trade_id = :id")
                .param("gateway", gateway).param("id", gatewayTradeId)
                .query((rs, n) -> facts(rs)).optional();
    }

    /** What one payment has applied to each invoice (allocations net of refund reversals), by invoice number. */
    public record Applied(long invoiceId, String invoiceNumber, Money amount) {
    }

    /**
     * The net amounts each of these payments has applied to invoices (allocations less refund reversals), oldest
     * allocation first, by payment key. Used when a refund takes money back from the invoices it had settled.
     */
    public Map<String, List<Applied>> appliedToInvoices(Collection<String> paymentKeys) {
        Map<String, List<Applied>> applied = new HashMap<>();
        Map<String, List<String>> idsByGateway = new TreeMap<>();
        for (String key : paymentKeys) {
            int colon = key.indexOf(':');
            idsByGateway.computeIfAbsent(key.substring(0, colon), g -> new ArrayList<>()).add(key.substring(colon + 1));
        }
        Map<String, BigDecimal> reversed = new HashMap<>();
        idsByGateway.forEach((gateway, ids) -> {
            jdbc.sql("""
                            select gateway_trade_id, invoice_id, sum(amount) as amount from allocation_reversal
                            where gateway = :gateway and gateway_trade_id in (:ids) group by gateway_trade_id, invoice_id
                            """)
                    .param("gateway", gateway).param("ids", ids)
                    .query(rs -> {
                        reversed.put(gateway + ":" + rs.getString("gateway_trade_id") + "#" + rs.getLong("invoice_id"),
                                rs.getBigDecimal("amount"));
                    });
            jdbc.sql("""
                            select p.gateway_trade_id, a.invoice_id, i.invoice_number, a.currency, sum(a.amount) as amount
                            from allocation a
                            join payment_event p on p.id = a.payment_event_id
                            join invoice i on i.id = a.invoice_id
                            where p.gateway = :gateway and p.gateway_trade_id in (:ids)
                            group by p.gateway_trade_id, a.invoice_id, i.invoice_number, a.currency
                            order by min(a.id)
                            """)
                    .param("gateway", gateway).param("ids", ids)
                    .query(rs -> {
                        String paymentKey = gateway + ":" + rs.getString("gateway_trade_id");
                        BigDecimal net = rs.getBigDecimal("amount")
                                .subtract(reversed.getOrDefault(paymentKey + "#" + rs.getLong("invoice_id"), BigDecimal.ZERO));
                        if (net.signum() > 0) {
                            Currency currency = Currency.getInstance(rs.getString("currency").trim());
                            applied.computeIfAbsent(paymentKey, k -> new ArrayList<>()).add(new Applied(
                                    rs.getLong("invoice_id"), rs.getString("invoice_number"),
                                    Money.of(net.stripTrailingZeros(), currency)));
                        }
                    });
        });
        return applied;
    }

    /**
     * Which customer each payer is, learned from the payer's earlier payments that were applied to invoices: a payer
     * whose payments went to one customer's invoices is that customer; one seen paying for several is left out
     * (guessing between them would not be evidence).
     */
    public Map<String, String> customersOfPayers(Collection<String> payerIds) {
        List<String> payers = payerIds.stream().filter(p -> p != null && !p.isBlank()).distinct().toList();
        Map<String, String> customers = new HashMap<>();
        if (payers.isEmpty()) {
            return customers;
        }
        java.util.Set<String> ambiguous = new java.util.HashSet<>();
        jdbc.sql("""
                        select distinct p.payer_id, i.customer_id from payment_event p
                        join allocation a on a.payment_event_id = p.id
                        join invoice i on i.id = a.invoice_id
                        where p.payer_id in (:payers)
                        """)
                .param("payers", payers)
                .query(rs -> {
                    String payer = rs.getString(1);
                    if (customers.putIfAbsent(payer, rs.getString(2)) != null) {
                        ambiguous.add(payer);
                    }
                });
        ambiguous.forEach(customers::remove);
        return customers;
    }

    /** One refund step's share of one invoice it takes money back from. */
    public record Reversal(String refundKey, String gateway, String gatewayTradeId, long invoiceId, Money amount) {
    }

    /** Stores refund reversals with one JDBC batch. */
    public void insertReversals(List<Reversal> reversals) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        batch.batchUpdate("""
                insert into allocation_reversal (refund_key, gateway, gateway_trade_id, invoice_id, amount, currency, created_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """, reversals.stream().map(r -> new Object[] {r.refundKey(), r.gateway(), r.gatewayTradeId(),
                r.invoiceId(), r.amount().amount(), r.amount().currency().getCurrencyCode(), now}).toList());
    }

    /** The inbox events of one payment, in arrival order, as rows for the operations view. */
    public List<Map<String, Object>> events(String gateway, String gatewayTradeId) {
        return jdbc.sql("""
                        select event_key, event_type, amount, currency, occurred_at, received_at, origin, notification_id,
                               movement_id, status
                        from payment_event where gateway = :gateway and gateway_trade_id = :id order by id
                        """)
                .param("gateway", gateway).param("id", gatewayTradeId)
                .query((rs, n) -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("eventKey", rs.getString("event_key"));
                    row.put("type", rs.getString("event_type"));
                    row.put("amount", rs.getBigDecimal("amount").stripTrailingZeros().toPlainString());
                    row.put("currency", rs.getString("currency").trim());
                    row.put("occurredAt", rs.getTimestamp("occurred_at").toInstant().toString());
                    row.put("receivedAt", rs.getTimestamp("received_at").toInstant().toString());
                    row.put("origin", rs.getString("origin"));
                    row.put("notificationId", rs.getString("notification_id"));
                    row.put("movementId", rs.getString("movement_id"));
                    row.put("status", rs.getString("status"));
                    return row;
                }).list();
    }

    /** The journal entries one payment produced, oldest first. */
    public List<Map<String, Object>> entries(String paymentKey) {
        return jdbc.sql("""
                        select idempotency_key, entry_date, source_type, posting_status, target_reference
                        from journal_entry where source_reference = :key or source_reference like :prefix order by id
                        """)
                .param("key", paymentKey).param("prefix", paymentKey + "->%")
                .query((rs, n) -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("idempotencyKey", rs.getString("idempotency_key"));
                    row.put("entryDate", rs.getObject("entry_date").toString());
                    row.put("type", rs.getString("source_type"));
                    row.put("postingStatus", rs.getString("posting_status"));
                    row.put("targetReference", rs.getString("target_reference"));
                    return row;
                }).list();
    }

    private static PaymentFacts facts(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency").trim());
        Timestamp paidAt = rs.getTimestamp("paid_at");
        return new PaymentFacts(rs.getString("gateway"), rs.getString("gateway_trade_id"),
                rs.getString("merchant_reference"), currency,
                money(rs, "paid_amount", currency), paidAt == null ? null : paidAt.toInstant(),
                money(rs, "refund_total_seen", currency), money(rs, "refund_increments", currency),
                rs.getString("dispute_id"), money(rs, "dispute_amount", currency),
                DisputeStage.valueOf(rs.getString("dispute_stage")), rs.getBoolean("closed"),
                money(rs, "booked_paid", currency), money(rs, "booked_refunded", currency),
                DisputeStage.valueOf(rs.getString("booked_dispute_stage")), money(rs, "unapplied_amount", currency));
    }

    private static Money money(ResultSet rs, String column, Currency currency) throws SQLException {
        return Money.of(rs.getBigDecimal(column).stripTrailingZeros(), currency);
    }
}
