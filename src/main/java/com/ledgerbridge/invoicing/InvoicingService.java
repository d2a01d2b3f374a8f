package com.ledgerbridge.invoicing;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.invoicing.InvoiceCalculator;
import com.ledgerbridge.domain.invoicing.TaxPolicy;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.InvoiceNumberSeries;
import com.ledgerbridge.storage.InvoiceStore;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.OrderStore;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues the invoice for a billable order version: number, invoice and journal entry in one database
 * transaction, so either all three exist or none does. Called once per message on orders.billable;
 * a redelivered message finds the invoice already there and issues nothing.
 */
@Service("invoicing")
public class InvoicingService {

    private static final Logger log = LoggerFactory.getLogger(InvoicingService.class);

    private final OrderStore orders;
    private final InvoiceStore invoices;
    private final InvoiceNumberSeries numbers;
    private final JournalStore journal;
    private final LedgerPostings postings;
    private final InvoicingProperties properties;
    private final CompanyProperties company;
    private final InvoiceCalculator calculator;
    private final Clock clock;

    public InvoicingService(OrderStore orders, InvoiceStore invoices, InvoiceNumberSeries numbers, JournalStore journal,
            LedgerPostings postings, InvoicingProperties properties, CompanyProperties company, Clock clock) {
        this.orders = orders;
        this.invoices = invoices;
        this.numbers = numbers;
        this.journal = journal;
        this.postings = postings;
        this.properties = properties;
        this.company = company;
        this.calculator = new InvoiceCalculator(new TaxPolicy(properties.taxRate(), properties.taxRounding()),
                properties.defaultPaymentTermsDays());
        this.clock = clock;
    }

    /**
     * What was issued: the invoice number and the id of its journal entry (to be posted); a zero-value
     * invoice (a free order) moves no money and has no entry.
     */
    public record IssuedInvoice(String invoiceNumber, Long journalEntryId) {
    }

    /**
     * Issues the invoice for stored order version {@code salesOrderId}.
     *
     * @return the journal entry id to post, or null when nothing was issued (not billable, already invoiced)
     */
    @Transactional
    public Long issue(long salesOrderId) {
        return issueInvoice(salesOrderId).map(IssuedInvoice::journalEntryId).orElse(null);
    }

    /** Billable orders whose invoicing prompt was lost: stored over a minute ago and still without an invoice. */
    public List<Long> ordersWaitingForAnInvoice() {
        return orders.billableWithoutInvoice(clock.instant().minus(Duration.ofMinutes(1)));
    }

    @Transactional
    public Optional<IssuedInvoice> issueInvoice(long salesOrderId) {
        SalesOrder order = orders.find(salesOrderId)
                .orElseThrow(() -> new IllegalArgumentException("no stored sales order with id " + salesOrderId));
        if (!order.isBillable()) {
            log.info("Order {} version {} is {}: nothing to invoice", order.crmOrderId(), order.crmVersion(), order.status());
            return Optional.empty();
        }
        if (!orders.isLatestVersion(salesOrderId)) {
            // a later version (maybe no longer billable) was stored after this prompt was sent; its own prompt decides
            log.info("Order {} version {} is superseded by a later version: nothing to invoice", order.crmOrderId(),
                    order.crmVersion());
            return Optional.empty();
        }
        Optional<InvoiceStore.IssuedFor> existing = invoices.findForCrmOrder(order.source(), order.crmOrderId());
        if (existing.isPresent()) {
            if (!existing.get().crmVersion().equals(order.crmVersion())) {
                // a changed order after invoicing needs a credit note and a new invoice: not automated yet
                log.warn("Order {} changed (version {} -> {}) after invoice {} was issued; left for a person",
                        order.crmOrderId(), existing.get().crmVersion(), order.crmVersion(), existing.get().invoiceNumber());
            }
            return Optional.empty();
        }
        LocalDate issueDate = LocalDate.now(clock.withZone(company.zone()));
        String series = properties.series() + "-" + issueDate.getYear();
        String number = properties.numberPrefix() + issueDate.getYear() + "-"
                + String.format("%0" + properties.numberDigits() + "d", numbers.next(series));
        Invoice invoice = calculator.invoiceFor(order, number, issueDate);
        invoices.insert(invoice, salesOrderId);
        if (invoice.grossTotal().isZero()) {
            log.info("Issued zero-value invoice {} for order {}: no journal entry", number, order.crmOrderId());
            return Optional.of(new IssuedInvoice(number, null));
        }
        long entryId = journal.insert(postings.forInvoice(invoice));
        log.info("Issued invoice {} for order {} ({} {}), journal entry {}", number, order.crmOrderId(),
                invoice.grossTotal(), order.customerId(), entryId);
        return Optional.of(new IssuedInvoice(number, entryId));
    }
}
