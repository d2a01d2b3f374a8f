package com.ledgerbridge.domain.reconciliation.matching;

import static com.ledgerbridge.domain.reconciliation.matching.Matching.DUE;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.absolute;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.cny;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.evidence;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.exactReference;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.instalment;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.instalments;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.invoice;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.pay;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.rules;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.reconciliation.matching.FieldResult.RuleNote;
import com.ledgerbridge.domain.reconciliation.matching.Matching.Scenario;
import org.junit.jupiter.api.Test;

class InstalmentRuleTest {

    /** INV-000010 split 30/30/40 over three months (1,000.00), and a plain invoice INV-000011. */
    static Scenario split(MatchingRule... rules) {
        return new Scenario(rules(rules))
                .item(instalment("INV-000010", 1, "C-1", cny("300.00"), DUE))
                .item(instalment("INV-000010", 2, "C-1", cny("300.00"), DUE.plusMonths(1)))
                .item(instalment("INV-000010", 3, "C-1", cny("400.00"), DUE.plusMonths(2)))
                .item(invoice("INV-000011", "C-1", cny("500.00")));
    }

    @Test
    void eachInstalmentPaidInTurnIsAMatchOfThatInstalment() {
        Scenario s = split(instalments(), exactReference());
        PaymentDecision first = s.decide(pay("p1", cny("300.00")).reference("INV-000010"));
        PaymentDecision second = s.decide(pay("p2", cny("300.00")).reference("INV-000010"));
        PaymentDecision last = s.decide(pay("p3", cny("400.00")).reference("INV-000010"));

        assertThat(first.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(first.ruleId()).isEqualTo("instalments");
        assertThat(first.allocations()).singleElement().satisfies(a -> {
            assertThat(a.itemId()).isEqualTo("INV-000010#1");
            assertThat(a.invoiceNumber()).isEqualTo("INV-000010");
            assertThat(a.instalment()).isEqualTo(1);
        });
        assertThat(second.allocations()).singleElement().satisfies(a -> assertThat(a.itemId()).isEqualTo("INV-000010#2"));
        // the last payment is all that is open on the invoice: exact-reference takes it
        assertThat(last.ruleId()).isEqualTo("exact-reference");
        assertThat(last.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(last.allocations()).singleElement().satisfies(a -> assertThat(a.itemId()).isEqualTo("INV-000010#3"));
        assertThat(s.open("INV-000010#3")).isEqualTo(cny("0.00"));
    }

    @Test
    void onePaymentOfTwoInstalmentsSettlesBoth() {
        Scenario s = split(instalments(), exactReference());
        PaymentDecision d = s.decide(pay("p1", cny("600.00")).reference("INV-000010"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.allocations()).extracting(ItemAllocation::itemId).containsExactly("INV-000010#1", "INV-000010#2");
        assertThat(s.open("INV-000010#3")).isEqualTo(cny("400.00"));
    }

    @Test
    void lessThanTheNextInstalmentIsPartialOrSuggested() {
        Scenario auto = split(instalments());
        PaymentDecision partial = auto.decide(pay("p1", cny("200.00")).reference("INV-000010"));
        Scenario review = split(new InstalmentRule("instalments", RuleMode.AUTO, absolute("0.05"), PartialPolicy.SUGGEST));
        PaymentDecision suggested = review.decide(pay("p1", cny("200.00")).reference("INV-000010"));

        assertThat(partial.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(partial.allocations()).singleElement().satisfies(a -> assertThat(a.openAfter()).isEqualTo(cny("100.00")));
        assertThat(suggested.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(suggested.reason()).isEqualTo(DecisionReason.PARTIAL_NEEDS_REVIEW);
        assertThat(suggested.candidates()).singleElement()
                .satisfies(c -> assertThat(c.itemIds()).containsExactly("INV-000010#1"));
    }

    @Test
    void aLittleMoreThanAnInstalmentGoesToTheNextNotToCredit() {
        Scenario s = split(instalments());
        PaymentDecision d = s.decide(pay("p1", cny("300.04")).reference("INV-000010"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.credit()).isEqualTo(cny("0.00"));
        assertThat(d.allocations()).extracting(ItemAllocation::itemId, ItemAllocation::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("INV-000010#1", cny("300.00")),
                org.assertj.core.groups.Tuple.tuple("INV-000010#2", cny("0.04")));
    }

    @Test
    void aWholeInvoiceIsNotTheInstalmentRulesBusiness() {
        Scenario s = split(instalments(), exactReference());
        PaymentDecision d = s.decide(pay("p1", cny("200.00")).reference("INV-000011"));

        assertThat(d.ruleId()).isEqualTo("exact-reference");
        assertThat(d.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(evidence(d, RuleNote.class)).first()
                .satisfies(n -> assertThat(n.text()).isEqualTo("invoice INV-000011 is not split into instalments"));
    }

    @Test
    void withoutTheInstalmentRuleAReferencePaysInstalmentsDueFirstFirst() {
        Scenario s = split(exactReference());
        PaymentDecision d = s.decide(pay("p1", cny("450.00")).reference("INV-000010"));

        assertThat(d.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(d.allocations()).extracting(ItemAllocation::itemId, ItemAllocation::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("INV-000010#1", cny("300.00")),
                org.assertj.core.groups.Tuple.tuple("INV-000010#2", cny("150.00")));
    }
}
