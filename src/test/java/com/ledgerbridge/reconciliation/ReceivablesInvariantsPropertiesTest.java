package com.ledgerbridge.reconciliation;

import com.ledgerbridge.invoicing.InvoicingService;
import com.ledgerbridge.operations.ExceptionWorkbench;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Amount;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Dispute;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Approve;
import com.ledgerbridge.reconciliation.ReceivablesScenario.IssueInvoice;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Naming;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Pay;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Reconcile;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Redeliver;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Refund;
import com.ledgerbridge.reconciliation.ReceivablesScenario.Step;
import com.ledgerbridge.reconciliation.ReceivablesScenario.WorkbenchAction;
import com.ledgerbridge.reconciliation.ReceivablesScenario.WorkbenchKind;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.testing.TestApplication;
import com.ledgerbridge.testing.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The accounting invariants of receivables ({@link ReceivablesInvariants}) over random histories of invoices,
 * payments of every kind (exact, memo, several invoices, no reference from a known or unknown payer, unknown
 * reference; exact, over, a few cents short, more short), notifications delivered again or late, refunds (cumulative totals
 * and single refunds, partial and full), chargebacks opened and decided, reconciliation in batches of random size, and workbench actions by a maker
 * with approvals above small amounts — all through the real services on one database, checked from the database
 * after every step that can book (or only at the end: {@code -Dledgerbridge.test.invariants.check=end}).
 *
 * <p>One application context serves all tries; each try works on its own customers and trades (a prefix), so tries
 * share the database without seeing each other. Settings: {@code -Dledgerbridge.test.invariants.tries=100},
 * {@code -Dledgerbridge.test.invariants.max-steps=30}; the database as for every test ({@link TestDatabase}).
 */
class ReceivablesInvariantsPropertiesTest {

    private static final AtomicInteger TRIES = new AtomicInteger();
    private static final int MAX_STEPS = Integer.getInteger("ledgerbridge.test.invariants.max-steps", 30);
    private static final boolean CHECK_EVERY_STEP = !"end".equals(
            System.getProperty("ledgerbridge.test.invariants.check", "every-step"));
    private static ConfigurableApplicationContext application;

    /** Sets the number of tries from {@code ledgerbridge.test.invariants.tries} (default 100). */
    static class Tries implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(Integer.getInteger("ledgerbridge.test.invariants.tries", 100));
            return property.execute();
        }
    }

    @BeforeContainer
    static void startApplication() {
        // approvals above small amounts, so that histories reach them: write-offs above 40 (level 1) and 200
        // (level 2), matches above 150, refund instructions above 100
        Map<String, Object> approvals = new LinkedHashMap<>();
        Object[][] thresholds = {{"WRITE_OFF", 1, 40}, {"WRITE_OFF", 2, 200}, {"MATCH", 1, 150}, {"REFUND", 1, 100}};
        for (int i = 0; i < thresholds.length; i++) {
            approvals.put("ledgerbridge.workbench.approvals[" + i + "].kind", thresholds[i][0]);
            approvals.put("ledgerbridge.workbench.approvals[" + i + "].level", thresholds[i][1]);
            approvals.put("ledgerbridge.workbench.approvals[" + i + "].above", thresholds[i][2]);
        }
        application = TestApplication.start(TestDatabase.standard(), approvals);
    }

    @AfterContainer
    static void stopApplication() {
        if (application != null) {
            application.close();
        }
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(Tries.class)
    void theBooksAgreeWithTheSubLedgerAfterEveryStep(@ForAll("histories") List<Step> history) {
        JdbcClient jdbc = application.getBean(JdbcClient.class);
        // a try that failed half-way may have left notifications waiting; they are not this try's to reconcile
        jdbc.sql("update payment_event set status = 'ABANDONED' where status = 'RECEIVED'").update();
        ReceivablesScenario scenario = new ReceivablesScenario("iv" + TRIES.incrementAndGet(), jdbc,
                application.getBean(InvoicingService.class), application.getBean(OrderStore.class),
                application.getBean(ReconciliationService.class), application.getBean(ExceptionWorkbench.class),
                application.getBean(CustomerCreditService.class));
        ReceivablesInvariants invariants = scenario.invariants();
        for (int i = 0; i < history.size(); i++) {
            Step step = history.get(i);
            scenario.run(step);
            if (CHECK_EVERY_STEP && ReceivablesScenario.books(step)) {
                holds(invariants, "after step " + (i + 1) + " " + step, scenario);
            }
        }
        scenario.drain();
        holds(invariants, "after the last step and reconciling what waited", scenario);
        scenario.outcomes().forEach(outcome -> Statistics.label("tries reaching").collect(outcome));
        scenario.workbenchAttempts().forEach(attempt -> Statistics.label("workbench requests").collect(attempt));
    }

    /**
     * Found by the property: a payment a few cents short settles its invoice with a write-off, and a later payment of
     * the same batch naming the invoice in its memo must see it settled, not open by those cents.
     */
    @Example
    void aWriteOffWithinToleranceIsSeenByALaterPaymentOfTheSameBatch() {
        theBooksAgreeWithTheSubLedgerAfterEveryStep(List.of(
                new IssueInvoice(0, "CNY", 1_000, 1),
                new Pay(Naming.EXACT_REFERENCE, Amount.SHORT_WITHIN_TOLERANCE, 0, 0, 1, 1),
                new Pay(Naming.MEMO_REFERENCE, Amount.EXACT, 0, 0, 1, 1)));
    }

    /**
     * Found by the property: a match whose payment was refunded since cannot be undone (its money went back to the
     * buyer already; undoing would reopen the invoice twice and hand the credit back a second time).
     */
    @Example
    void aMatchWhosePaymentWasRefundedSinceIsNotUndone() {
        theBooksAgreeWithTheSubLedgerAfterEveryStep(List.of(
                new IssueInvoice(0, "CNY", 10_000, 1),
                new Pay(Naming.UNKNOWN_REFERENCE, Amount.EXACT, 0, 0, 1, 1),
                new Reconcile(5),
                new WorkbenchAction(WorkbenchKind.MATCH, 0, 0, 0, 50, false),
                new Refund(0, true, 100),
                new Reconcile(5),
                new WorkbenchAction(WorkbenchKind.UNDO, 0, 0, 0, 100, false)));
    }

    private static void holds(ReceivablesInvariants invariants, String when, ReceivablesScenario scenario) {
        List<String> violations = invariants.violations();
        if (!violations.isEmpty()) {
            throw new AssertionError(when + ":\n  " + String.join("\n  ", violations) + "\nwhat happened:\n  "
                    + String.join("\n  ", scenario.trace()));
        }
    }

    // ---- histories --------------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(2, issueInvoice()),
                Tuple.of(1, issueInvoiceInInstalments()),
                Tuple.of(1, prepay()),
                Tuple.of(2, Arbitraries.just(new ReceivablesScenario.ApplyCredit())),
                Tuple.of(5, pay()),
                Tuple.of(4, reconcile()),
                Tuple.of(1, redeliver()),
                Tuple.of(2, refund()),
                Tuple.of(1, dispute()),
                Tuple.of(4, workbenchAction()),
                Tuple.of(2, approve()));
        // a few invoices first, so that most payments have something to pay
        return Combinators.combine(issueInvoice().list().ofMinSize(1).ofMaxSize(4),
                step.list().ofMinSize(1).ofMaxSize(MAX_STEPS).withSizeDistribution(RandomDistribution.uniform())).as((invoices, steps) -> {
                    List<Step> history = new ArrayList<>(invoices);
                    history.addAll(steps);
                    return history;
                });
    }

    private static Arbitrary<Step> issueInvoice() {
        return Combinators.combine(customer(), Arbitraries.of(ReceivablesScenario.CURRENCIES),
                        Arbitraries.integers().between(1_000, 50_000), Arbitraries.integers().between(1, 2))
                .as(IssueInvoice::new);
    }

    private static Arbitrary<Step> issueInvoiceInInstalments() {
        return Combinators.combine(customer(), Arbitraries.of(ReceivablesScenario.CURRENCIES),
                        Arbitraries.integers().between(1_000, 50_000),
                        Arbitraries.integers().between(0, ReceivablesScenario.TERMS.size() - 1))
                .as(ReceivablesScenario.IssueInvoiceInInstalments::new);
    }

    private static Arbitrary<Step> prepay() {
        return Combinators.combine(customer(), Arbitraries.of(ReceivablesScenario.CURRENCIES),
                Arbitraries.integers().between(1_000, 50_000)).as(ReceivablesScenario.Prepay::new);
    }

    private static Arbitrary<Step> pay() {
        return Combinators.combine(Arbitraries.of(Naming.class), Arbitraries.of(Amount.class), index(), index(),
                        Arbitraries.integers().between(1, 5_000), Arbitraries.frequencyOf(
                                Tuple.of(1, Arbitraries.just(0)), Tuple.of(6, Arbitraries.integers().between(1, 3))))
                .as(Pay::new);
    }

    private static Arbitrary<Step> reconcile() {
        return Arbitraries.integers().between(1, 8).map(Reconcile::new);
    }

    private static Arbitrary<Step> redeliver() {
        return index().map(Redeliver::new);
    }

    private static Arbitrary<Step> refund() {
        return Combinators.combine(index(), Arbitraries.of(true, false), percent()).as(Refund::new);
    }

    private static Arbitrary<Step> dispute() {
        return Combinators.combine(index(), Arbitraries.of(PaymentEventType.DISPUTE_OPENED,
                PaymentEventType.DISPUTE_WON, PaymentEventType.DISPUTE_LOST), percent()).as(Dispute::new);
    }

    private static Arbitrary<Step> workbenchAction() {
        return Combinators.combine(Arbitraries.of(WorkbenchKind.class), index(), index(), index(), percent(),
                Arbitraries.of(false, true)).as(WorkbenchAction::new);
    }

    private static Arbitrary<Step> approve() {
        return Combinators.combine(index(), Arbitraries.of(false, false, false, true)).as(Approve::new);
    }

    private static Arbitrary<Integer> customer() {
        return Arbitraries.integers().between(0, ReceivablesScenario.CUSTOMERS - 1);
    }

    /**
     * "The i-th newest" of whatever a step picks from (modulo how many there are when it runs): mostly one of the
     * last three, so that steps meet (a refund of the payment just made, the undo of the action just taken).
     */
    private static Arbitrary<Integer> index() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(0, 2)),
                Tuple.of(1, Arbitraries.integers().between(0, 20)));
    }

    /** A share in percent: all (often), some, or more than there is (which must be refused or capped). */
    private static Arbitrary<Integer> percent() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(100)),
                Tuple.of(5, Arbitraries.integers().between(1, 99)),
                Tuple.of(1, Arbitraries.integers().between(101, 130)));
    }
}
