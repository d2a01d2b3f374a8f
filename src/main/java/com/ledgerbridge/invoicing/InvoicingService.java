package com.ledgerbridge.invoicing;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.invoicing.InvoiceCalculator;
import com.ledgerbridge.domain.invoicing.TaxPolicy;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.CustomerCreditStore;
import com.ledgerbridge.storage.InvoiceNumberSeries;
import com.ledgerbridge.storage.InvoiceStore;
import com.ledgerbridge.storage.InvoiceStore.NewInvoice;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.OrderStore.InvoicingStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues the invoices for a batch of billable order versions: claims them, decides for each whether it is
 * invoiced, takes the batch's gap-free numbers with one lock, and stores invoices, lines, journal entries and
 * the orders' new status in one transaction, so either the whole batch exists or none of it does.
 *
 * <p>A version is skipped when a later version of its order is stored (the later one decides) or when its
 * order already has an invoice (a change after invoicing needs a credit note: left for a person, logged).
 */
@Service
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
    private final CustomerCreditStore credit;

    public InvoicingService(OrderStore orders, InvoiceStore invoices, InvoiceNumberSeries numbers, JournalStore journal,
            LedgerPostings postings, InvoicingProperties properties, CompanyProperties company, Clock clock,
            CustomerCreditStore credit) {
        this.credit = credit;
        this.orders = orders;
        this.invoices = invoices;
        this.numbers = numbers;
        this.journal = journal;
        this.postings = postings;
        this.properties = properties;
        this.company = company;
        this.calculator = new InvoiceCalculator(new TaxPolicy(properties.taxRate(), properties.taxRounding()),
                properties.paymentTermsCatalog());
        this.clock = clock;
    }

    /**
     * What one batch did.
     *
     * @param claimed          order versions taken from the work list
     * @param issued           invoice number by sales_order id, for the versions invoiced
     * @param journalEntryIds  the entries stored for ledger posting (zero-value invoices have none)
     */
    public record IssuedBatch(int claimed, Map<Long, String> issued, List<Long> journalEntryIds) {
    }

    /** Claims up to {@code limit} waiting order versions and invoices them, all in one transaction. */
    @Transactional
    public IssuedBatch issueBatch(int limit) {
        List<Long> claimed = orders.claimWaitingForInvoice(limit);
        if (claimed.isEmpty()) {
            return new IssuedBatch(0, Map.of(), List.of());
        }
        Map<Long, SalesOrder> loaded = orders.findAll(claimed);
        Set<Long> superseded = orders.supersededAmong(claimed);
        Set<String> alreadyInvoiced = invoices.invoicedCrmOrders(loaded.values());

        Map<Long, InvoicingStatus> outcome = new HashMap<>();
        Map<Long, String> errors = new HashMap<>();
        Map<Long, SalesOrder> toInvoice = new LinkedHashMap<>();
        Set<String> invoicedInThisBatch = new HashSet<>();
        for (long id : claimed) {
            SalesOrder order = loaded.get(id);
            String crmKey = InvoiceStore.crmOrderKey(order.source(), order.crmOrderId());
            if (!order.isBillable() || superseded.contains(id)) {
                // a later version was stored after this one; its own turn decides
                outcome.put(id, InvoicingStatus.SKIPPED);
            } else if (alreadyInvoiced.contains(crmKey) || !invoicedInThisBatch.add(crmKey)) {
                withCorrelation(order, () -> log.warn("Order {} version {} changed after it was invoiced; a credit note "
                        + "is left for a person", order.crmOrderId(), order.crmVersion()));
                outcome.put(id, InvoicingStatus.SKIPPED);
            } else {
                toInvoice.put(id, order);
            }
        }

        LocalDate issueDate = LocalDate.now(clock.withZone(company.zone()));
        String series = properties.series() + "-" + issueDate.getYear();
        // terms the order names but nobody configured fail that order (with the reason), before it takes a number
        Map<Long, String> termsOf = new HashMap<>();
        toInvoice.entrySet().removeIf(e -> {
            try {
                termsOf.put(e.getKey(), calculator.termsOf(e.getValue()).toString());
                return false;
            } catch (IllegalArgumentException bad) {
                outcome.put(e.getKey(), InvoicingStatus.FAILED);
                errors.put(e.getKey(), bad.getMessage());
                withCorrelation(e.getValue(), () -> log.warn("Order {} not invoiced: {}", e.getValue().crmOrderId(),
                        bad.getMessage()));
                return true;
            }
        });
        List<NewInvoice> newInvoices = new ArrayList<>();
        long nextNumber = toInvoice.isEmpty() ? 0 : numbers.take(series, toInvoice.size());
        for (Map.Entry<Long, SalesOrder> e : toInvoice.entrySet()) {
            String number = properties.numberPrefix() + issueDate.getYear() + "-"
                    + String.format("%0" + properties.numberDigits() + "d", nextNumber++);
            newInvoices.add(new NewInvoice(calculator.invoiceFor(e.getValue(), number, issueDate), e.getKey(),
                    termsOf.get(e.getKey())));
            outcome.put(e.getKey(), InvoicingStatus.INVOICED);
        }
        invoices.insertAll(newInvoices);
        List<JournalEntry> entries = new ArrayList<>();
        Map<Long, String> issued = new LinkedHashMap<>();
        for (NewInvoice created : newInvoices) {
            Invoice invoice = created.invoice();
            issued.put(created.salesOrderId(), invoice.invoiceNumber());
            if (!invoice.grossTotal().isZero()) {
                entries.add(postings.forInvoice(invoice));
            }
            withCorrelation(loaded.get(created.salesOrderId()), () -> log.debug("Issued invoice {} ({} {})",
                    invoice.invoiceNumber(), invoice.grossTotal(), invoice.customerId()));
        }
        List<Long> entryIds = journal.insertAll(entries);
        // a customer holding credit (a prepayment, an over-payment's rest) gets it applied to the new invoice
        credit.requestReviews(credit.holdingCredit(newInvoices.stream().map(n -> n.invoice().customerId()).toList()));
        orders.markInvoicing(outcome, errors);
        log.info("Invoicing: {} order version(s) claimed, {} invoice(s) issued ({} to {}), {} skipped", claimed.size(),
                issued.size(), first(issued), last(issued), claimed.size() - issued.size());
        return new IssuedBatch(claimed.size(), issued, entryIds);
    }

    private static void withCorrelation(SalesOrder order, Runnable logging) {
        MDC.put("correlationId", "order:" + order.source() + ":" + order.crmOrderId() + ":" + order.crmVersion());
        try {
            logging.run();
        } finally {
            MDC.remove("correlationId");
        }
    }

    private static String first(Map<Long, String> issued) {
        return issued.isEmpty() ? "-" : issued.values().iterator().next();
    }

    private static String last(Map<Long, String> issued) {
        String last = "-";
        for (String number : issued.values()) {
            last = number;
        }
        return last;
    }
}
