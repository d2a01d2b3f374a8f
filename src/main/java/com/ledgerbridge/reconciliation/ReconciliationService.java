package com.ledgerbridge.reconciliation;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.reconciliation.MatchDecision;
import com.ledgerbridge.domain.reconciliation.PaymentMatcher;
import com.ledgerbridge.storage.InvoiceStore;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.PaymentInbox;
import com.ledgerbridge.storage.ReconciliationRecords;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a stored payment event: the matcher decides, this class records the decision (allocation and
 * journal entry, or an exception) and moves the event out of RECEIVED, all in one transaction. The
 * event row is locked first, so concurrent or repeated prompts for one event apply it once.
 */
@Service("reconciliation")
public class ReconciliationService {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);

    private final PaymentInbox inbox;
    private final InvoiceStore invoices;
    private final ReconciliationRecords records;
    private final JournalStore journal;
    private final PaymentMatcher matcher;
    private final LedgerPostings postings;
    private final CompanyProperties company;

    public ReconciliationService(PaymentInbox inbox, InvoiceStore invoices, ReconciliationRecords records,
            JournalStore journal, PaymentMatcher matcher, LedgerPostings postings, CompanyProperties company) {
        this.inbox = inbox;
        this.invoices = invoices;
        this.records = records;
        this.journal = journal;
        this.matcher = matcher;
        this.postings = postings;
        this.company = company;
    }

    /**
     * Reconciles payment event {@code paymentEventId}.
     *
     * @return the id of the journal entry to post, or null when nothing is to be posted (already
     *         reconciled, or the payment became an exception)
     */
    @Transactional
    public Long reconcile(long paymentEventId) {
        PaymentInbox.StoredPaymentEvent stored = inbox.lock(paymentEventId)
                .orElseThrow(() -> new IllegalArgumentException("no payment event with id " + paymentEventId));
        if (stored.status() != PaymentInbox.Status.RECEIVED) {
            return null;
        }
        var payment = stored.event();
        Optional<InvoiceStore.LockedInvoice> invoice = invoices.lockByNumber(payment.merchantReference());
        MatchDecision decision = matcher.match(payment, invoice.map(InvoiceStore.LockedInvoice::invoice));
        if (decision instanceof MatchDecision.Matched matched) {
            records.insertAllocation(paymentEventId, invoice.orElseThrow().id(), matched.allocation());
            // the payment is booked on the company's business day on which it happened
            LocalDate paymentDate = LocalDate.ofInstant(payment.occurredAt(), company.zone());
            long entryId = journal.insert(postings.forPaymentAllocation(matched.allocation(), paymentDate));
            inbox.markStatus(paymentEventId, PaymentInbox.Status.RECONCILED);
            log.info("Payment {} applied to invoice {}: {}{}", payment.paymentKey(), matched.allocation().invoiceNumber(),
                    matched.allocation().amount(), matched.settlesInvoice() ? " (settled)" : " (partial)");
            return entryId;
        }
        MatchDecision.Unmatched unmatched = (MatchDecision.Unmatched) decision;
        records.insertException(paymentEventId, unmatched.reason(), unmatched.detail());
        inbox.markStatus(paymentEventId, PaymentInbox.Status.EXCEPTION);
        log.warn("Payment {} needs a person: {} ({})", payment.paymentKey(), unmatched.reason(), unmatched.detail());
        return null;
    }

    /** Events whose reconciliation prompt may have been lost (the database, not the queue, is the truth). */
    public List<Long> waitingEvents() {
        return inbox.waitingLongerThan(Duration.ofMinutes(1));
    }
}
