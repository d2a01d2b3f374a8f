package com.ledgerbridge.domain.reconciliation.matching;

import static com.ledgerbridge.domain.reconciliation.matching.Matching.DUE;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.absolute;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.cny;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.evidence;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.exactReference;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.invoice;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.multi;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.pay;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.rules;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.reconciliation.matching.FieldResult.RuleNote;
import com.ledgerbridge.domain.reconciliation.matching.Matching.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiInvoiceRuleTest {

    static final MultiInvoiceRule LISTED = multi("listed-invoices", MultiInvoiceStrategy.LISTED_REFERENCES);
    static final MultiInvoiceRule SUBSET = multi("exact-subset", MultiInvoiceStrategy.EXACT_SUBSET);
    static final MultiInvoiceRule OLDEST = multi("oldest-first", MultiInvoiceStrategy.OLDEST_FIRST);

    /** C-1 owes four invoices, due one a week apart, in the order of their numbers. */
    static Scenario fourInvoices(MatchingRule... rules) {
        return new Scenario(rules(rules)).payer("2088-buyer", "C-1")
                .item(invoice("INV-000001", "C-1", cny("100.00"), DUE))
                .item(invoice("INV-000002", "C-1", cny("250.00"), DUE.plusDays(7)))
                .item(invoice("INV-000003", "C-1", cny("400.00"), DUE.plusDays(14)))
                .item(invoice("INV-000004", "C-1", cny("730.00"), DUE.plusDays(21)));
    }

    // --- by the references the payment lists

    @Test
    void aPaymentListingInvoicesPaysThemAll() {
        Scenario s = fourInvoices(LISTED, exactReference());
        PaymentDecision d = s.decide(pay("p1", cny("650.00")).memo("INV-000003, INV-000002"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.ruleId()).isEqualTo("listed-invoices");
        // the one due first first, whatever the order listed
        assertThat(d.allocations()).extracting(ItemAllocation::itemId, ItemAllocation::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("INV-000002", cny("250.00")),
                org.assertj.core.groups.Tuple.tuple("INV-000003", cny("400.00")));
        assertThat(d.candidates()).singleElement()
                .satisfies(c -> assertThat(c.itemIds()).containsExactly("INV-000002", "INV-000003"));
    }

    @Test
    void lessThanTheListedInvoicesPaysTheOneDueFirstAndLeavesTheRestOpen() {
        Scenario s = fourInvoices(LISTED);
        PaymentDecision d = s.decide(pay("p1", cny("300.00")).memo("INV-000001 INV-000002"));

        assertThat(d.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(d.allocations()).extracting(ItemAllocation::itemId, ItemAllocation::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("INV-000001", cny("100.00")),
                org.assertj.core.groups.Tuple.tuple("INV-000002", cny("200.00")));
        assertThat(s.open("INV-000002")).isEqualTo(cny("50.00"));
    }

    @Test
    void moreThanTheListedInvoicesLeavesCredit() {
        Scenario s = fourInvoices(LISTED);
        PaymentDecision d = s.decide(pay("p1", cny("400.00")).memo("INV-000001 INV-000002"));

        assertThat(d.outcome()).isEqualTo(Outcome.OVERPAYMENT);
        assertThat(d.credit()).isEqualTo(cny("50.00"));
    }

    @Test
    void anUnknownListedReferenceIsSuggested() {
        Scenario s = fourInvoices(LISTED);
        PaymentDecision d = s.decide(pay("p1", cny("350.00")).memo("INV-000001 INV-000002 INV-000099"));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.INCOMPLETE_REFERENCES);
        assertThat(s.open("INV-000001")).isEqualTo(cny("100.00"));
    }

    @Test
    void aListedInvoiceInAnotherCurrencyIsNoMatch() {
        Scenario s = fourInvoices(LISTED).item(invoice("INV-000005", "C-1", usd("10.00")));
        PaymentDecision d = s.decide(pay("p1", cny("110.00")).memo("INV-000001 INV-000005"));

        assertThat(d.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(d.reason()).isEqualTo(DecisionReason.CURRENCY_MISMATCH);
    }

    @Test
    void oneReferenceIsLeftToTheNextRule() {
        Scenario s = fourInvoices(LISTED, exactReference());
        PaymentDecision d = s.decide(pay("p1", cny("100.00")).reference("INV-000001"));

        assertThat(d.ruleId()).isEqualTo("exact-reference");
        assertThat(evidence(d, RuleNote.class)).first().satisfies(n -> {
            assertThat(n.ruleId()).isEqualTo("listed-invoices");
            assertThat(n.check()).isEqualTo(Check.FAIL);
        });
    }

    // --- an exact subset of the customer's open items

    @Test
    void theOneSubsetAddingUpToThePaymentIsPaid() {
        Scenario s = fourInvoices(SUBSET);
        // 100 + 730 = 830 is the only way to make 830.00 of 100, 250, 400, 730
        PaymentDecision d = s.decide(pay("p1", cny("830.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.ruleId()).isEqualTo("exact-subset");
        assertThat(d.allocations()).extracting(ItemAllocation::itemId).containsExactly("INV-000001", "INV-000004");
        assertThat(d.candidateCount()).isEqualTo(1);
        assertThat(evidence(d, RuleNote.class)).last()
                .satisfies(n -> assertThat(n.text()).contains("exactly one subset of the 4 open items"));
    }

    @Test
    void noSubsetPassesThePaymentOn() {
        Scenario s = fourInvoices(SUBSET);
        PaymentDecision d = s.decide(pay("p1", cny("120.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(d.reason()).isEqualTo(DecisionReason.NO_CANDIDATE);
        assertThat(evidence(d, RuleNote.class)).singleElement().satisfies(n -> assertThat(n.text())
                .contains("no subset of the 4 open items of customer C-1 adds up to 120.00 CNY"));
    }

    @Test
    void twoSubsetsAreSuggestedNeverGuessed() {
        Scenario s = new Scenario(rules(SUBSET)).payer("2088-buyer", "C-1")
                .item(invoice("INV-000001", "C-1", cny("100.00"), DUE))
                .item(invoice("INV-000002", "C-1", cny("200.00"), DUE.plusDays(1)))
                .item(invoice("INV-000003", "C-1", cny("300.00"), DUE.plusDays(2)));
        PaymentDecision d = s.decide(pay("p1", cny("300.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.AMBIGUOUS);
        assertThat(d.candidates()).extracting(Candidate::itemIds)
                .containsExactlyInAnyOrder(List.of("INV-000001", "INV-000002"), List.of("INV-000003"));
        assertThat(s.open("INV-000003")).isEqualTo(cny("300.00"));
        assertThat(s.open("INV-000001")).isEqualTo(cny("100.00"));
    }

    @Test
    void aSubsetAmongOnlyTheOldestCandidatesIsSuggestedAsUnproven() {
        MultiInvoiceRule twoOnly = new MultiInvoiceRule("exact-subset", RuleMode.AUTO, MultiInvoiceStrategy.EXACT_SUBSET,
                Tolerance.EXACT, PartialPolicy.AUTO, OverpaymentPolicy.CREDIT, 2);
        Scenario s = fourInvoices(twoOnly);
        PaymentDecision d = s.decide(pay("p1", cny("350.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.UNIQUENESS_UNPROVEN);
        assertThat(d.candidates()).singleElement()
                .satisfies(c -> assertThat(c.itemIds()).containsExactly("INV-000001", "INV-000002"));
    }

    @Test
    void twentyFourCandidatesAreSearchedExactly() {
        Scenario s = new Scenario(rules(new MultiInvoiceRule("exact-subset", RuleMode.AUTO,
                MultiInvoiceStrategy.EXACT_SUBSET, Tolerance.EXACT, PartialPolicy.AUTO, OverpaymentPolicy.CREDIT, 24)))
                .payer("2088-buyer", "C-1");
        // powers of two in cents: every sum has exactly one subset
        for (int i = 0; i < 24; i++) {
            s.item(invoice(String.format("INV-%06d", i), "C-1", com.ledgerbridge.domain.money.Money.ofMinor(1L << i,
                    java.util.Currency.getInstance("CNY")), DUE.plusDays(i)));
        }
        long target = (1L << 23) + (1L << 11) + 1;
        PaymentDecision d = s.decide(pay("p1", com.ledgerbridge.domain.money.Money.ofMinor(target,
                java.util.Currency.getInstance("CNY"))).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.allocations()).extracting(ItemAllocation::itemId)
                .containsExactly("INV-000000", "INV-000011", "INV-000023");
    }

    // --- oldest first

    @Test
    void oldestFirstPaysTheOneDueFirstFirst() {
        Scenario s = fourInvoices(OLDEST);
        PaymentDecision d = s.decide(pay("p1", cny("500.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(d.allocations()).extracting(ItemAllocation::itemId, ItemAllocation::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("INV-000001", cny("100.00")),
                org.assertj.core.groups.Tuple.tuple("INV-000002", cny("250.00")),
                org.assertj.core.groups.Tuple.tuple("INV-000003", cny("150.00")));
        assertThat(s.open("INV-000003")).isEqualTo(cny("250.00"));
        assertThat(s.open("INV-000004")).isEqualTo(cny("730.00"));
    }

    @Test
    void oldestFirstSettlingWholeItemsIsAMatch() {
        Scenario s = fourInvoices(OLDEST);
        PaymentDecision d = s.decide(pay("p1", cny("350.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.allocations()).extracting(ItemAllocation::itemId).containsExactly("INV-000001", "INV-000002");
    }

    @Test
    void oldestFirstBeyondAllThatIsOpenLeavesCredit() {
        Scenario s = fourInvoices(OLDEST);
        PaymentDecision d = s.decide(pay("p1", cny("1500.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.OVERPAYMENT);
        assertThat(d.allocations()).hasSize(4);
        assertThat(d.credit()).isEqualTo(cny("20.00"));
    }

    @Test
    void oldestFirstAsSuggestionAppliesNothing() {
        MultiInvoiceRule suggest = new MultiInvoiceRule("oldest-first", RuleMode.SUGGEST, MultiInvoiceStrategy.OLDEST_FIRST,
                absolute("0"), PartialPolicy.AUTO, OverpaymentPolicy.CREDIT, 20);
        Scenario s = fourInvoices(suggest);
        PaymentDecision d = s.decide(pay("p1", cny("500.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.RULE_SUGGESTS_ONLY);
        assertThat(d.candidates()).singleElement().satisfies(c -> assertThat(c.itemIds())
                .containsExactly("INV-000001", "INV-000002", "INV-000003"));
        assertThat(s.open("INV-000001")).isEqualTo(cny("100.00"));
    }

    @Test
    void paymentsOfOneCustomerSeeWhatEarlierOnesLeft() {
        Scenario s = fourInvoices(OLDEST);
        s.decide(pay("p1", cny("150.00")).payer("2088-buyer"));
        PaymentDecision second = s.decide(pay("p2", cny("200.00")).payer("2088-buyer"));

        assertThat(second.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(second.allocations()).extracting(ItemAllocation::itemId, ItemAllocation::openBefore).containsExactly(
                org.assertj.core.groups.Tuple.tuple("INV-000002", cny("200.00")));
    }
}
