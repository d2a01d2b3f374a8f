package com.ledgerbridge.storage;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.workbench.ActionKind;
import com.ledgerbridge.domain.workbench.SuggestionScore;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The exception workbench's rows: exceptions with their payment, open invoices, actions and approvals (V11). */
@Repository
public class WorkbenchStore {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CustomerCreditStore credit;

    public WorkbenchStore(JdbcClient jdbc, Clock clock, CustomerCreditStore credit) {
        this.credit = credit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An exception with its payment event and the payment's held credit (zero when no payment row exists). */
    public record ExceptionRow(long id, String reason, String detail, String status, Instant createdAt,
            long paymentEventId, String gateway, String gatewayTradeId, String merchantReference, String payerId,
            Money amount, Money unapplied) {

        public String paymentKey() {
            return gateway + ":" + gatewayTradeId;
        }
    }

    /** Filters of the exception list; null means "any". */
    public record Filter(String status, String reason, String gateway, String customer, BigDecimal minAmount,
            BigDecimal maxAmount, Instant createdBefore, int limit) {
    }

    private static final String EXCEPTION_SELECT = """
            select e.id, e.reason, e.detail, e.status, e.created_at, e.payment_event_id, p.gateway, p.gateway_trade_id,
                   p.merchant_reference, p.payer_id, p.amount, p.currency, coalesce(pay.unapplied_amount, 0) as unapplied
            from reconciliation_exception e
            join payment_event p on p.id = e.payment_event_id
            left join payment pay on pay.gateway = p.gateway and pay.gateway_trade_id = p.gateway_trade_id
            """;

    public List<ExceptionRow> exceptions(Filter f) {
        StringBuilder sql = new StringBuilder(EXCEPTION_SELECT).append(" where 1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (f.status() != null) {
            sql.append(" and e.status = :status");
            params.put("status", f.status());
        }
        if (f.reason() != null) {
            sql.append(" and e.reason = :reason");
            params.put("reason", f.reason());
        }
        if (f.gateway() != null) {
            sql.append(" and p.gateway = :gateway");
            params.put("gateway", f.gateway());
        }
        if (f.customer() != null) {
            sql.append(" and (p.payer_id = :customer or p.merchant_reference = :customer or p.gateway_trade_id = :customer)");
            params.put("customer", f.customer());
        }
        if (f.minAmount() != null) {
            sql.append(" and p.amount >= :minAmount");
            params.put("minAmount", f.minAmount());
        }
        if (f.maxAmount() != null) {
            sql.append(" and p.amount <= :maxAmount");
            params.put("maxAmount", f.maxAmount());
        }
        if (f.createdBefore() != null) {
            sql.append(" and e.created_at <= :createdBefore");
            params.put("createdBefore", OffsetDateTime.ofInstant(f.createdBefore(), ZoneOffset.UTC));
        }
        sql.append(" order by e.id limit :limit");
        params.put("limit", f.limit());
        return jdbc.sql(sql.toString()).params(params).query(WorkbenchStore::exceptionRow).list();
    }

    /** The exception, its row locked until the transaction ends (every action on it is serialised by this lock). */
    public Optional<ExceptionRow> lockException(long id) {
        jdbc.sql("select id from reconciliation_exception where id = :id for update").param("id", id)
                .query(Long.class).optional();
        return jdbc.sql(EXCEPTION_SELECT + " where e.id = :id").param("id", id).query(WorkbenchStore::exceptionRow)
                .optional();
    }

    public void setExceptionStatus(long id, String status) {
        jdbc.sql("update reconciliation_exception set status = :status where id = :id")
                .param("status", status).param("id", id).update();
    }

    private static ExceptionRow exceptionRow(ResultSet rs, int n) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency").trim());
        return new ExceptionRow(rs.getLong("id"), rs.getString("reason"), rs.getString("detail"), rs.getString("status"),
                rs.getTimestamp("created_at").toInstant(), rs.getLong("payment_event_id"), rs.getString("gateway"),
                rs.getString("gateway_trade_id"), rs.getString("merchant_reference"), rs.getString("payer_id"),
                Money.of(rs.getBigDecimal("amount"), currency), Money.of(rs.getBigDecimal("unapplied"), currency));
    }

    /** The payment's held credit, its row locked; empty when there is no payment row. */
    public Optional<Money> lockUnapplied(String gateway, String tradeId) {
        return jdbc.sql("""
                        select unapplied_amount, currency from payment
                        where gateway = :gateway and gateway_trade_id = :trade for update
                        """)
                .param("gateway", gateway).param("trade", tradeId)
                .query((rs, n) -> Money.of(rs.getBigDecimal("unapplied_amount"),
                        Currency.getInstance(rs.getString("currency").trim())))
                .optional();
    }

    public void addUnapplied(String gateway, String tradeId, Money delta) {
        jdbc.sql("""
                        update payment set unapplied_amount = unapplied_amount + :delta, updated_at = :now
                        where gateway = :gateway and gateway_trade_id = :trade
                        """)
                .param("delta", delta.amount()).param("now", now())
                .param("gateway", gateway).param("trade", tradeId).update();
    }

    /** An invoice with what is still open on it. */
    public record InvoiceRow(long id, String invoiceNumber, String crmOrderId, String customerId, Money gross,
            Money allocated) {

        public Money outstanding() {
            return gross.minus(allocated);
        }
    }

    /** The invoices with these numbers, locked in id order (so two actions never deadlock on them). */
    public List<InvoiceRow> lockInvoices(List<String> invoiceNumbers) {
        return jdbc.sql("""
                        select id, invoice_number, crm_order_id, customer_id, currency, gross_total, allocated_total
                        from invoice where invoice_number in (:numbers) order by id for update
                        """)
                .param("numbers", invoiceNumbers).query(WorkbenchStore::invoiceRow).list();
    }

    public void addAllocated(long invoiceId, Money delta) {
        jdbc.sql("update invoice set allocated_total = allocated_total + :delta where id = :id")
                .param("delta", delta.amount()).param("id", invoiceId).update();
    }

    /** Open invoices in this currency that could be what a payment was for: same customer, reference, or near amount. */
    public List<SuggestionScore.OpenInvoice> candidates(String currency, String payerId, String reference,
            BigDecimal amount, int limit) {
        return jdbc.sql("""
                        select id, invoice_number, crm_order_id, customer_id, currency, gross_total, allocated_total
                        from invoice
                        where currency = :currency and gross_total > allocated_total
                          and (customer_id = :payer or invoice_number = :ref or crm_order_id = :ref
                               or (gross_total - allocated_total) between :low and :high)
                        order by id limit :limit
                        """)
                .param("currency", currency).param("payer", payerId == null ? "" : payerId)
                .param("ref", reference == null ? "" : reference)
                .param("low", amount.multiply(new BigDecimal("0.95"))).param("high", amount.multiply(new BigDecimal("1.05")))
                .param("limit", limit)
                .query(WorkbenchStore::invoiceRow).list().stream()
                .map(i -> new SuggestionScore.OpenInvoice(i.id(), i.invoiceNumber(), i.crmOrderId(), i.customerId(),
                        i.outstanding().amount()))
                .toList();
    }

    private static InvoiceRow invoiceRow(ResultSet rs, int n) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency").trim());
        return new InvoiceRow(rs.getLong("id"), rs.getString("invoice_number"), rs.getString("crm_order_id"),
                rs.getString("customer_id"), Money.of(rs.getBigDecimal("gross_total"), currency),
                Money.of(rs.getBigDecimal("allocated_total"), currency));
    }

    /**
     * Applies {@code amount} of the exception's payment event to an invoice: a new allocation row, or more on the one
     * the event already has for that invoice (an earlier one undone by a reversal keeps its history in
     * allocation_reversal).
     */
    public void allocate(long paymentEventId, long invoiceId, Money amount, String evidence) {
        credit.allocate(paymentEventId, invoiceId, amount, "WORKBENCH", evidence);
    }

    /** What a payment's allocations to an invoice come to now: what was allocated less what refunds and undos took back. */
    public Money liveAllocation(String gateway, String tradeId, long invoiceId, Currency currency) {
        BigDecimal live = jdbc.sql("""
                        select coalesce((select sum(a.amount) from allocation a
                                         join payment_event p on p.id = a.payment_event_id
                                         where a.invoice_id = :invoice and p.gateway = :gateway
                                           and p.gateway_trade_id = :trade), 0)
                             - coalesce((select sum(r.amount) from allocation_reversal r
                                         where r.gateway = :gateway and r.gateway_trade_id = :trade
                                           and r.invoice_id = :invoice), 0)
                        """)
                .param("invoice", invoiceId).param("gateway", gateway).param("trade", tradeId)
                .query(BigDecimal.class).single();
        return Money.of(live, currency);
    }

    /** Takes an allocation back (an undone match), keyed by the undo: allocation_reversal rows are never deleted. */
    public void reverseAllocation(String reversalKey, String gateway, String tradeId, long invoiceId, Money amount) {
        jdbc.sql("""
                        insert into allocation_reversal (refund_key, gateway, gateway_trade_id, invoice_id, amount,
                                                         currency, created_at)
                        values (:key, :gateway, :trade, :invoice, :amount, :currency, :now)
                        """)
                .param("key", reversalKey).param("gateway", gateway).param("trade", tradeId).param("invoice", invoiceId)
                .param("amount", amount.amount()).param("currency", amount.currency().getCurrencyCode())
                .param("now", now()).update();
    }

    /** A stored workbench action. */
    public record ActionRow(long id, String requestId, long exceptionId, ActionKind kind, String status, Money amount,
            String detail, String maker, int levelsRequired, int levelsApproved, Long undoesActionId, Instant createdAt,
            Instant effectiveAt) {
    }

    public record NewAction(String requestId, long exceptionId, ActionKind kind, String status, Money amount,
            String detail, String maker, int levelsRequired, Long undoesActionId) {
    }

    public long insertAction(NewAction a) {
        jdbc.sql("""
                        insert into workbench_action (request_id, exception_id, kind, status, amount, currency, detail,
                                                      maker, levels_required, levels_approved, undoes_action_id, created_at)
                        values (:request, :exception, :kind, :status, :amount, :currency, :detail, :maker, :levels, 0,
                                :undoes, :now)
                        """)
                .param("request", a.requestId()).param("exception", a.exceptionId()).param("kind", a.kind().name())
                .param("status", a.status()).param("amount", a.amount().amount())
                .param("currency", a.amount().currency().getCurrencyCode()).param("detail", a.detail())
                .param("maker", a.maker()).param("levels", a.levelsRequired()).param("undoes", a.undoesActionId())
                .param("now", now()).update();
        return findActionByRequest(a.requestId()).orElseThrow().id();
    }

    private static final String ACTION_SELECT = """
            select id, request_id, exception_id, kind, status, amount, currency, detail, maker, levels_required,
                   levels_approved, undoes_action_id, created_at, effective_at from workbench_action
            """;

    public Optional<ActionRow> findActionByRequest(String requestId) {
        return jdbc.sql(ACTION_SELECT + " where request_id = :request").param("request", requestId)
                .query(WorkbenchStore::actionRow).optional();
    }

    public Optional<ActionRow> findAction(long id) {
        return jdbc.sql(ACTION_SELECT + " where id = :id").param("id", id).query(WorkbenchStore::actionRow).optional();
    }

    public Optional<ActionRow> lockAction(long id) {
        return jdbc.sql(ACTION_SELECT + " where id = :id for update").param("id", id)
                .query(WorkbenchStore::actionRow).optional();
    }

    public List<ActionRow> actionsOf(long exceptionId) {
        return jdbc.sql(ACTION_SELECT + " where exception_id = :id order by id").param("id", exceptionId)
                .query(WorkbenchStore::actionRow).list();
    }

    /** A refund a person instructed in the workbench that the gateway has not reported yet. */
    public record PendingRefund(long actionId, long exceptionId, Money amount) {
    }

    /** The refund instructions waiting on a payment, oldest first. */
    public List<PendingRefund> pendingRefunds(String gateway, String gatewayTradeId) {
        return jdbc.sql("""
                        select a.id, a.exception_id, a.amount, a.currency from workbench_action a
                        join reconciliation_exception x on x.id = a.exception_id
                        join payment_event e on e.id = x.payment_event_id
                        where e.gateway = :gateway and e.gateway_trade_id = :trade
                          and a.kind = 'REFUND' and a.status = 'PENDING_REFUND'
                        order by a.id
                        """)
                .param("gateway", gateway).param("trade", gatewayTradeId)
                .query((rs, n) -> new PendingRefund(rs.getLong(1), rs.getLong(2),
                        Money.of(rs.getBigDecimal(3), Currency.getInstance(rs.getString(4).trim()))))
                .list();
    }

    public void setActionStatus(long id, String status, boolean effectiveNow) {
        jdbc.sql("update workbench_action set status = :status, effective_at = coalesce(:at, effective_at) where id = :id")
                .param("status", status).param("at", effectiveNow ? now() : null).param("id", id).update();
    }

    public void recordApproval(long actionId, int level, String approver) {
        jdbc.sql("insert into workbench_approval (action_id, level, approver, approved_at) values (:id, :level, :who, :now)")
                .param("id", actionId).param("level", level).param("who", approver).param("now", now()).update();
        jdbc.sql("update workbench_action set levels_approved = :level where id = :id")
                .param("level", level).param("id", actionId).update();
    }

    /** Who approved which level of an action, level order. */
    public List<Map<String, Object>> approvals(long actionId) {
        return jdbc.sql("select level, approver, approved_at from workbench_approval where action_id = :id order by level")
                .param("id", actionId)
                .query((rs, n) -> Map.<String, Object>of("level", rs.getInt("level"), "approver", rs.getString("approver"),
                        "approvedAt", rs.getTimestamp("approved_at").toInstant().toString()))
                .list();
    }

    private static ActionRow actionRow(ResultSet rs, int n) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency").trim());
        long undoes = rs.getLong("undoes_action_id");
        Long undoesId = rs.wasNull() ? null : undoes;
        java.sql.Timestamp effective = rs.getTimestamp("effective_at");
        return new ActionRow(rs.getLong("id"), rs.getString("request_id"), rs.getLong("exception_id"),
                ActionKind.valueOf(rs.getString("kind")), rs.getString("status"),
                Money.of(rs.getBigDecimal("amount"), currency), rs.getString("detail"), rs.getString("maker"),
                rs.getInt("levels_required"), rs.getInt("levels_approved"), undoesId,
                rs.getTimestamp("created_at").toInstant(), effective == null ? null : effective.toInstant());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC);
    }

    static List<String> copy(List<String> list) {
        return new ArrayList<>(list);
    }
}
