package com.ledgerbridge.storage;

import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.invoicing.InvoiceLine;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.reconciliation.OpenInvoice;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Issued invoices and their lines. */
@Repository
public class InvoiceStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public InvoiceStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
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

    public long insert(Invoice invoice, long salesOrderId) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into invoice (invoice_number, sales_order_id, source, crm_order_id, customer_id, customer_name,
                                             currency, issue_date, due_date, net_total, tax_total, gross_total, created_at)
                        values (:number, :orderId, :source, :crmOrderId, :customerId, :customerName,
                                :currency, :issueDate, :dueDate, :net, :tax, :gross, :createdAt)
                        """)
                .param("number", invoice.invoiceNumber())
                .param("orderId", salesOrderId)
                .param("source", invoice.order().source())
                .param("crmOrderId", invoice.order().crmOrderId())
                .param("customerId", invoice.customerId())
                .param("customerName", invoice.customerName())
                .param("currency", invoice.currency().getCurrencyCode())
                .param("issueDate", invoice.issueDate())
                .param("dueDate", invoice.dueDate())
                .param("net", invoice.netTotal().amount())
                .param("tax", invoice.taxTotal().amount())
                .param("gross", invoice.grossTotal().amount())
                .param("createdAt", Timestamp.from(Instant.now(clock)))
                .update(key, "id");
        long id = key.getKey().longValue();
        for (InvoiceLine line : invoice.lines()) {
            jdbc.sql("""
                            insert into invoice_line (invoice_id, line_no, sku, description, quantity, unit_price,
                                                      net_amount, tax_rate, tax_amount)
                            values (:invoiceId, :lineNo, :sku, :description, :quantity, :unitPrice, :net, :taxRate, :tax)
                            """)
                    .param("invoiceId", id)
                    .param("lineNo", line.lineNo())
                    .param("sku", line.sku())
                    .param("description", line.description())
                    .param("quantity", line.quantity())
                    .param("unitPrice", line.unitPrice())
                    .param("net", line.netAmount().amount())
                    .param("taxRate", line.taxRate())
                    .param("tax", line.taxAmount().amount())
                    .update();
        }
        return id;
    }

    /** An invoice as reconciliation sees it, with its row id. */
    public record LockedInvoice(long id, OpenInvoice invoice) {
    }

    /**
     * Finds an invoice by number and locks its row until the transaction ends, so two payments for the
     * same invoice are applied one after the other against the true outstanding amount.
     */
    public Optional<LockedInvoice> lockByNumber(String invoiceNumber) {
        if (invoiceNumber == null || invoiceNumber.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select id, invoice_number, customer_id, currency, gross_total
                        from invoice where invoice_number = :number for update
                        """)
                .param("number", invoiceNumber)
                .query((rs, n) -> {
                    Currency currency = Currency.getInstance(rs.getString("currency").trim());
                    long id = rs.getLong("id");
                    Money gross = Money.of(rs.getBigDecimal("gross_total"), currency);
                    return new LockedInvoice(id, new OpenInvoice(rs.getString("invoice_number"),
                            rs.getString("customer_id"), gross, allocatedTo(id, currency)));
                })
                .optional();
    }

    /** The invoice without locking it, for read-only views (reports, the sandbox payer). */
    public Optional<OpenInvoice> findByNumber(String invoiceNumber) {
        return jdbc.sql("select id, invoice_number, customer_id, currency, gross_total from invoice where invoice_number = :n")
                .param("n", invoiceNumber)
                .query((rs, n) -> {
                    Currency currency = Currency.getInstance(rs.getString("currency").trim());
                    return new OpenInvoice(rs.getString("invoice_number"), rs.getString("customer_id"),
                            Money.of(rs.getBigDecimal("gross_total"), currency), allocatedTo(rs.getLong("id"), currency));
                })
                .optional();
    }

    private Money allocatedTo(long invoiceId, Currency currency) {
        BigDecimal sum = jdbc.sql("select coalesce(sum(amount), 0) from allocation where invoice_id = :id")
                .param("id", invoiceId).query(BigDecimal.class).single();
        return Money.of(sum, currency);
    }
}
