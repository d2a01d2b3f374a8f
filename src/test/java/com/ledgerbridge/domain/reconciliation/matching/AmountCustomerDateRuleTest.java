package com.ledgerbridge.domain.reconciliation.matching;

import static com.ledgerbridge.domain.reconciliation.matching.Matching.DUE;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.ISSUED;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.absolute;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.amountCustomerDate;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.cny;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.evidence;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.invoice;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.pay;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.percent;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.rules;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.reconciliation.matching.FieldResult.AmountResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.CustomerResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.DateResult;
import com.ledgerbridge.domain.reconciliation.matching.Matching.Scenario;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmountCustomerDateRuleTest {

    static AmountCustomerDateRule rule(Tolerance tolerance, DateBasis basis, int before, int after, TiePolicy ties) {
        return new AmountCustomerDateRule("amount-date", RuleMode.AUTO, tolerance, basis, before, after, ties);
    }

    static Scenario customer(AmountCustomerDateRule rule, OpenItem... items) {
        Scenario s = new Scenario(rules(rule)).payer("2088-buyer", "C-1");
        for (OpenItem item : items) {
            s.item(item);
        }
        return s;
    }

    @Test
    void theCustomersOneItemOfThatAmountInTheWindowIsMatchedWithEvidence() {
        Scenario s = customer(amountCustomerDate(), invoice("INV-000001", "C-1", cny("980.00")),
                invoice("INV-000002", "C-1", cny("1200.00")), invoice("INV-000003", "C-2", cny("980.00")));
        PaymentDecision d = s.decide(pay("wechatpay:W1", cny("980.00")).payer("2088-buyer").on(DUE.plusDays(3)));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.ruleId()).isEqualTo("amount-customer-date");
        assertThat(d.customerId()).isEqualTo("C-1");
        assertThat(d.allocations()).singleElement().satisfies(a -> assertThat(a.itemId()).isEqualTo("INV-000001"));
        assertThat(evidence(d, CustomerResult.class)).extracting(CustomerResult::subject, CustomerResult::source,
                CustomerResult::check).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, CustomerSource.PAYER, Check.INFO),
                        org.assertj.core.groups.Tuple.tuple("INV-000001", CustomerSource.PAYER, Check.PASS));
        assertThat(evidence(d, AmountResult.class)).singleElement().satisfies(a -> {
            assertThat(a.delta()).isEqualTo(cny("0.00"));
            assertThat(a.check()).isEqualTo(Check.PASS);
        });
        assertThat(evidence(d, DateResult.class)).singleElement().satisfies(date -> {
            assertThat(date.basis()).isEqualTo(DateBasis.DUE_DATE);
            assertThat(date.basisDate()).isEqualTo(DUE);
            assertThat(date.deltaDays()).isEqualTo(3);
            assertThat(date.daysBefore()).isEqualTo(30);
            assertThat(date.daysAfter()).isEqualTo(45);
            assertThat(date.check()).isEqualTo(Check.PASS);
        });
        // 3 of 45 days late: 499 * 3 / 45 = 33 off 1000
        assertThat(d.candidates()).singleElement().satisfies(c -> assertThat(c.score()).isEqualTo(967));
        assertThat(d.candidateCount()).isEqualTo(1);
    }

    @Test
    void aCustomerReferenceIdentifiesTheCustomerToo() {
        Scenario s = customer(amountCustomerDate(), invoice("INV-000001", "C-7", cny("980.00")));
        PaymentDecision d = s.decide(pay("stripe:ch_1", cny("980.00")).customer("C-7"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(evidence(d, CustomerResult.class).get(0).source()).isEqualTo(CustomerSource.CUSTOMER_REFERENCE);
    }

    @Test
    void anUnknownCustomerIsNoMatch() {
        Scenario s = customer(amountCustomerDate(), invoice("INV-000001", "C-1", cny("980.00")));
        PaymentDecision d = s.decide(pay("wechatpay:W1", cny("980.00")).payer("someone-else"));

        assertThat(d.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(d.reason()).isEqualTo(DecisionReason.UNKNOWN_CUSTOMER);
        assertThat(s.open("INV-000001")).isEqualTo(cny("980.00"));
    }

    @Test
    void absoluteToleranceIncludesItsEdgeAndNotOneCentMore() {
        Scenario s = customer(amountCustomerDate(), invoice("INV-000001", "C-1", cny("100.00")),
                invoice("INV-000002", "C-1", cny("200.00")), invoice("INV-000003", "C-1", cny("300.00")),
                invoice("INV-000004", "C-1", cny("400.00")));
        PaymentDecision shortAtEdge = s.decide(pay("p1", cny("99.95")).payer("2088-buyer"));
        PaymentDecision shortBeyond = s.decide(pay("p2", cny("199.94")).payer("2088-buyer"));
        PaymentDecision overAtEdge = s.decide(pay("p3", cny("300.05")).payer("2088-buyer"));
        PaymentDecision overBeyond = s.decide(pay("p4", cny("400.06")).payer("2088-buyer"));

        assertThat(shortAtEdge.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(shortAtEdge.allocations()).singleElement().satisfies(a -> assertThat(a.openAfter()).isEqualTo(cny("0.05")));
        assertThat(shortBeyond.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(shortBeyond.reason()).isEqualTo(DecisionReason.NO_CANDIDATE);
        assertThat(overAtEdge.outcome()).isEqualTo(Outcome.OVERPAYMENT);
        assertThat(overAtEdge.credit()).isEqualTo(cny("0.05"));
        assertThat(overBeyond.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(s.open("INV-000002")).isEqualTo(cny("200.00"));
        assertThat(s.open("INV-000004")).isEqualTo(cny("400.00"));
    }

    @Test
    void percentToleranceIsAShareOfTheOpenAmount() {
        // 1 % of 1,000.00 is 10.00; of 500.00 it is 5.00
        AmountCustomerDateRule onePercent = rule(percent("1"), DateBasis.DUE_DATE, 30, 30, TiePolicy.SUGGEST);
        Scenario s = customer(onePercent, invoice("INV-000001", "C-1", cny("1000.00")),
                invoice("INV-000002", "C-1", cny("500.00")));
        PaymentDecision atEdge = s.decide(pay("p1", cny("990.00")).payer("2088-buyer"));
        PaymentDecision beyond = s.decide(pay("p2", cny("494.99")).payer("2088-buyer"));

        assertThat(atEdge.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(evidence(atEdge, AmountResult.class)).singleElement()
                .satisfies(a -> assertThat(a.tolerance()).isEqualTo(cny("10.00")));
        assertThat(beyond.outcome()).isEqualTo(Outcome.NO_MATCH);
    }

    @Test
    void theLargerOfAbsoluteAndPercentToleranceApplies() {
        AmountCustomerDateRule both = rule(new Tolerance(new java.math.BigDecimal("1.00"), new java.math.BigDecimal("0.1")),
                DateBasis.DUE_DATE, 30, 30, TiePolicy.SUGGEST);
        // 0.1 % of 100.00 = 0.10 < 1.00; 0.1 % of 5,000.00 = 5.00 > 1.00
        Scenario s = customer(both, invoice("INV-000001", "C-1", cny("100.00")),
                invoice("INV-000002", "C-1", cny("5000.00")));
        assertThat(s.decide(pay("p1", cny("99.00")).payer("2088-buyer")).outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(s.decide(pay("p2", cny("4995.00")).payer("2088-buyer")).outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(s.decide(pay("p3", cny("4994.99")).payer("2088-buyer")).outcome()).isEqualTo(Outcome.NO_MATCH);
    }

    @Test
    void dateWindowIncludesItsEdgesAndNotOneDayMore() {
        AmountCustomerDateRule window = rule(absolute("0"), DateBasis.DUE_DATE, 10, 20, TiePolicy.SUGGEST);
        Scenario s = customer(window, invoice("INV-000001", "C-1", cny("101.00")),
                invoice("INV-000002", "C-1", cny("102.00")), invoice("INV-000003", "C-1", cny("103.00")),
                invoice("INV-000004", "C-1", cny("104.00")));
        PaymentDecision earlyEdge = s.decide(pay("p1", cny("101.00")).payer("2088-buyer").on(DUE.minusDays(10)));
        PaymentDecision tooEarly = s.decide(pay("p2", cny("102.00")).payer("2088-buyer").on(DUE.minusDays(11)));
        PaymentDecision lateEdge = s.decide(pay("p3", cny("103.00")).payer("2088-buyer").on(DUE.plusDays(20)));
        PaymentDecision tooLate = s.decide(pay("p4", cny("104.00")).payer("2088-buyer").on(DUE.plusDays(21)));

        assertThat(earlyEdge.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(evidence(earlyEdge, DateResult.class)).singleElement()
                .satisfies(date -> assertThat(date.deltaDays()).isEqualTo(-10));
        assertThat(tooEarly.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(lateEdge.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(tooLate.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(tooLate.evidence()).last().satisfies(e -> assertThat(e.toJson()).contains("-10..+20 days of its due date"));
    }

    @Test
    void theWindowCanCountFromTheIssueDate() {
        AmountCustomerDateRule fromIssue = rule(absolute("0"), DateBasis.ISSUE_DATE, 0, 5, TiePolicy.SUGGEST);
        Scenario s = customer(fromIssue, invoice("INV-000001", "C-1", cny("100.00")));
        assertThat(s.decide(pay("p1", cny("100.00")).payer("2088-buyer").on(DUE)).outcome()).isEqualTo(Outcome.NO_MATCH);
        PaymentDecision d = s.decide(pay("p2", cny("100.00")).payer("2088-buyer").on(ISSUED.plusDays(5)));
        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(evidence(d, DateResult.class).get(0).basisDate()).isEqualTo(ISSUED);
    }

    @Test
    void twoEquallyGoodCandidatesAreSuggestedNotGuessed() {
        Scenario s = customer(amountCustomerDate(), invoice("INV-000001", "C-1", cny("980.00"), DUE),
                invoice("INV-000002", "C-1", cny("980.00"), DUE.plusDays(30)));
        PaymentDecision d = s.decide(pay("p1", cny("980.00")).payer("2088-buyer").on(DUE.plusDays(15)));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.AMBIGUOUS);
        assertThat(d.candidateCount()).isEqualTo(2);
        assertThat(d.candidates()).extracting(Candidate::itemIds)
                .containsExactly(List.of("INV-000001"), List.of("INV-000002"));
        assertThat(d.runnerUp().itemIds()).containsExactly("INV-000002");
        assertThat(evidence(d, AmountResult.class)).hasSize(2);
        assertThat(s.open("INV-000001")).isEqualTo(cny("980.00"));
        assertThat(s.open("INV-000002")).isEqualTo(cny("980.00"));
    }

    @Test
    void tiesTakenOldestPayTheOneDueFirst() {
        AmountCustomerDateRule oldest = rule(absolute("0.05"), DateBasis.DUE_DATE, 30, 45, TiePolicy.OLDEST);
        Scenario s = customer(oldest, invoice("INV-000002", "C-1", cny("980.00"), DUE.plusDays(30)),
                invoice("INV-000001", "C-1", cny("980.00"), DUE));
        PaymentDecision d = s.decide(pay("p1", cny("980.00")).payer("2088-buyer").on(DUE.plusDays(25)));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.allocations()).singleElement().satisfies(a -> assertThat(a.itemId()).isEqualTo("INV-000001"));
        assertThat(d.candidates().get(0).itemIds()).containsExactly("INV-000001");
        assertThat(d.runnerUp().itemIds()).containsExactly("INV-000002");
    }

    @Test
    void anExactAmountWinsOverOneWithinTolerance() {
        Scenario s = customer(amountCustomerDate(), invoice("INV-000001", "C-1", cny("980.03")),
                invoice("INV-000002", "C-1", cny("980.00")));
        PaymentDecision d = s.decide(pay("p1", cny("980.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.allocations()).singleElement().satisfies(a -> assertThat(a.itemId()).isEqualTo("INV-000002"));
        assertThat(d.runnerUp().itemIds()).containsExactly("INV-000001");
        assertThat(d.runnerUp().score()).isLessThan(d.candidates().get(0).score());
        // the runner-up's amount evidence is kept too: 0.03 short of tolerance 0.05
        assertThat(evidence(d, AmountResult.class)).extracting(AmountResult::subject, AmountResult::delta)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("INV-000002", cny("0.00")),
                        org.assertj.core.groups.Tuple.tuple("INV-000001", cny("-0.03")));
    }

    @Test
    void itemsInAnotherCurrencyAreNotCandidates() {
        Scenario s = customer(amountCustomerDate(), invoice("INV-000001", "C-1", usd("980.00")));
        PaymentDecision d = s.decide(pay("p1", cny("980.00")).payer("2088-buyer"));

        assertThat(d.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(d.reason()).isEqualTo(DecisionReason.CURRENCY_MISMATCH);
        assertThat(s.open("INV-000001")).isEqualTo(usd("980.00"));
    }

    @Test
    void eachInstalmentIsACandidateOnItsOwnByItsDueDate() {
        LocalDate second = DUE.plusDays(60);
        Scenario s = customer(amountCustomerDate(), Matching.instalment("INV-000009", 1, "C-1", cny("300.00"), DUE),
                Matching.instalment("INV-000009", 2, "C-1", cny("300.00"), second));
        PaymentDecision d = s.decide(pay("p1", cny("300.00")).payer("2088-buyer").on(second.minusDays(2)));

        // both are 300.00, but only the second instalment is due within the window of the payment
        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.allocations()).singleElement().satisfies(a -> {
            assertThat(a.itemId()).isEqualTo("INV-000009#2");
            assertThat(a.instalment()).isEqualTo(2);
        });
    }
}
