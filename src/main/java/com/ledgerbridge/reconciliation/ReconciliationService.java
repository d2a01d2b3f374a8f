package com.ledgerbridge.reconciliation;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.reconciliation.MatchDecision;
import com.ledgerbridge.domain.reconciliation.OpenInvoice;
import com.ledgerbridge.domain.reconciliation.PaymentMatcher;
import com.ledgerbridge.storage.InvoiceStore;
import com.ledgerbridge.storage.InvoiceStore.LockedInvoice;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.ReconciliationRecords;
import com.ledgerbridge.storage.ReconciliationRecords.ClaimedEvent;
import com.ledgerbridge.storage.ReconciliationRecords.NewAllocation;
import com.ledgerbridge.storage.ReconciliationRecords.NewException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a batch of stored payment events: claims them, locks the invoices they name, lets the matcher decide
 * each one in arrival order (a second payment for an invoice sees what the first one left outstanding), and
 * records every decision (allocation and journal entry, or an exception for a person), the invoices' new
 * allocated totals and the events' new status in one transaction.
 */
@Service
public class ReconciliationService {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);

    private final ReconciliationRecords records;
    private final InvoiceStore invoices;
    private final JournalStore journal;
    private final PaymentMatcher matcher;
    private final LedgerPostings postings;
    private final CompanyProperties company;

    public ReconciliationService(ReconciliationRecords records, InvoiceStore invoices, JournalStore journal,
            PaymentMatcher matcher, LedgerPostings postings, CompanyProperties company) {
        this.records = records;
        this.invoices = invoices;
        this.journal = journal;
        this.matcher = matcher;
        this.postings = postings;
        this.company = company;
    }

    /**
     * What one batch did.
     *
     * @param claimed         payment events taken from the work list
     * @param matched         how many were applied to an invoice
     * @param journalEntryIds the entries stored for ledger posting
     */
    public record ReconciledBatch(int claimed, int matched, List<Long> journalEntryIds) {
    }

    /** Claims up to {@code limit} RECEIVED payment events and reconciles them, all in one transaction. */
    @Transactional
    public ReconciledBatch reconcileBatch(int limit) {
        List<ClaimedEvent> claimed = records.claimReceived(limit);
        if (claimed.isEmpty()) {
            return new ReconciledBatch(0, 0, List.of());
        }
        Map<String, LockedInvoice> locked = invoices.lockByNumbers(
                claimed.stream().map(c -> c.event().merchantReference()).toList());
        // what each invoice has allocated so far, moving as this batch applies payments to it
        Map<String, OpenInvoice> current = new HashMap<>();
        locked.forEach((number, invoice) -> current.put(number, invoice.invoice()));

        List<NewAllocation> allocations = new ArrayList<>();
        List<NewException> exceptions = new ArrayList<>();
        List<JournalEntry> entries = new ArrayList<>();
        for (ClaimedEvent claim : claimed) {
            PaymentEvent payment = claim.event();
            MDC.put("correlationId", "payment:" + payment.gateway() + ":" + payment.eventKey());
            try {
                OpenInvoice invoice = payment.merchantReference() == null ? null : current.get(payment.merchantReference());
                MatchDecision decision = matcher.match(payment, Optional.ofNullable(invoice));
                if (decision instanceof MatchDecision.Matched matched) {
                    allocations.add(new NewAllocation(claim.id(), locked.get(invoice.invoiceNumber()).id(),
                            matched.allocation()));
                    current.put(invoice.invoiceNumber(), new OpenInvoice(invoice.invoiceNumber(), invoice.customerId(),
                            invoice.grossTotal(), invoice.allocatedSoFar().plus(matched.allocation().amount())));
                    // the payment is booked on the company's business day on which it happened
                    LocalDate paymentDate = LocalDate.ofInstant(payment.occurredAt(), company.zone());
                    entries.add(postings.forPaymentAllocation(matched.allocation(), paymentDate));
                    log.debug("Payment {} applied to invoice {}: {}{}", payment.paymentKey(), invoice.invoiceNumber(),
                            matched.allocation().amount(), matched.settlesInvoice() ? " (settled)" : " (partial)");
                } else {
                    MatchDecision.Unmatched unmatched = (MatchDecision.Unmatched) decision;
                    exceptions.add(new NewException(claim.id(), unmatched.reason(), unmatched.detail()));
                    log.warn("Payment {} needs a person: {} ({})", payment.paymentKey(), unmatched.reason(),
                            unmatched.detail());
                }
            } finally {
                MDC.remove("correlationId");
            }
        }
        Map<Long, BigDecimal> allocatedTotals = new HashMap<>();
        for (NewAllocation allocation : allocations) {
            OpenInvoice after = current.get(allocation.allocation().invoiceNumber());
            allocatedTotals.put(allocation.invoiceId(), after.allocatedSoFar().amount());
        }
        records.record(allocations, exceptions);
        invoices.updateAllocatedTotals(allocatedTotals);
        List<Long> entryIds = journal.insertAll(entries);
        log.info("Reconciliation: {} payment event(s) claimed, {} applied, {} exception(s)", claimed.size(),
                allocations.size(), exceptions.size());
        return new ReconciledBatch(claimed.size(), allocations.size(), entryIds);
    }

}
