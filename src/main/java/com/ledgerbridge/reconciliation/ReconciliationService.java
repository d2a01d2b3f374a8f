package com.ledgerbridge.reconciliation;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.ledger.LedgerPostings.ReopenedInvoice;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.MoneyMovement;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentFacts;
import com.ledgerbridge.domain.payment.PaymentLifecycle;
import com.ledgerbridge.domain.reconciliation.ExceptionReason;
import com.ledgerbridge.domain.reconciliation.MatchDecision;
import com.ledgerbridge.domain.reconciliation.OpenInvoice;
import com.ledgerbridge.domain.reconciliation.PaymentMatcher;
import com.ledgerbridge.storage.InvoiceStore;
import com.ledgerbridge.storage.InvoiceStore.LockedInvoice;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.PaymentStore;
import com.ledgerbridge.storage.PaymentStore.Applied;
import com.ledgerbridge.storage.PaymentStore.PaymentRef;
import com.ledgerbridge.storage.PaymentStore.Reversal;
import com.ledgerbridge.storage.ReconciliationRecords;
import com.ledgerbridge.storage.ReconciliationRecords.ClaimedEvent;
import com.ledgerbridge.storage.ReconciliationRecords.NewAllocation;
import com.ledgerbridge.storage.ReconciliationRecords.NewException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a batch of stored payment events: claims them, locks their payments and the invoices they may touch,
 * merges each event into its payment's facts in arrival order ({@link PaymentLifecycle}), and books the money
 * movements that become due — a payment applied to its invoice (or held as customer credit, with an exception for
 * a person), a refund taking money back from the credit and then from the invoices it had settled, a dispute's
 * withdrawal and decision — with the payments' new facts, the invoices' allocated totals and the events' status,
 * all in one transaction.
 */
@Service
public class ReconciliationService {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);

    private final ReconciliationRecords records;
    private final PaymentStore payments;
    private final InvoiceStore invoices;
    private final JournalStore journal;
    private final PaymentMatcher matcher;
    private final PaymentLifecycle lifecycle;
    private final LedgerPostings postings;
    private final CompanyProperties company;

    public ReconciliationService(ReconciliationRecords records, PaymentStore payments, InvoiceStore invoices,
            JournalStore journal, PaymentMatcher matcher, PaymentLifecycle lifecycle, LedgerPostings postings,
            CompanyProperties company) {
        this.records = records;
        this.payments = payments;
        this.invoices = invoices;
        this.journal = journal;
        this.matcher = matcher;
        this.lifecycle = lifecycle;
        this.postings = postings;
        this.company = company;
    }

    /**
     * What one batch did.
     *
     * @param claimed         payment events taken from the work list
     * @param matched         how many payments were applied to an invoice
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
        Map<String, PaymentFacts> facts = new HashMap<>(payments.lockOrCreate(claimed.stream()
                .map(c -> new PaymentRef(c.event().gateway(), c.event().gatewayTradeId(), c.event().amount().currency()))
                .toList()));
        Batch batch = new Batch(facts, payments.appliedToInvoices(refundablePayments(claimed, facts)));
        Set<String> invoiceNumbers = new HashSet<>();
        claimed.forEach(c -> invoiceNumbers.add(c.event().merchantReference()));
        batch.applied.values().forEach(list -> list.forEach(a -> invoiceNumbers.add(a.invoiceNumber())));
        batch.lock(invoices.lockByNumbers(invoiceNumbers));

        for (ClaimedEvent claim : claimed) {
            MDC.put("correlationId", "payment:" + claim.event().gateway() + ":" + claim.event().eventKey());
            try {
                apply(claim, batch);
            } finally {
                MDC.remove("correlationId");
            }
        }
        Map<Long, BigDecimal> allocatedTotals = new HashMap<>();
        batch.touchedInvoices.forEach(number -> {
            LockedInvoice locked = batch.locked.get(number);
            allocatedTotals.put(locked.id(), batch.current.get(number).allocatedSoFar().amount());
        });
        records.record(batch.allocations, batch.exceptions, batch.reconciledIds);
        payments.insertReversals(batch.reversals);
        payments.updateAll(batch.facts.values());
        invoices.updateAllocatedTotals(allocatedTotals);
        List<Long> entryIds = journal.insertAll(batch.entries);
        log.info("Reconciliation: {} payment event(s) claimed, {} payment(s) applied, {} exception(s), {} entries",
                claimed.size(), batch.matched, batch.exceptions.size(), batch.entries.size());
        return new ReconciledBatch(claimed.size(), batch.matched, entryIds);
    }

    /** Payments in this batch that may have to give money back from invoices: those with a refund event. */
    private static Set<String> refundablePayments(List<ClaimedEvent> claimed, Map<String, PaymentFacts> facts) {
        Set<String> keys = new HashSet<>();
        for (ClaimedEvent c : claimed) {
            if (c.event().type().isRefund() && facts.get(c.event().paymentKey()).bookedPaid().isPositive()) {
                keys.add(c.event().paymentKey());
            }
        }
        return keys;
    }

    private void apply(ClaimedEvent claim, Batch batch) {
        PaymentEvent event = claim.event();
        PaymentFacts before = batch.facts.get(event.paymentKey());
        PaymentLifecycle.Observation observation = lifecycle.observe(before, event);
        if (observation instanceof PaymentLifecycle.Contradiction contradiction) {
            batch.exception(claim, ExceptionReason.valueOf(contradiction.reason()), contradiction.detail());
            return;
        }
        PaymentLifecycle.Settlement settlement = lifecycle.settle(((PaymentLifecycle.Observed) observation).facts());
        PaymentFacts after = settlement.facts();
        LocalDate date = LocalDate.ofInstant(event.occurredAt(), company.zone());
        for (MoneyMovement movement : settlement.due()) {
            if (movement instanceof MoneyMovement.Received received) {
                after = receive(claim, received, after, date, batch);
            } else if (movement instanceof MoneyMovement.Refunded refunded) {
                after = refund(event, refunded, after, date, batch);
            } else if (movement instanceof MoneyMovement.DisputeOpened opened) {
                batch.entries.add(postings.forDisputeOpened(opened.paymentKey(), opened.disputeId(), opened.amount(), date));
            } else if (movement instanceof MoneyMovement.DisputeDecided decided) {
                batch.entries.add(postings.forDisputeDecided(decided.paymentKey(), decided.disputeId(), decided.amount(),
                        decided.won(), date));
            }
        }
        batch.facts.put(event.paymentKey(), after);
        if (event.type().isRefund() && settlement.refundExcess().isPositive()) {
            batch.exception(claim, ExceptionReason.REFUND_EXCEEDS_PAYMENT, "refunds of " + after.refunded()
                    + " reported on payment " + after.paymentKey() + " of " + after.paid()
                    + "; only the paid amount is booked as refunded");
        }
        batch.reconciled(claim);
    }

    /** Applies a payment to the invoice its reference names, or holds it as the customer's credit for a person. */
    private PaymentFacts receive(ClaimedEvent claim, MoneyMovement.Received received, PaymentFacts facts,
            LocalDate date, Batch batch) {
        PaymentEvent payment = claim.event();
        OpenInvoice invoice = payment.merchantReference() == null ? null : batch.current.get(payment.merchantReference());
        // the matcher sees the payment's amount as the lifecycle books it (the first report of the payment)
        PaymentEvent asBooked = new PaymentEvent(payment.gateway(), payment.eventKey(), payment.type(),
                payment.gatewayTradeId(), payment.merchantReference(), received.amount(), payment.occurredAt(),
                payment.payerId(), payment.movementId());
        MatchDecision decision = matcher.match(asBooked, Optional.ofNullable(invoice));
        if (decision instanceof MatchDecision.Matched matched) {
            LockedInvoice locked = batch.locked.get(invoice.invoiceNumber());
            batch.allocations.add(new NewAllocation(claim.id(), locked.id(), matched.allocation()));
            batch.move(invoice.invoiceNumber(), matched.allocation().amount());
            batch.applied.computeIfAbsent(facts.paymentKey(), k -> new ArrayList<>())
                    .add(new Applied(locked.id(), invoice.invoiceNumber(), matched.allocation().amount()));
            batch.entries.add(postings.forPaymentAllocation(matched.allocation(), date));
            batch.matched++;
            log.debug("Payment {} applied to invoice {}: {}{}", facts.paymentKey(), invoice.invoiceNumber(),
                    matched.allocation().amount(), matched.settlesInvoice() ? " (settled)" : " (partial)");
            return facts;
        }
        MatchDecision.Unmatched unmatched = (MatchDecision.Unmatched) decision;
        batch.exception(claim, unmatched.reason(), unmatched.detail() + "; held as customer credit");
        if (received.amount().isPositive()) {
            batch.entries.add(postings.forUnappliedPayment(facts.paymentKey(), received.amount(), date));
        }
        log.warn("Payment {} needs a person: {} ({})", facts.paymentKey(), unmatched.reason(), unmatched.detail());
        return facts.withBooked(facts.bookedPaid(), facts.bookedRefunded(), facts.bookedDisputeStage(),
                facts.unapplied().plus(received.amount()));
    }

    /** Gives the refunded money back from the customer's credit first, then from the invoices it settled, oldest first. */
    private PaymentFacts refund(PaymentEvent event, MoneyMovement.Refunded refunded, PaymentFacts facts, LocalDate date,
            Batch batch) {
        Money rest = refunded.amount();
        Money fromCredit = facts.unapplied().isGreaterThan(rest) ? rest : facts.unapplied();
        rest = rest.minus(fromCredit);
        String refundKey = LedgerPostings.refundKey(facts.paymentKey(), refunded.refundedAfter());
        List<ReopenedInvoice> reopened = new ArrayList<>();
        List<Applied> applied = batch.applied.getOrDefault(facts.paymentKey(), new ArrayList<>());
        for (int i = 0; i < applied.size() && rest.isPositive(); i++) {
            Applied a = applied.get(i);
            Money take = a.amount().isGreaterThan(rest) ? rest : a.amount();
            if (!take.isPositive()) {
                continue;
            }
            reopened.add(new ReopenedInvoice(a.invoiceNumber(), take));
            batch.reversals.add(new Reversal(refundKey, facts.gateway(), facts.gatewayTradeId(), a.invoiceId(), take));
            batch.move(a.invoiceNumber(), take.negate());
            applied.set(i, new Applied(a.invoiceId(), a.invoiceNumber(), a.amount().minus(take)));
            rest = rest.minus(take);
        }
        if (rest.isPositive()) {
            // cannot happen while every booked payment is either applied or credit; refuse rather than guess
            throw new IllegalStateException("refund of " + refunded.amount() + " on " + facts.paymentKey()
                    + " exceeds what the payment applied and holds by " + rest);
        }
        batch.entries.add(postings.forRefund(facts.paymentKey(), fromCredit, reopened, refunded.refundedAfter(), date));
        log.info("Refund of {} on payment {} ({} from credit, reopens {})", refunded.amount(), facts.paymentKey(),
                fromCredit, reopened);
        return facts.withBooked(facts.bookedPaid(), facts.bookedRefunded(), facts.bookedDisputeStage(),
                facts.unapplied().minus(fromCredit));
    }

    /** What one batch has decided so far. */
    private static final class Batch {
        final Map<String, PaymentFacts> facts;
        final Map<String, List<Applied>> applied;
        Map<String, LockedInvoice> locked = Map.of();
        /** Each locked invoice as this batch has left it. */
        final Map<String, OpenInvoice> current = new HashMap<>();
        final Set<String> touchedInvoices = new HashSet<>();
        final List<NewAllocation> allocations = new ArrayList<>();
        final List<NewException> exceptions = new ArrayList<>();
        final Set<Long> excepted = new HashSet<>();
        final List<Long> reconciledIds = new ArrayList<>();
        final List<Reversal> reversals = new ArrayList<>();
        final List<JournalEntry> entries = new ArrayList<>();
        int matched;

        Batch(Map<String, PaymentFacts> facts, Map<String, List<Applied>> applied) {
            this.facts = facts;
            this.applied = new HashMap<>(applied);
        }

        void lock(Map<String, LockedInvoice> lockedInvoices) {
            this.locked = lockedInvoices;
            lockedInvoices.forEach((number, invoice) -> current.put(number, invoice.invoice()));
        }

        void move(String invoiceNumber, Money allocatedChange) {
            OpenInvoice invoice = current.get(invoiceNumber);
            current.put(invoiceNumber, new OpenInvoice(invoice.invoiceNumber(), invoice.customerId(), invoice.grossTotal(),
                    invoice.allocatedSoFar().plus(allocatedChange)));
            touchedInvoices.add(invoiceNumber);
        }

        void exception(ClaimedEvent claim, ExceptionReason reason, String detail) {
            if (excepted.add(claim.id())) {
                exceptions.add(new NewException(claim.id(), reason, detail));
            }
        }

        void reconciled(ClaimedEvent claim) {
            if (!excepted.contains(claim.id())) {
                reconciledIds.add(claim.id());
            }
        }
    }

    /** For tests and reports: when an instant falls on the company's business day. */
    LocalDate businessDay(Instant at) {
        return LocalDate.ofInstant(at, company.zone());
    }
}
