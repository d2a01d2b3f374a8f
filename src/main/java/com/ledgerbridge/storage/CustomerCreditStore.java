package com.ledgerbridge.storage;

import com.ledgerbridge.domain.invoicing.Instalment;
import com.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customer credit: whose credit a payment holds, the credit-application work list ({@code credit_review}), and the
 * rows a credit application changes (allocation, the invoice's allocated total, the payment's unapplied amount).
 */
@Repository
public class CustomerCreditStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;
    private final InvoiceStore invoices;

    public CustomerCreditStore(JdbcClient jdbc, JdbcTemplate batch, Clock clock, InvoiceStore invoices) {
        this.invoices = invoices;
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /** A customer's account in one currency. */
    public record CustomerCurrency(String customerId, String currency) implements Comparable<CustomerCurrency> {
        @Override
        public int compareTo(CustomerCurrency o) {
            int c = customerId.compareTo(o.customerId);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    /** Records whose credit payments hold, where not known yet (payment key → customer id). */
    public void assignCustomers(Map<String, String> customerOfPayment) {
        List<Object[]> rows = new ArrayList<>();
        new TreeMap<>(customerOfPayment).forEach((key, customer) -> {
            int colon = key.indexOf(':');
            rows.add(new Object[] {customer, key.substring(0, colon), key.substring(colon + 1)});
        });
        batch.batchUpdate("""
                update payment set customer_id = ? where gateway = ? and gateway_trade_id = ? and customer_id is null
                """, rows);
    }

    /** Whose credit the payment holds, if known. */
    public java.util.Optional<String> customerOf(String gateway, String gatewayTradeId) {
        return jdbc.sql("select customer_id from payment where gateway = :g and gateway_trade_id = :t")
                .param("g", gateway).param("t", gatewayTradeId).query(String.class).optional();
    }

    /** Says whose credit the payment holds (a person decided it); null: nobody's. */
    public void setCustomer(String gateway, String gatewayTradeId, String customerId) {
        jdbc.sql("update payment set customer_id = :c where gateway = :g and gateway_trade_id = :t")
                .param("c", customerId).param("g", gateway).param("t", gatewayTradeId).update();
    }

    /** Asks the credit-application stage to look at these customers (once each, however often asked). */
    public void requestReviews(Collection<CustomerCurrency> accounts) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<Object[]> rows = accounts.stream().distinct().sorted()
                .map(a -> new Object[] {a.customerId(), a.currency(), now}).toList();
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    insert into credit_review (customer_id, currency, requested_at) values (?, ?, ?)
                    on conflict do nothing
                    """, rows);
        }
    }

    /**
     * Of these customers, those whose payments hold credit, per currency (whether an exception holds it back is
     * {@link #lockFreeCredit}'s to say, under lock).
     */
    public List<CustomerCurrency> holdingCredit(Collection<String> customerIds) {
        List<String> customers = customerIds.stream().distinct().toList();
        if (customers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select distinct customer_id, currency from payment
                        where customer_id in (:customers) and unapplied_amount > 0
                        """)
                .param("customers", customers)
                .query((rs, n) -> new CustomerCurrency(rs.getString(1), rs.getString(2).trim()))
                .list();
    }

    /** Takes up to {@code limit} waiting reviews off the work list (rows other instances hold are skipped). */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<CustomerCurrency> claimReviews(int limit) {
        List<CustomerCurrency> claimed = jdbc.sql("""
                        select customer_id, currency from credit_review
                        order by requested_at, customer_id, currency limit :limit for update skip locked
                        """)
                .param("limit", limit)
                .query((rs, n) -> new CustomerCurrency(rs.getString(1), rs.getString(2).trim()))
                .list();
        batch.batchUpdate("delete from credit_review where customer_id = ? and currency = ?",
                claimed.stream().map(c -> new Object[] {c.customerId(), c.currency()}).toList());
        return claimed;
    }

    /** A payment's credit that may be applied by itself, with the event its allocations hang on. */
    public record FreeCredit(long paymentId, String gateway, String gatewayTradeId, long paymentEventId, Money unapplied) {
        public String paymentKey() {
            return gateway + ":" + gatewayTradeId;
        }
    }

    /**
     * Locks (until the transaction ends) the customer's payments holding credit in this currency that nothing holds
     * back — no open exception waits on them for a person (a suggestion, an unknown reference) and no refund
     * instruction is pending — oldest payment first.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<FreeCredit> lockFreeCredit(CustomerCurrency account) {
        Currency currency = Currency.getInstance(account.currency());
        List<FreeCredit> held = jdbc.sql("""
                        select p.id, p.gateway, p.gateway_trade_id, p.unapplied_amount,
                               (select min(e.id) from payment_event e
                                where e.gateway = p.gateway and e.gateway_trade_id = p.gateway_trade_id) as event_id
                        from payment p
                        where p.customer_id = :customer and p.currency = :currency and p.unapplied_amount > 0
                          and not exists (select 1 from reconciliation_exception x
                                          join payment_event e on e.id = x.payment_event_id
                                          where e.gateway = p.gateway and e.gateway_trade_id = p.gateway_trade_id
                                            and x.status in ('OPEN', 'PENDING_REFUND'))
                        order by p.gateway, p.gateway_trade_id
                        for update
                        """)
                .param("customer", account.customerId()).param("currency", account.currency())
                .query((rs, n) -> new FreeCredit(rs.getLong("id"), rs.getString("gateway"),
                        rs.getString("gateway_trade_id"), rs.getLong("event_id"),
                        Money.of(rs.getBigDecimal("unapplied_amount"), currency)))
                .list();
        // locked in key order (as reconciliation locks payments); applied oldest first
        return held.stream().sorted(java.util.Comparator.comparingLong(FreeCredit::paymentId)).toList();
    }

    /** An open invoice credit may go to; {@code dueDate}: when its next open part falls due. */
    public record OpenInvoiceRow(long id, String invoiceNumber, Money open, LocalDate dueDate, Money allocated) {
    }

    /**
     * Locks the customer's open invoices in this currency (in id order) and returns them due first first, an invoice
     * in instalments by its earliest instalment with something open.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<OpenInvoiceRow> lockOpenInvoices(CustomerCurrency account) {
        Currency currency = Currency.getInstance(account.currency());
        List<OpenInvoiceRow> open = jdbc.sql("""
                        select id, invoice_number, gross_total - allocated_total as open_amount, allocated_total, due_date
                        from invoice
                        where customer_id = :customer and currency = :currency and gross_total > allocated_total
                        order by id for update
                        """)
                .param("customer", account.customerId()).param("currency", account.currency())
                .query((rs, n) -> new OpenInvoiceRow(rs.getLong("id"), rs.getString("invoice_number"),
                        Money.of(rs.getBigDecimal("open_amount"), currency), rs.getObject("due_date", LocalDate.class),
                        Money.of(rs.getBigDecimal("allocated_total"), currency)))
                .list();
        Map<Long, List<Instalment>> schedules = invoices.instalmentsOf(open.stream().map(OpenInvoiceRow::id).toList());
        return open.stream().map(invoice -> {
            List<Instalment> schedule = schedules.get(invoice.id());
            if (schedule == null) {
                return invoice;
            }
            List<Money> openOnEach = Instalment.openAmounts(schedule, invoice.allocated());
            for (int i = 0; i < schedule.size(); i++) {
                if (openOnEach.get(i).isPositive()) {
                    return new OpenInvoiceRow(invoice.id(), invoice.invoiceNumber(), invoice.open(),
                            schedule.get(i).dueDate(), invoice.allocated());
                }
            }
            return invoice;
        }).sorted(java.util.Comparator.comparing(OpenInvoiceRow::dueDate).thenComparingLong(OpenInvoiceRow::id)).toList();
    }

    /**
     * Applies {@code amount} of a payment (its allocations hang on {@code paymentEventId}) to an invoice: a new
     * allocation row, or more on the one it already has for that invoice. Returns what the payment has applied to
     * the invoice in all afterwards (it only grows: reversals are rows of their own).
     */
    public Money allocate(long paymentEventId, long invoiceId, Money amount, String rule, String evidence) {
        int updated = jdbc.sql("""
                        update allocation set amount = amount + :amount
                        where payment_event_id = :event and invoice_id = :invoice
                        """)
                .param("amount", amount.amount()).param("event", paymentEventId).param("invoice", invoiceId).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into allocation (payment_event_id, invoice_id, amount, currency, match_rule, evidence,
                                                    created_at)
                            values (:event, :invoice, :amount, :currency, :rule, :evidence, :now)
                            """)
                    .param("event", paymentEventId).param("invoice", invoiceId).param("amount", amount.amount())
                    .param("currency", amount.currency().getCurrencyCode()).param("rule", rule)
                    .param("evidence", evidence.length() > 1000 ? evidence.substring(0, 1000) : evidence)
                    .param("now", Timestamp.from(Instant.now(clock))).update();
        }
        BigDecimal total = jdbc.sql("select amount from allocation where payment_event_id = :event and invoice_id = :invoice")
                .param("event", paymentEventId).param("invoice", invoiceId).query(BigDecimal.class).single();
        return Money.of(total, amount.currency());
    }

    /** Moves {@code amount} from the payment's credit onto the invoice's allocated total. */
    public void transfer(long paymentId, long invoiceId, Money amount) {
        jdbc.sql("update invoice set allocated_total = allocated_total + :amount where id = :id")
                .param("amount", amount.amount()).param("id", invoiceId).update();
        jdbc.sql("update payment set unapplied_amount = unapplied_amount - :amount, updated_at = :now where id = :id")
                .param("amount", amount.amount()).param("now", Timestamp.from(Instant.now(clock)))
                .param("id", paymentId).update();
    }

    /**
     * Raises an exception for a person on the payment's event: its credit could settle open invoices (the
     * credit-application mode is SUGGEST). Nothing happens when the event already has one.
     */
    public boolean suggest(long paymentEventId, String reason, String detail) {
        return jdbc.sql("""
                        insert into reconciliation_exception (payment_event_id, reason, detail, status, created_at)
                        values (:event, :reason, :detail, 'OPEN', :now)
                        on conflict do nothing
                        """)
                .param("event", paymentEventId).param("reason", reason)
                .param("detail", detail.length() > 1000 ? detail.substring(0, 1000) : detail)
                .param("now", Timestamp.from(Instant.now(clock))).update() > 0;
    }
}
