package com.ledgerbridge.domain.reconciliation.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The accounting invariants of matching, over random small worlds (a few customers with crowded, look-alike items
 * in two currencies, some split into instalments) and random payments of every kind, under rule sets varied in
 * tolerance, tie policy and whether oldest-first applies: whatever the rules decide, money is neither created nor
 * lost, nor moved across currencies.
 */
class MatchingPropertiesTest {

    static ExecutorService pool;

    @BeforeContainer
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterContainer
    static void stopPool() {
        pool.shutdownNow();
    }

    record World(OpenItemBook book, PayerDirectory payers, List<IncomingPayment> payments, MatchingRules rules) {
    }

    static World world(long seed, int invoices, int payments, int toleranceCents, boolean oldestFirstApplies,
            TiePolicy ties) {
        RandomReceivables receivables = new RandomReceivables(seed, invoices);
        Tolerance tolerance = new Tolerance(BigDecimal.valueOf(toleranceCents, 2), BigDecimal.ZERO);
        MatchingRules base = RandomReceivables.defaultRules(oldestFirstApplies);
        List<MatchingRule> rules = new ArrayList<>();
        for (MatchingRule rule : base.rules()) {
            if (rule instanceof ExactReferenceRule r) {
                rules.add(new ExactReferenceRule(r.id(), r.mode(), tolerance, r.partial(), r.overpayment(), false));
            } else if (rule instanceof AmountCustomerDateRule r) {
                rules.add(new AmountCustomerDateRule(r.id(), r.mode(), tolerance, r.dateBasis(), r.daysBefore(),
                        r.daysAfter(), ties));
            } else {
                rules.add(rule);
            }
        }
        return new World(receivables.addItemsTo(OpenItemBook.builder()).build(), receivables.payers(),
                receivables.payments(0, payments), new MatchingRules("prop-1", base.references(), rules));
    }

    @Property(tries = 300)
    void moneyIsNeitherCreatedNorLostNorMovedAcrossCurrencies(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int invoices, @ForAll @IntRange(min = 1, max = 60) int paymentCount,
            @ForAll @IntRange(min = 0, max = 500) int toleranceCents, @ForAll boolean oldestFirstApplies,
            @ForAll TiePolicy ties) {
        World w = world(seed, invoices, paymentCount, toleranceCents, oldestFirstApplies, ties);
        MatchingRun run = new MatchingEngine(w.rules()).start(w.book(), w.payers());
        List<PaymentDecision> decisions = run.match(w.payments());

        Map<String, Money> allocatedPerItem = new HashMap<>();
        Map<String, Money> runningOpen = new HashMap<>();
        for (OpenItem item : w.book().items()) {
            runningOpen.put(item.itemId(), item.open());
        }
        for (int i = 0; i < decisions.size(); i++) {
            IncomingPayment payment = w.payments().get(i);
            PaymentDecision d = decisions.get(i);
            Money paid = payment.amount();
            assertThat(d.paymentKey()).isEqualTo(payment.paymentKey());
            assertThat(d.paid()).isEqualTo(paid);
            Money sum = Money.zero(paid.currency());
            for (ItemAllocation a : d.allocations()) {
                OpenItem item = w.book().item(w.book().ordinalOf(a.itemId()));
                // no allocation in another currency: the item's, the allocation's and the payment's are one
                assertThat(item.open().currency()).isEqualTo(paid.currency());
                assertThat(a.amount().currency()).isEqualTo(paid.currency());
                assertThat(a.amount().isPositive()).isTrue();
                // each allocation starts from what earlier payments left on the item, in arrival order
                assertThat(a.openBefore()).isEqualTo(runningOpen.get(a.itemId()));
                runningOpen.put(a.itemId(), a.openBefore().minus(a.amount()));
                allocatedPerItem.merge(a.itemId(), a.amount(), Money::plus);
                sum = sum.plus(a.amount());
            }
            // Σ allocations per payment ≤ payment
            assertThat(sum.isGreaterThan(paid)).as("payment %s allocated %s of %s", d.paymentKey(), sum, paid).isFalse();
            if (d.outcome().applies()) {
                // payment = Σ allocations + credit
                assertThat(sum.plus(d.credit())).isEqualTo(paid);
                assertThat(d.credit().isPositive()).isEqualTo(d.outcome() == Outcome.OVERPAYMENT);
                assertThat(d.ruleId()).isNotNull();
                assertThat(d.reason()).isNull();
            } else {
                assertThat(d.allocations()).isEmpty();
                assertThat(d.credit().isZero()).isTrue();
                assertThat(d.reason()).isNotNull();
            }
            assertThat(d.rulesVersion()).isEqualTo("prop-1");
        }
        for (OpenItem item : w.book().items()) {
            Money allocated = allocatedPerItem.getOrDefault(item.itemId(), Money.zero(item.open().currency()));
            // Σ allocations per item ≤ its open amount, and what is open now is what is left
            assertThat(allocated.isGreaterThan(item.open())).as("item %s", item.itemId()).isFalse();
            assertThat(run.open(item.itemId())).isEqualTo(item.open().minus(allocated));
        }
    }

    @Property(tries = 100)
    void threeThreadsDecideAsOneDoes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int invoices,
            @ForAll @IntRange(min = 1, max = 400) int paymentCount, @ForAll boolean oldestFirstApplies) {
        World w = world(seed, invoices, paymentCount, 5, oldestFirstApplies, TiePolicy.SUGGEST);
        MatchingEngine engine = new MatchingEngine(w.rules());
        List<PaymentDecision> one = engine.start(w.book(), w.payers()).match(w.payments());
        List<PaymentDecision> three = engine.start(w.book(), w.payers()).match(w.payments(), pool, 3);

        assertThat(three).isEqualTo(one);
        for (int i = 0; i < one.size(); i++) {
            assertThat(three.get(i).toJson()).isEqualTo(one.get(i).toJson());
        }
    }
}
