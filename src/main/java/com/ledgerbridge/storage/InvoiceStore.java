package com.ledgerbridge.storage;

import com.ledgerbridge.domain.invoicing.Instalment;
import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.invoicing.InvoiceLine;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.reconciliation.OpenInvoice;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import com.ledgerbridge.domain.order.SalesOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Issued invoices and their lines. */
@Repository
public class InvoiceStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    public InvoiceStore(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /** The invoice already issued for a CRM order, with the order version it billed. */
    public record IssuedFor(String invoiceNumber, String crmVersion) {
    }

    public Optional<IssuedFor> findForCrmOrder(String source, String crmOrderId) {
        return jdbc.sql("""
                        select i.invoice_number, o.crm_version from invoice i join sales_order o on o.id = i.sales_order_id
                        where i.source = :source and i.crm_order_id = :id
                        """)
                .param("source", source).param("id", crmOrderId)
                .query((rs, n) -> new IssuedFor(rs.getString(1), rs.getString(2)))
                .optional();
    }

    /**
     * The CRM orders among {@code orders} that already have an invoice, as {@link #crmOrderKey} strings; one
     * indexed query for a whole batch.
     */
    public Set<String> invoicedCrmOrders(Collection<SalesOrder> orders) {
        Map<String, Set<String>> crmIdsBySource = new HashMap<>();
        orders.forEach(o -> crmIdsBySource.computeIfAbsent(o.source(), k -> new HashSet<>()).add(o.crmOrderId()));
        Set<String> invoiced = new HashSet<>();
        // (source, crm_order_id) is the unique index: the source must be in the condition for it to be used
        crmIdsBySource.forEach((source, crmIds) -> jdbc.sql("""
                        select crm_order_id from invoice where source = :source and crm_order_id in (:ids)
                        """)
                .param("source", source).param("ids", crmIds)
                .query(rs -> {
                    invoiced.add(crmOrderKey(source, rs.getString(1)));
                }));
        return invoiced;
    }

    public static String crmOrderKey(String source, String crmOrderId) {
        return source + '\u0000' + crmOrderId;
    }

    /** An invoice to store, the order version it bills, and the payment terms it was issued under (as written). */
    public record NewInvoice(Invoice invoice, long salesOrderId, String paymentTerms) {

        public NewInvoice(Invoice invoice, long salesOrderId) {
            this(invoice, salesOrderId, null);
        }
    }

    /** Stores invoices and all their lines with two JDBC batches; returns the invoice ids in order. */
    public List<Long> insertAll(List<NewInvoice> newInvoices) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<Long> ids = BatchInserts.insertReturningIds(batch, """
                        insert into invoice (invoice_number, sales_order_id, source, crm_order_id, customer_id, customer_name,
                                             currency, issue_date, due_date, net_total, tax_total, gross_total, created_at,
                                             payment_terms)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, newInvoices, (ps, row) -> {
                    Invoice invoice = row.invoice();
                    ps.setString(1, invoice.invoiceNumber());
                    ps.setLong(2, row.salesOrderId());
                    ps.setString(3, invoice.order().source());
                    ps.setString(4, invoice.order().crmOrderId());
                    ps.setString(5, invoice.customerId());
                    ps.setString(6, invoice.customerName());
                    ps.setString(7, invoice.currency().getCurrencyCode());
                    ps.setObject(8, invoice.issueDate());
                    ps.setObject(9, invoice.dueDate());
                    ps.setBigDecimal(10, invoice.netTotal().amount());
                    ps.setBigDecimal(11, invoice.taxTotal().amount());
                    ps.setBigDecimal(12, invoice.grossTotal().amount());
                    ps.setTimestamp(13, now);
                    ps.setString(14, row.paymentTerms());
                });
        List<Object[]> lines = new ArrayList<>();
        for (int i = 0; i < newInvoices.size(); i++) {
            for (InvoiceLine line : newInvoices.get(i).invoice().lines()) {
                lines.add(new Object[] {ids.get(i), line.lineNo(), line.sku(), line.description(), line.quantity(),
                        line.unitPrice(), line.netAmount().amount(), line.taxRate(), line.taxAmount().amount()});
            }
        }
        batch.batchUpdate("""
                insert into invoice_line (invoice_id, line_no, sku, description, quantity, unit_price,
                                          net_amount, tax_rate, tax_amount)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, lines);
        List<Object[]> instalments = new ArrayList<>();
        for (int i = 0; i < newInvoices.size(); i++) {
            for (Instalment instalment : newInvoices.get(i).invoice().instalments()) {
                instalments.add(new Object[] {ids.get(i), instalment.number(), instalment.dueDate(),
                        instalment.amount().amount()});
            }
        }
        if (!instalments.isEmpty()) {
            batch.batchUpdate("""
                    insert into invoice_instalment (invoice_id, instalment_no, due_date, amount) values (?, ?, ?, ?)
                    """, instalments);
        }
        return ids;
    }

    /** The customers the invoices with these numbers were issued to. */
    public Set<String> customersOf(Collection<String> invoiceNumbers) {
        List<String> numbers = invoiceNumbers.stream().filter(n -> n != null && !n.isBlank()).distinct().toList();
        Set<String> customers = new HashSet<>();
        if (!numbers.isEmpty()) {
            jdbc.sql("select distinct customer_id from invoice where invoice_number in (:numbers)")
                    .param("numbers", numbers).query(rs -> {
                        customers.add(rs.getString(1));
                    });
        }
        return customers;
    }

    /** An invoice as matching sees it, with its row id and its instalments (none unless its terms split it). */
    public record MatchableInvoice(long id, String invoiceNumber, String crmOrderId, String customerId, Money gross,
            Money allocated, LocalDate issueDate, LocalDate dueDate, List<Instalment> instalments) {

        public OpenInvoice asOpenInvoice() {
            return new OpenInvoice(invoiceNumber, customerId, gross, allocated);
        }
    }

    /**
     * Locks (in id order, until the transaction ends) the invoices with these numbers and every invoice of these
     * customers that still has something open: what matching may apply a batch's payments to.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, MatchableInvoice> lockForMatching(Collection<String> invoiceNumbers, Collection<String> customerIds) {
        List<String> numbers = invoiceNumbers.stream().filter(n -> n != null && !n.isBlank()).distinct().toList();
        List<String> customers = customerIds.stream().filter(c -> c != null && !c.isBlank()).distinct().toList();
        Map<String, MatchableInvoice> locked = new java.util.LinkedHashMap<>();
        if (numbers.isEmpty() && customers.isEmpty()) {
            return locked;
        }
        String where = numbers.isEmpty() ? "customer_id in (:customers) and allocated_total < gross_total"
                : customers.isEmpty() ? "invoice_number in (:numbers)"
                : "invoice_number in (:numbers) or (customer_id in (:customers) and allocated_total < gross_total)";
        var sql = jdbc.sql("""
                select id, invoice_number, crm_order_id, customer_id, currency, gross_total, allocated_total, issue_date,
                       due_date
                from invoice where\s""" + where + " order by id for update");
        if (!numbers.isEmpty()) {
            sql = sql.param("numbers", numbers);
        }
        if (!customers.isEmpty()) {
            sql = sql.param("customers", customers);
        }
        sql.query(rs -> {
            java.util.Currency currency = java.util.Currency.getInstance(rs.getString("currency").trim());
            locked.put(rs.getString("invoice_number"), new MatchableInvoice(rs.getLong("id"),
                    rs.getString("invoice_number"), rs.getString("crm_order_id"), rs.getString("customer_id"),
                    Money.of(rs.getBigDecimal("gross_total").stripTrailingZeros(), currency),
                    Money.of(rs.getBigDecimal("allocated_total").stripTrailingZeros(), currency),
                    rs.getObject("issue_date", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                    List.of()));
        });
        if (!locked.isEmpty()) {
            Map<Long, List<Instalment>> schedules = instalmentsOf(locked.values().stream().map(MatchableInvoice::id)
                    .toList());
            locked.replaceAll((number, invoice) -> {
                List<Instalment> schedule = schedules.get(invoice.id());
                return schedule == null ? invoice : new MatchableInvoice(invoice.id(), invoice.invoiceNumber(),
                        invoice.crmOrderId(), invoice.customerId(), invoice.gross(), invoice.allocated(),
                        invoice.issueDate(), invoice.dueDate(), schedule);
            });
        }
        return locked;
    }

    /** The instalments of these invoices, in due order, by invoice id; invoices without a schedule are absent. */
    public Map<Long, List<Instalment>> instalmentsOf(Collection<Long> invoiceIds) {
        Map<Long, List<Instalment>> schedules = new HashMap<>();
        List<Long> ids = invoiceIds.stream().distinct().toList();
        // in slices, so that a customer with thousands of open invoices does not make one enormous IN list
        for (int from = 0; from < ids.size(); from += 1000) {
            jdbc.sql("""
                            select s.invoice_id, s.instalment_no, s.due_date, s.amount, i.currency
                            from invoice_instalment s join invoice i on i.id = s.invoice_id
                            where s.invoice_id in (:ids) order by s.invoice_id, s.instalment_no
                            """)
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .query(rs -> {
                        Currency currency = Currency.getInstance(rs.getString("currency").trim());
                        schedules.computeIfAbsent(rs.getLong("invoice_id"), k -> new ArrayList<>()).add(new Instalment(
                                rs.getInt("instalment_no"), rs.getObject("due_date", LocalDate.class),
                                Money.of(rs.getBigDecimal("amount"), currency)));
                    });
        }
        return schedules;
    }

    /** An invoice as reconciliation sees it, with its row id. */
    public record LockedInvoice(long id, OpenInvoice invoice) {
    }

    /**
     * Finds the invoices with these numbers and locks their rows (in id order, so two batches never wait on
     * each other in a circle) until the transaction ends: payments for the same invoice are applied one after
     * the other against the true outstanding amount.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, LockedInvoice> lockByNumbers(Collection<String> invoiceNumbers) {
        List<String> numbers = invoiceNumbers.stream().filter(n -> n != null && !n.isBlank()).distinct().toList();
        if (numbers.isEmpty()) {
            return Map.of();
        }
        Map<String, LockedInvoice> locked = new HashMap<>();
        jdbc.sql("""
                        select id, invoice_number, customer_id, currency, gross_total, allocated_total
                        from invoice where invoice_number in (:numbers) order by id for update
                        """)
                .param("numbers", numbers)
                .query(rs -> {
                    LockedInvoice invoice = new LockedInvoice(rs.getLong("id"), openInvoice(rs));
                    locked.put(invoice.invoice().invoiceNumber(), invoice);
                });
        return locked;
    }

    /** Sets the allocated totals of many invoices in one JDBC batch (rows locked by {@link #lockByNumbers}). */
    public void updateAllocatedTotals(Map<Long, BigDecimal> allocatedTotals) {
        List<Object[]> rows = new ArrayList<>();
        allocatedTotals.forEach((id, total) -> rows.add(new Object[] {total, id}));
        batch.batchUpdate("update invoice set allocated_total = ? where id = ?", rows);
    }

    /** The invoice without locking it, for read-only views (reports, the sandbox payer). */
    public Optional<OpenInvoice> findByNumber(String invoiceNumber) {
        return jdbc.sql("""
                        select id, invoice_number, customer_id, currency, gross_total, allocated_total
                        from invoice where invoice_number = :n
                        """)
                .param("n", invoiceNumber)
                .query((rs, n) -> openInvoice(rs))
                .optional();
    }

    private static OpenInvoice openInvoice(java.sql.ResultSet rs) throws java.sql.SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency").trim());
        return new OpenInvoice(rs.getString("invoice_number"), rs.getString("customer_id"),
                Money.of(rs.getBigDecimal("gross_total"), currency), Money.of(rs.getBigDecimal("allocated_total"), currency));
    }
}
