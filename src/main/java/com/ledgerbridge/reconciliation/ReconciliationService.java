package com.ledgerbridge.reconciliation;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.invoicing.Instalment;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.ledger.LedgerPostings.ReopenedInvoice;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.MoneyMovement;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentFacts;
import com.ledgerbridge.domain.payment.PaymentLifecycle;
import com.ledgerbridge.domain.reconciliation.Allocation;
import com.ledgerbridge.domain.reconciliation.ExceptionReason;
import com.ledgerbridge.domain.reconciliation.OpenInvoice;
import com.ledgerbridge.domain.reconciliation.matching.DecisionReason;
import com.ledgerbridge.domain.reconciliation.matching.IncomingPayment;
import com.ledgerbridge.domain.reconciliation.matching.ItemAllocation;
import com.ledgerbridge.domain.reconciliation.matching.MatchingEngine;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRun;
import com.ledgerbridge.domain.reconciliation.matching.OpenItem;
import com.ledgerbridge.domain.reconciliation.matching.OpenItemBook;
import com.ledgerbridge.domain.reconciliation.matching.PayerDirectory;
import com.ledgerbridge.domain.reconciliation.matching.PaymentDecision;
import com.ledgerbridge.storage.AuditTrail;
import com.ledgerbridge.storage.CustomerCreditStore;
import com.ledgerbridge.storage.CustomerCreditStore.CustomerCurrency;
import com.ledgerbridge.storage.InvoiceStore;
import com.ledgerbridge.storage.InvoiceStore.MatchableInvoice;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.PaymentStore;
import com.ledgerbridge.storage.PaymentStore.Applied;
import com.ledgerbridge.storage.PaymentStore.PaymentRef;
import com.ledgerbridge.storage.PaymentStore.Reversal;
import com.ledgerbridge.storage.ReconciliationRecords;
import com.ledgerbridge.storage.ReconciliationRecords.ClaimedEvent;
import com.ledgerbridge.storage.ReconciliationRecords.NewAllocation;
import com.ledgerbridge.storage.ReconciliationRecords.NewDecision;
import com.ledgerbridge.storage.ReconciliationRecords.NewException;
import com.ledgerbridge.storage.WorkbenchStore;
import com.ledgerbridge.storage.WorkbenchStore.PendingRefund;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    private final MatchingEngine matching;
    private final PaymentLifecycle lifecycle;
    private final LedgerPostings postings;
    private final CompanyProperties company;
    private final ReconciliationProperties settings;
    private final CustomerCreditStore credit;
    private final OrderStore orders;
    private final WorkbenchStore workbench;
    private final AuditTrail audit;

    public ReconciliationService(ReconciliationRecords records, PaymentStore payments, InvoiceStore invoices,
            JournalStore journal, MatchingEngine matching, PaymentLifecycle lifecycle, LedgerPostings postings,
            CompanyProperties company, ReconciliationProperties settings, CustomerCreditStore credit, OrderStore orders,
            WorkbenchStore workbench, AuditTrail audit) {
        this.credit = credit;
        this.orders = orders;
        this.workbench = workbench;
        this.audit = audit;
        this.records = records;
        this.payments = payments;
        this.invoices = invoices;
        this.journal = journal;
        this.matching = matching;
        this.lifecycle = lifecycle;
        this.postings = postings;
        this.company = company;
        this.settings = settings;
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
        // what matching may apply this batch's payments to: the invoices they name, those its refunds reopen, and
        // every open invoice of the customers they belong to (named by their references, or learned from the payer)
        Set<String> invoiceNumbers = new HashSet<>();
        Set<String> payerIds = new HashSet<>();
        java.util.regex.Pattern invoicePattern = matching.rules().references().invoiceNumberPattern();
        claimed.forEach(c -> {
            invoiceNumbers.add(c.event().merchantReference());
            payerIds.add(c.event().payerId());
            String memo = c.event().memo();
            if (memo != null && invoicePattern != null) {
                java.util.regex.Matcher named = invoicePattern.matcher(memo);
                while (named.find()) {
                    invoiceNumbers.add(named.group());
                }
            }
        });
        batch.applied.values().forEach(list -> list.forEach(a -> invoiceNumbers.add(a.invoiceNumber())));
        Map<String, String> customerOfPayer = payments.customersOfPayers(payerIds);
        Set<String> customers = new HashSet<>(customerOfPayer.values());
        customers.addAll(invoices.customersOf(invoiceNumbers));
        batch.lock(invoices.lockForMatching(invoiceNumbers, customers));
        // a reference naming no invoice may name a CRM order not invoiced yet: a prepayment of that order's customer
        Set<String> unresolved = new HashSet<>();
        claimed.forEach(c -> unresolved.addAll(orderReferences(c.event())));
        unresolved.removeAll(batch.locked.keySet());
        batch.uninvoicedOrders = orders.customersOfUninvoicedOrders(unresolved);
        batch.run = matching.start(book(batch.locked.values()), new PayerDirectory(customerOfPayer));

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
            MatchableInvoice locked = batch.locked.get(number);
            allocatedTotals.put(locked.id(), batch.current.get(number).allocatedSoFar().amount());
        });
        records.record(batch.allocations, batch.exceptions, batch.reconciledIds);
        credit.assignCustomers(batch.customerOfPayment);
        credit.requestReviews(batch.creditReviews);
        batch.refundedFromCredit.forEach((key, amount) -> confirmRefundInstructions(key, amount, batch.facts.get(key)));
        records.recordDecisions(batch.decisions);
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
            batch.exception(claim, ExceptionReason.valueOf(contradiction.reason()).name(), contradiction.detail());
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
            batch.exception(claim, ExceptionReason.REFUND_EXCEEDS_PAYMENT.name(), "refunds of " + after.refunded()
                    + " reported on payment " + after.paymentKey() + " of " + after.paid()
                    + "; only the paid amount is booked as refunded");
        }
        batch.reconciled(claim);
    }

    /**
     * The open items matching may apply payments to: each locked invoice's open amount, or, for an invoice under
     * split terms, each instalment's (what the invoice's allocated total leaves open on it, due first settled first).
     */
    private static OpenItemBook book(java.util.Collection<MatchableInvoice> invoices) {
        List<OpenItem> items = new ArrayList<>();
        for (MatchableInvoice invoice : invoices) {
            if (!invoice.instalments().isEmpty()) {
                List<Money> open = Instalment.openAmounts(invoice.instalments(), invoice.allocated());
                for (int i = 0; i < open.size(); i++) {
                    Instalment instalment = invoice.instalments().get(i);
                    items.add(OpenItem.instalment(invoice.invoiceNumber(), instalment.number(), invoice.crmOrderId(),
                            invoice.customerId(), instalment.amount(), open.get(i), invoice.issueDate(),
                            instalment.dueDate()));
                }
                continue;
            }
            Money open = invoice.gross().minus(invoice.allocated());
            if (open.amount().signum() < 0) {
                open = Money.zero(open.currency());
            }
            items.add(OpenItem.invoice(invoice.invoiceNumber(), invoice.crmOrderId(), invoice.customerId(),
                    invoice.gross(), open, invoice.issueDate(), invoice.dueDate()));
        }
        return OpenItemBook.of(items);
    }

    /** The CRM order numbers a payment names: its merchant reference, and order numbers found in its memo. */
    private List<String> orderReferences(PaymentEvent event) {
        List<String> references = new ArrayList<>();
        if (event.merchantReference() != null && !event.merchantReference().isBlank()) {
            references.add(event.merchantReference().trim());
        }
        java.util.regex.Pattern orderPattern = matching.rules().references().orderNumberPattern();
        if (event.memo() != null && orderPattern != null) {
            java.util.regex.Matcher named = orderPattern.matcher(event.memo());
            while (named.find()) {
                references.add(named.group());
            }
        }
        return references;
    }

    /**
     * A refund the gateway reported took money from a payment's credit: the refund instructions a person gave in the
     * workbench for that payment are carried out (DONE, audited) as far as the refunded credit covers them, and
     * their exception is resolved once no credit is left (open again otherwise).
     */
    private void confirmRefundInstructions(String paymentKey, Money refundedFromCredit, PaymentFacts facts) {
        int colon = paymentKey.indexOf(':');
        Money left = refundedFromCredit;
        for (PendingRefund pending : workbench.pendingRefunds(paymentKey.substring(0, colon),
                paymentKey.substring(colon + 1))) {
            if (pending.amount().isGreaterThan(left)) {
                break;
            }
            left = left.minus(pending.amount());
            String exceptionStatus = facts.unapplied().isPositive() ? "OPEN" : "RESOLVED";
            workbench.setActionStatus(pending.actionId(), "DONE", false);
            workbench.setExceptionStatus(pending.exceptionId(), exceptionStatus);
            audit.append("gateway:" + paymentKey.substring(0, colon), "workbench.refund-reported", "workbench_action",
                    String.valueOf(pending.actionId()), Map.of("status", "PENDING_REFUND"),
                    Map.of("status", "DONE", "refunded", pending.amount().toString(), "exceptionStatus", exceptionStatus));
            log.info("Refund instruction {} on payment {} carried out: the gateway reported the refund",
                    pending.actionId(), paymentKey);
        }
    }


    /**
     * Lets the matching rules decide where a booked payment goes: applied to the open items they chose (each its
     * allocation and entry), any over-payment and anything they cannot place held as the customer's credit, and
     * what they only suggest or cannot decide an exception for a person — the decision, with its evidence and
     * candidates, is stored either way.
     */
    private PaymentFacts receive(ClaimedEvent claim, MoneyMovement.Received received, PaymentFacts facts,
            LocalDate date, Batch batch) {
        PaymentEvent payment = claim.event();
        // the rules see the payment's amount as the lifecycle books it (the first report of the payment)
        IncomingPayment incoming = new IncomingPayment(facts.paymentKey(), received.amount(), date, payment.payerId(),
                null, payment.merchantReference(), payment.memo());
        PaymentDecision decision = batch.run.match(List.of(incoming)).get(0);
        batch.decisions.add(new NewDecision(claim.id(), facts.paymentKey(), decision.outcome().name(), decision.ruleId(),
                decision.rulesVersion(), decision.toJson()));
        Money held = decision.outcome().applies() ? decision.credit() : received.amount();
        // one allocation and one entry per invoice: a payment settling two instalments of an invoice pays the invoice
        Map<String, List<ItemAllocation>> byInvoice = new java.util.LinkedHashMap<>();
        decision.allocations().forEach(a -> byInvoice.computeIfAbsent(a.invoiceNumber(), k -> new ArrayList<>()).add(a));
        byInvoice.forEach((number, items) -> {
            MatchableInvoice invoice = batch.locked.get(number);
            Money amount = items.stream().map(ItemAllocation::amount).reduce(Money::plus).orElseThrow();
            Allocation allocation = new Allocation(facts.paymentKey(), number, amount, decision.ruleId(),
                    evidence(decision, number, amount, items));
            batch.allocations.add(new NewAllocation(claim.id(), invoice.id(), allocation));
            batch.move(number, amount);
            batch.applied.computeIfAbsent(facts.paymentKey(), k -> new ArrayList<>())
                    .add(new Applied(invoice.id(), number, amount));
            batch.entries.add(postings.forPaymentAllocation(allocation, date));
            // a few cents left open (on the invoice, or on the last instalment the payment reached) are written off;
            // the matching run learns of it, so a later payment of this batch sees what the books see
            ItemAllocation last = items.get(items.size() - 1);
            Money shortFall = last.openAfter();
            if (shortFall.isPositive() && shortFall.amount().compareTo(settings.writeOffTolerance()) <= 0) {
                batch.entries.add(postings.forToleranceWriteOff(facts.paymentKey(), number, shortFall, date));
                batch.move(number, shortFall);
                batch.run.settledOutside(last.itemId(), shortFall);
            }
        });
        String customer = decision.customerId();
        String prepaidOrder = null;
        if (!decision.outcome().applies() && decision.reason() == DecisionReason.UNKNOWN_REFERENCE) {
            prepaidOrder = orderReferences(payment).stream().filter(batch.uninvoicedOrders::containsKey).findFirst()
                    .orElse(null);
            customer = prepaidOrder == null ? customer : batch.uninvoicedOrders.get(prepaidOrder);
        }
        if (customer != null) {
            batch.customerOfPayment.put(facts.paymentKey(), customer);
        }
        if (held.isPositive() && customer != null && (decision.outcome().applies() || prepaidOrder != null)) {
            // credit nobody has to look at: applied (or suggested) to the customer's next invoices by CustomerCreditService
            batch.creditReviews.add(new CustomerCurrency(customer, held.currency().getCurrencyCode()));
        }
        if (decision.outcome().applies()) {
            batch.matched++;
        } else if (prepaidOrder != null) {
            log.info("Payment {} prepays order {} of customer {}: {} held as credit for its invoice", facts.paymentKey(),
                    prepaidOrder, customer, held);
        } else {
            batch.exception(claim, decision.reason().name(), decision.outcome() + " by rule "
                    + (decision.ruleId() == null ? "-" : decision.ruleId()) + " (rules " + decision.rulesVersion()
                    + "); " + decision.candidateCount() + " candidate(s); held as customer credit");
            log.warn("Payment {} needs a person: {} {}", facts.paymentKey(), decision.outcome(), decision.reason());
        }
        if (held.isPositive()) {
            batch.entries.add(postings.forUnappliedPayment(facts.paymentKey(), held, date));
        }
        return facts.withBooked(facts.bookedPaid(), facts.bookedRefunded(), facts.bookedDisputeStage(),
                facts.unapplied().plus(held));
    }

    /** An allocation's evidence for people: rule, version, what was applied, and the decision's field results. */
    private static String evidence(PaymentDecision decision, String invoiceNumber, Money amount,
            List<ItemAllocation> items) {
        StringBuilder text = new StringBuilder("rule " + decision.ruleId() + " (rules " + decision.rulesVersion()
                + "): " + amount + " to " + invoiceNumber);
        for (ItemAllocation item : items) {
            text.append(items.size() > 1 || item.instalment() > 0 ? "; " + item.itemId() + " " + item.amount() : "")
                    .append(", open ").append(item.openBefore()).append(" -> ").append(item.openAfter());
        }
        return text.append("; ").append(decision.toJson()).toString();
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
        if (fromCredit.isPositive()) {
            batch.refundedFromCredit.merge(facts.paymentKey(), fromCredit, Money::plus);
        }
        log.info("Refund of {} on payment {} ({} from credit, reopens {})", refunded.amount(), facts.paymentKey(),
                fromCredit, reopened);
        return facts.withBooked(facts.bookedPaid(), facts.bookedRefunded(), facts.bookedDisputeStage(),
                facts.unapplied().minus(fromCredit));
    }

    /** What one batch has decided so far. */
    private static final class Batch {
        final Map<String, PaymentFacts> facts;
        final Map<String, List<Applied>> applied;
        Map<String, MatchableInvoice> locked = Map.of();
        MatchingRun run;
        final List<NewDecision> decisions = new ArrayList<>();
        /** Each locked invoice as this batch has left it. */
        final Map<String, OpenInvoice> current = new HashMap<>();
        final Set<String> touchedInvoices = new HashSet<>();
        final List<NewAllocation> allocations = new ArrayList<>();
        final List<NewException> exceptions = new ArrayList<>();
        final Set<Long> excepted = new HashSet<>();
        final List<Long> reconciledIds = new ArrayList<>();
        final List<Reversal> reversals = new ArrayList<>();
        final List<JournalEntry> entries = new ArrayList<>();
        /** CRM orders named by this batch's payments that have no invoice yet, with their customers. */
        Map<String, String> uninvoicedOrders = Map.of();
        final Map<String, String> customerOfPayment = new HashMap<>();
        final Set<CustomerCurrency> creditReviews = new HashSet<>();
        final Map<String, Money> refundedFromCredit = new HashMap<>();
        int matched;

        Batch(Map<String, PaymentFacts> facts, Map<String, List<Applied>> applied) {
            this.facts = facts;
            this.applied = new HashMap<>(applied);
        }

        void lock(Map<String, MatchableInvoice> lockedInvoices) {
            this.locked = lockedInvoices;
            lockedInvoices.forEach((number, invoice) -> current.put(number, invoice.asOpenInvoice()));
        }

        void move(String invoiceNumber, Money allocatedChange) {
            OpenInvoice invoice = current.get(invoiceNumber);
            current.put(invoiceNumber, new OpenInvoice(invoice.invoiceNumber(), invoice.customerId(), invoice.grossTotal(),
                    invoice.allocatedSoFar().plus(allocatedChange)));
            touchedInvoices.add(invoiceNumber);
        }

        void exception(ClaimedEvent claim, String reason, String detail) {
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
}
