package com.ledgerbridge.storage;

import com.ledgerbridge.domain.invoicing.Instalment;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.receivables.OpenItem;
import com.ledgerbridge.domain.receivables.StatementMovement;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What receivables reports read: open invoices (one query, open ones only: on PostgreSQL a partial index keeps
 * paid history out of it) and a customer's movements for a statement (a handful of set queries per statement,
 * never one per invoice).
 */
@Repository
public class ReceivablesRecords {

    private final JdbcClient jdbc;

    public ReceivablesRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What customers still owe, issued on or before {@code asOf}: each open invoice as one open item, or, under split
     * terms, each of its instalments with something open (by its own due date); one customer's or all
     * ({@code customerId} null). One query.
     */
    public List<OpenItem> openItems(LocalDate asOf, String customerId) {
        return items(jdbc.sql("""
                        select i.id, i.invoice_number, i.customer_id, i.customer_name, i.issue_date, i.due_date, i.currency,
                               i.gross_total, i.allocated_total, s.instalment_no, s.due_date as instalment_due,
                               s.amount as instalment_amount
                        from invoice i left join invoice_instalment s on s.invoice_id = i.id
                        where i.gross_total > i.allocated_total and i.issue_date <= :asOf
                          and (cast(:customer as varchar(100)) is null or i.customer_id = :customer)
                        order by i.id, s.instalment_no
                        """)
                .param("asOf", asOf)
                .param("customer", customerId), null);
    }

    /**
     * Open items (invoices, or instalments) due on or before {@code dueOnOrBefore} whose invoice no open dispute
     * holds: reminder candidates.
     */
    public List<OpenItem> undisputedOverdue(LocalDate dueOnOrBefore) {
        return items(jdbc.sql("""
                        select i.id, i.invoice_number, i.customer_id, i.customer_name, i.issue_date, i.due_date, i.currency,
                               i.gross_total, i.allocated_total, s.instalment_no, s.due_date as instalment_due,
                               s.amount as instalment_amount
                        from invoice i left join invoice_instalment s on s.invoice_id = i.id
                        where i.gross_total > i.allocated_total
                          and (i.due_date <= :due or exists (select 1 from invoice_instalment f
                                                             where f.invoice_id = i.id and f.due_date <= :due))
                          and not exists (select 1 from invoice_dispute d where d.open_invoice_id = i.id)
                        order by i.id, s.instalment_no
                        """)
                .param("due", dueOnOrBefore), dueOnOrBefore);
    }

    /** Rows of invoices (with their instalments, if any, in order) as open items; only items due by {@code dueBy}. */
    private static List<OpenItem> items(JdbcClient.StatementSpec query, LocalDate dueBy) {
        // one row per invoice, or per instalment of an invoice in instalments; rows of one invoice are adjacent
        Map<Long, OpenInvoiceRow> invoices = new java.util.LinkedHashMap<>();
        Map<Long, List<Instalment>> schedules = new HashMap<>();
        query.query(rs -> {
            OpenInvoiceRow invoice = invoices.get(rs.getLong("id"));
            if (invoice == null) {
                invoice = new OpenInvoiceRow(rs);
                invoices.put(invoice.id(), invoice);
            }
            int number = rs.getInt("instalment_no");
            if (!rs.wasNull()) {
                schedules.computeIfAbsent(invoice.id(), id -> new ArrayList<>()).add(new Instalment(number,
                        rs.getObject("instalment_due", LocalDate.class),
                        Money.of(rs.getBigDecimal("instalment_amount"), invoice.currency())));
            }
        });
        List<OpenItem> items = new ArrayList<>();
        invoices.values().forEach(invoice -> addItems(invoice, schedules.getOrDefault(invoice.id(), List.of()), items,
                dueBy));
        return items;
    }

    /** The invoice columns of a row. */
    private record OpenInvoiceRow(long id, String invoiceNumber, String customerId, String customerName, LocalDate issueDate,
                             LocalDate dueDate, Currency currency, Money gross, Money allocated) {
        OpenInvoiceRow(ResultSet rs) throws SQLException {
            this(rs.getLong("id"), rs.getString("invoice_number"), rs.getString("customer_id"),
                    rs.getString("customer_name"), rs.getObject("issue_date", LocalDate.class),
                    rs.getObject("due_date", LocalDate.class), Currency.getInstance(rs.getString("currency").trim()),
                    rs.getBigDecimal("gross_total"), rs.getBigDecimal("allocated_total"));
        }

        OpenInvoiceRow(long id, String invoiceNumber, String customerId, String customerName, LocalDate issueDate,
                  LocalDate dueDate, Currency currency, BigDecimal gross, BigDecimal allocated) {
            this(id, invoiceNumber, customerId, customerName, issueDate, dueDate, currency, Money.of(gross, currency),
                    Money.of(allocated, currency));
        }
    }

    private static void addItems(OpenInvoiceRow invoice, List<Instalment> schedule, List<OpenItem> items, LocalDate dueBy) {
        if (schedule.isEmpty()) {
            if (dueBy == null || !invoice.dueDate().isAfter(dueBy)) {
                items.add(new OpenItem(invoice.invoiceNumber(), invoice.id(), invoice.invoiceNumber(),
                        invoice.customerId(), invoice.customerName(), invoice.issueDate(), invoice.dueDate(),
                        invoice.gross().minus(invoice.allocated())));
            }
            return;
        }
        List<Money> open = Instalment.openAmounts(schedule, invoice.allocated());
        for (int k = 0; k < schedule.size(); k++) {
            Instalment instalment = schedule.get(k);
            if (open.get(k).isPositive() && (dueBy == null || !instalment.dueDate().isAfter(dueBy))) {
                items.add(new OpenItem(Instalment.itemKey(invoice.invoiceNumber(), instalment.number()), invoice.id(),
                        invoice.invoiceNumber(), invoice.customerId(), invoice.customerName(), invoice.issueDate(),
                        instalment.dueDate(), open.get(k), instalment.number()));
            }
        }
    }

    /** A customer's account in one currency over a period, as stored. */
    public record Account(String currency, Money opening, List<StatementMovement> movements, Money creditHeld) {
    }

    /** The customer's name on their latest invoice, if they have any. */
    public java.util.Optional<String> customerName(String customerId) {
        return jdbc.sql("""
                        select customer_name from invoice where customer_id = :c order by issue_date desc, id desc
                        """)
                .param("c", customerId)
                .query((rs, n) -> rs.getString(1) == null ? "" : rs.getString(1))
                .list().stream().findFirst();
    }

    /**
     * The customer's accounts (one per currency they have invoices in) for the company's business days
     * {@code from}..{@code to}: the balance before, and each invoice issued, payment applied and refund that
     * reopened an invoice within. Payments and refunds are dated by when we booked them, on the company's day.
     */
    public List<Account> accounts(String customerId, LocalDate from, LocalDate to, ZoneId zone) {
        Timestamp start = Timestamp.from(from.atStartOfDay(zone).toInstant());
        Timestamp end = Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant());
        Map<String, BigDecimal> opening = new TreeMap<>();
        Map<String, List<StatementMovement>> movements = new TreeMap<>();
        jdbc.sql("""
                        select currency, sum(gross_total) as total from invoice
                        where customer_id = :c and issue_date < :from group by currency
                        """)
                .param("c", customerId).param("from", from)
                .query(rs -> {
                    opening.merge(rs.getString("currency").trim(), rs.getBigDecimal("total"), BigDecimal::add);
                });
        jdbc.sql("""
                        select a.currency, sum(a.amount) as total from allocation a
                        join invoice i on i.id = a.invoice_id
                        where i.customer_id = :c and a.created_at < :start group by a.currency
                        """)
                .param("c", customerId).param("start", start)
                .query(rs -> {
                    opening.merge(rs.getString("currency").trim(), rs.getBigDecimal("total").negate(), BigDecimal::add);
                });
        jdbc.sql("""
                        select r.currency, sum(r.amount) as total from allocation_reversal r
                        join invoice i on i.id = r.invoice_id
                        where i.customer_id = :c and r.created_at < :start group by r.currency
                        """)
                .param("c", customerId).param("start", start)
                .query(rs -> {
                    opening.merge(rs.getString("currency").trim(), rs.getBigDecimal("total"), BigDecimal::add);
                });
        jdbc.sql("""
                        select id, invoice_number, issue_date, currency, gross_total from invoice
                        where customer_id = :c and issue_date >= :from and issue_date <= :to
                        """)
                .param("c", customerId).param("from", from).param("to", to)
                .query(rs -> {
                    String currency = rs.getString("currency").trim();
                    movements.computeIfAbsent(currency, k -> new ArrayList<>()).add(new StatementMovement(
                            StatementMovement.Kind.INVOICE, rs.getObject("issue_date", LocalDate.class),
                            rs.getLong("id"), rs.getString("invoice_number"),
                            Money.of(rs.getBigDecimal("gross_total"), Currency.getInstance(currency))));
                });
        jdbc.sql("""
                        select i.id, i.invoice_number, e.gateway, e.gateway_trade_id, a.created_at, a.currency, a.amount
                        from allocation a
                        join invoice i on i.id = a.invoice_id
                        join payment_event e on e.id = a.payment_event_id
                        where i.customer_id = :c and a.created_at >= :start and a.created_at < :end
                        """)
                .param("c", customerId).param("start", start).param("end", end)
                .query(rs -> {
                    String currency = rs.getString("currency").trim();
                    movements.computeIfAbsent(currency, k -> new ArrayList<>()).add(new StatementMovement(
                            StatementMovement.Kind.PAYMENT, day(rs.getTimestamp("created_at").toInstant(), zone),
                            rs.getLong("id"), rs.getString("invoice_number") + " paid by " + rs.getString("gateway")
                            + " " + rs.getString("gateway_trade_id"),
                            Money.of(rs.getBigDecimal("amount"), Currency.getInstance(currency))));
                });
        jdbc.sql("""
                        select i.id, i.invoice_number, r.gateway, r.gateway_trade_id, r.created_at, r.currency, r.amount
                        from allocation_reversal r
                        join invoice i on i.id = r.invoice_id
                        where i.customer_id = :c and r.created_at >= :start and r.created_at < :end
                        """)
                .param("c", customerId).param("start", start).param("end", end)
                .query(rs -> {
                    String currency = rs.getString("currency").trim();
                    movements.computeIfAbsent(currency, k -> new ArrayList<>()).add(new StatementMovement(
                            StatementMovement.Kind.REFUND, day(rs.getTimestamp("created_at").toInstant(), zone),
                            rs.getLong("id"), rs.getString("invoice_number") + " refunded by "
                            + rs.getString("gateway") + " " + rs.getString("gateway_trade_id"),
                            Money.of(rs.getBigDecimal("amount"), Currency.getInstance(currency))));
                });
        // credit we hold: payments reconciliation identified as the customer's (or naming one of their invoices)
        // with money left unapplied
        Map<String, BigDecimal> credit = new TreeMap<>();
        jdbc.sql("""
                        select p.currency, sum(p.unapplied_amount) as total from payment p
                        where p.unapplied_amount > 0
                          and (p.customer_id = :c
                               or (p.customer_id is null
                                   and exists (select 1 from invoice i
                                               where i.invoice_number = p.merchant_reference and i.customer_id = :c)))
                        group by p.currency
                        """)
                .param("c", customerId)
                .query(rs -> {
                    credit.merge(rs.getString("currency").trim(), rs.getBigDecimal("total"), BigDecimal::add);
                });
        TreeMap<String, Boolean> currencies = new TreeMap<>();
        opening.keySet().forEach(c -> currencies.put(c, true));
        movements.keySet().forEach(c -> currencies.put(c, true));
        credit.keySet().forEach(c -> currencies.put(c, true));
        List<Account> accounts = new ArrayList<>();
        for (String code : currencies.keySet()) {
            Currency currency = Currency.getInstance(code);
            accounts.add(new Account(code, Money.of(opening.getOrDefault(code, BigDecimal.ZERO), currency),
                    movements.getOrDefault(code, List.of()),
                    Money.of(credit.getOrDefault(code, BigDecimal.ZERO), currency)));
        }
        return accounts;
    }

    private static LocalDate day(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate();
    }
}
