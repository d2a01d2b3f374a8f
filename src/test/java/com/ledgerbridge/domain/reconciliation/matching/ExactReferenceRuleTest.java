package com.ledgerbridge.domain.reconciliation.matching;

import static com.ledgerbridge.domain.reconciliation.matching.Matching.absolute;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.amountCustomerDate;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.cny;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.evidence;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.exactReference;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.invoice;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.invoiceForOrder;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.pay;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.rules;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.reconciliation.matching.FieldResult.AmountResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.CurrencyResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.CustomerResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.ReferenceResult;
import com.ledgerbridge.domain.reconciliation.matching.Matching.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExactReferenceRuleTest {

    static ExactReferenceRule rule(PartialPolicy partial, OverpaymentPolicy overpayment) {
        return new ExactReferenceRule("by-reference", RuleMode.AUTO, absolute("0.05"), partial, overpayment, false);
    }

    static Scenario oneInvoice(ExactReferenceRule rule) {
        return new Scenario(rules(rule)).item(invoice("INV-000001", "C-1", cny("113.00")))
                .item(invoice("INV-000002", "C-1", cny("50.00")));
    }

    @Test
    void theInvoiceNumberAsMerchantReferenceSettlesIt() {
        Scenario s = oneInvoice(exactReference());
        PaymentDecision d = s.decide(pay("alipay:T1", cny("113.00")).reference("INV-000001"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.ruleId()).isEqualTo("exact-reference");
        assertThat(d.rulesVersion()).isEqualTo("test-1");
        assertThat(d.reason()).isNull();
        assertThat(d.allocations()).singleElement().satisfies(a -> {
            assertThat(a.itemId()).isEqualTo("INV-000001");
            assertThat(a.amount()).isEqualTo(cny("113.00"));
            assertThat(a.openBefore()).isEqualTo(cny("113.00"));
            assertThat(a.openAfter()).isEqualTo(cny("0.00"));
        });
        assertThat(d.credit()).isEqualTo(cny("0.00"));
        assertThat(s.open("INV-000001")).isEqualTo(cny("0.00"));
        assertThat(s.open("INV-000002")).isEqualTo(cny("50.00"));
        assertThat(evidence(d, ReferenceResult.class)).singleElement().satisfies(r -> {
            assertThat(r.foundIn()).isEqualTo(ReferenceField.MERCHANT_REFERENCE);
            assertThat(r.token()).isEqualTo("INV-000001");
            assertThat(r.kind()).isEqualTo(ReferenceKind.INVOICE_NUMBER);
            assertThat(r.invoiceNumbers()).containsExactly("INV-000001");
            assertThat(r.check()).isEqualTo(Check.PASS);
        });
        assertThat(evidence(d, AmountResult.class)).singleElement().satisfies(a -> {
            assertThat(a.delta()).isEqualTo(cny("0.00"));
            assertThat(a.tolerance()).isEqualTo(cny("0.05"));
            assertThat(a.check()).isEqualTo(Check.PASS);
        });
        assertThat(d.candidates()).singleElement().satisfies(c -> {
            assertThat(c.itemIds()).containsExactly("INV-000001");
            assertThat(c.score()).isEqualTo(1000);
        });
        assertThat(d.runnerUp()).isNull();
    }

    @Test
    void anInvoiceNumberInTheMemoIsFoundByThePattern() {
        Scenario s = oneInvoice(exactReference());
        PaymentDecision d = s.decide(pay("alipay:T1", cny("50.00")).reference("20261201-ZX93")
                .memo("货款 INV-000002，谢谢"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.allocations()).singleElement().satisfies(a -> assertThat(a.itemId()).isEqualTo("INV-000002"));
        List<ReferenceResult> refs = evidence(d, ReferenceResult.class);
        // the merchant reference named nothing we know: shown as such; the memo's invoice number found
        assertThat(refs).extracting(ReferenceResult::foundIn, ReferenceResult::token, ReferenceResult::check)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReferenceField.MERCHANT_REFERENCE, "20261201-ZX93", Check.FAIL),
                        org.assertj.core.groups.Tuple.tuple(ReferenceField.MEMO, "INV-000002", Check.PASS));
    }

    @Test
    void anOrderNumberResolvesToTheInvoiceBillingIt() {
        Scenario s = new Scenario(rules(exactReference()))
                .item(invoiceForOrder("INV-000007", "SO-2026-1001", "C-1", cny("200.00")))
                .item(invoiceForOrder("INV-000008", "SO-2026-1002", "C-1", cny("200.00")));
        PaymentDecision whole = s.decide(pay("alipay:T1", cny("200.00")).reference("SO-2026-1002"));
        PaymentDecision inMemo = s.decide(pay("alipay:T2", cny("200.00")).memo("order SO-2026-1001 paid"));

        assertThat(whole.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(whole.allocations()).singleElement().satisfies(a -> assertThat(a.invoiceNumber()).isEqualTo("INV-000008"));
        assertThat(evidence(whole, ReferenceResult.class)).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(ReferenceKind.ORDER_NUMBER);
            assertThat(r.token()).isEqualTo("SO-2026-1002");
            assertThat(r.invoiceNumbers()).containsExactly("INV-000008");
        });
        assertThat(inMemo.allocations()).singleElement().satisfies(a -> assertThat(a.invoiceNumber()).isEqualTo("INV-000007"));
        assertThat(evidence(inMemo, ReferenceResult.class)).singleElement().satisfies(r -> {
            assertThat(r.foundIn()).isEqualTo(ReferenceField.MEMO);
            assertThat(r.kind()).isEqualTo(ReferenceKind.ORDER_NUMBER);
        });
    }

    @Test
    void severalPaymentsOverOneInvoiceArePartialThenSettleIt() {
        Scenario s = oneInvoice(exactReference());
        PaymentDecision first = s.decide(pay("alipay:T1", cny("60.00")).reference("INV-000001"));
        PaymentDecision second = s.decide(pay("alipay:T2", cny("53.00")).reference("INV-000001"));

        assertThat(first.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(first.allocations()).singleElement().satisfies(a -> assertThat(a.openAfter()).isEqualTo(cny("53.00")));
        assertThat(evidence(first, AmountResult.class)).singleElement().satisfies(a -> {
            assertThat(a.delta()).isEqualTo(cny("-53.00"));
            assertThat(a.check()).isEqualTo(Check.FAIL);
        });
        assertThat(second.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(second.allocations()).singleElement().satisfies(a -> {
            assertThat(a.openBefore()).isEqualTo(cny("53.00"));
            assertThat(a.openAfter()).isEqualTo(cny("0.00"));
        });
    }

    @Test
    void aPartialPaymentIsSuggestedWhenTheRuleSaysSo() {
        Scenario s = oneInvoice(rule(PartialPolicy.SUGGEST, OverpaymentPolicy.CREDIT));
        PaymentDecision d = s.decide(pay("alipay:T1", cny("60.00")).reference("INV-000001"));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.PARTIAL_NEEDS_REVIEW);
        assertThat(d.allocations()).isEmpty();
        assertThat(d.candidates()).singleElement().satisfies(c -> assertThat(c.itemIds()).containsExactly("INV-000001"));
        assertThat(s.open("INV-000001")).isEqualTo(cny("113.00"));
    }

    @Test
    void shortByExactlyTheToleranceIsAppliedButOneCentMoreIsNot() {
        Scenario s = oneInvoice(rule(PartialPolicy.SUGGEST, OverpaymentPolicy.SUGGEST));
        PaymentDecision atTolerance = s.decide(pay("alipay:T1", cny("112.95")).reference("INV-000001"));
        PaymentDecision beyond = s.decide(pay("alipay:T2", cny("49.94")).reference("INV-000002"));

        assertThat(atTolerance.outcome()).isEqualTo(Outcome.PARTIAL); // 0.05 stays open, for a write-off
        assertThat(atTolerance.allocations()).singleElement().satisfies(a -> assertThat(a.openAfter()).isEqualTo(cny("0.05")));
        assertThat(evidence(atTolerance, AmountResult.class)).singleElement()
                .satisfies(a -> assertThat(a.check()).isEqualTo(Check.PASS));
        assertThat(beyond.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(beyond.reason()).isEqualTo(DecisionReason.PARTIAL_NEEDS_REVIEW);
        assertThat(evidence(beyond, AmountResult.class)).singleElement().satisfies(a -> {
            assertThat(a.delta()).isEqualTo(cny("-0.06"));
            assertThat(a.check()).isEqualTo(Check.FAIL);
        });
    }

    @Test
    void overByExactlyTheToleranceIsCreditButOneCentMoreIsSuggested() {
        Scenario s = oneInvoice(rule(PartialPolicy.SUGGEST, OverpaymentPolicy.SUGGEST));
        PaymentDecision atTolerance = s.decide(pay("alipay:T1", cny("113.05")).reference("INV-000001"));
        PaymentDecision beyond = s.decide(pay("alipay:T2", cny("50.06")).reference("INV-000002"));

        assertThat(atTolerance.outcome()).isEqualTo(Outcome.OVERPAYMENT);
        assertThat(atTolerance.credit()).isEqualTo(cny("0.05"));
        assertThat(beyond.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(beyond.reason()).isEqualTo(DecisionReason.OVERPAYMENT_NEEDS_REVIEW);
        assertThat(s.open("INV-000002")).isEqualTo(cny("50.00"));
    }

    @Test
    void anOverpaymentSettlesTheInvoiceAndTheRestIsCredit() {
        Scenario s = oneInvoice(exactReference());
        PaymentDecision d = s.decide(pay("alipay:T1", cny("150.00")).reference("INV-000001"));

        assertThat(d.outcome()).isEqualTo(Outcome.OVERPAYMENT);
        assertThat(d.allocations()).singleElement().satisfies(a -> assertThat(a.amount()).isEqualTo(cny("113.00")));
        assertThat(d.credit()).isEqualTo(cny("37.00"));
        assertThat(s.open("INV-000001")).isEqualTo(cny("0.00"));
    }

    @Test
    void anInvoiceInAnotherCurrencyIsNotPaid() {
        Scenario s = new Scenario(rules(exactReference(), amountCustomerDate()))
                .item(invoice("INV-000003", "C-1", usd("100.00")))
                .item(invoice("INV-000004", "C-1", cny("100.00")));
        PaymentDecision d = s.decide(pay("alipay:T1", cny("100.00")).customer("C-1").reference("INV-000003"));

        // the payer named the USD invoice: a CNY invoice of the same amount must not be taken instead
        assertThat(d.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(d.reason()).isEqualTo(DecisionReason.CURRENCY_MISMATCH);
        assertThat(d.ruleId()).isEqualTo("exact-reference");
        assertThat(evidence(d, CurrencyResult.class)).singleElement().satisfies(c -> {
            assertThat(c.item().getCurrencyCode()).isEqualTo("USD");
            assertThat(c.check()).isEqualTo(Check.FAIL);
        });
        assertThat(s.open("INV-000004")).isEqualTo(cny("100.00"));
    }

    @Test
    void aSettledInvoiceTakesNoMore() {
        Scenario s = oneInvoice(exactReference());
        s.decide(pay("alipay:T1", cny("113.00")).reference("INV-000001"));
        PaymentDecision again = s.decide(pay("alipay:T2", cny("113.00")).reference("INV-000001"));

        assertThat(again.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(again.reason()).isEqualTo(DecisionReason.ALREADY_SETTLED);
        assertThat(again.allocations()).isEmpty();
    }

    @Test
    void anUnknownReferenceWithoutACustomerIsNoMatch() {
        Scenario s = oneInvoice(exactReference());
        PaymentDecision d = s.decide(pay("alipay:T1", cny("113.00")).reference("INV-999999"));

        assertThat(d.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(d.reason()).isEqualTo(DecisionReason.UNKNOWN_REFERENCE);
        assertThat(d.ruleId()).isNull();
        assertThat(evidence(d, FieldResult.RuleNote.class)).singleElement().satisfies(n -> {
            assertThat(n.ruleId()).isEqualTo("exact-reference");
            assertThat(n.check()).isEqualTo(Check.FAIL);
        });
    }

    @Test
    void twoInvoicesNamedAreSuggestedNotGuessed() {
        Scenario s = oneInvoice(exactReference());
        PaymentDecision d = s.decide(pay("alipay:T1", cny("163.00")).memo("INV-000001 INV-000002"));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.AMBIGUOUS);
        assertThat(d.candidates()).extracting(Candidate::itemIds)
                .containsExactly(List.of("INV-000001"), List.of("INV-000002"));
        assertThat(d.runnerUp().itemIds()).containsExactly("INV-000002");
        assertThat(s.open("INV-000001")).isEqualTo(cny("113.00"));
    }

    @Test
    void anotherCustomersInvoiceIsSuggestedWhenTheRuleRequiresTheSameCustomer() {
        ExactReferenceRule strict = new ExactReferenceRule("strict", RuleMode.AUTO, absolute("0"), PartialPolicy.AUTO,
                OverpaymentPolicy.CREDIT, true);
        Scenario s = oneInvoice(strict).payer("2088-buyer", "C-2");
        PaymentDecision d = s.decide(pay("alipay:T1", cny("113.00")).payer("2088-buyer").reference("INV-000001"));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.CUSTOMER_DIFFERS);
        assertThat(evidence(d, CustomerResult.class)).last().satisfies(c -> {
            assertThat(c.paymentCustomer()).isEqualTo("C-2");
            assertThat(c.itemCustomer()).isEqualTo("C-1");
            assertThat(c.check()).isEqualTo(Check.FAIL);
        });
    }

    @Test
    void aPayerPayingAnotherCustomersInvoiceIsAppliedWithTheDifferenceInEvidence() {
        Scenario s = oneInvoice(exactReference()).payer("2088-buyer", "C-2");
        PaymentDecision d = s.decide(pay("alipay:T1", cny("113.00")).payer("2088-buyer").reference("INV-000001"));

        assertThat(d.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(d.customerId()).isEqualTo("C-2");
        assertThat(evidence(d, CustomerResult.class)).extracting(CustomerResult::source, CustomerResult::check)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CustomerSource.PAYER, Check.INFO),
                        org.assertj.core.groups.Tuple.tuple(CustomerSource.PAYER, Check.FAIL));
    }

    @Test
    void aSuggestOnlyRuleAppliesNothing() {
        ExactReferenceRule suggest = new ExactReferenceRule("by-reference", RuleMode.SUGGEST, absolute("0"),
                PartialPolicy.AUTO, OverpaymentPolicy.CREDIT, false);
        Scenario s = oneInvoice(suggest);
        PaymentDecision d = s.decide(pay("alipay:T1", cny("113.00")).reference("INV-000001"));

        assertThat(d.outcome()).isEqualTo(Outcome.SUGGESTION);
        assertThat(d.reason()).isEqualTo(DecisionReason.RULE_SUGGESTS_ONLY);
        assertThat(d.candidates()).singleElement().satisfies(c -> assertThat(c.score()).isEqualTo(1000));
        assertThat(s.open("INV-000001")).isEqualTo(cny("113.00"));
    }

    @Test
    void theNamedInvoiceWinsOverAnotherThatFitsTheAmount() {
        Scenario s = new Scenario(rules(exactReference(), amountCustomerDate()))
                .item(invoice("INV-000001", "C-1", cny("100.00")))
                .item(invoice("INV-000002", "C-1", cny("80.00")));
        PaymentDecision d = s.decide(pay("alipay:T1", cny("80.00")).customer("C-1").reference("INV-000001"));

        assertThat(d.ruleId()).isEqualTo("exact-reference");
        assertThat(d.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(d.allocations()).singleElement().satisfies(a -> assertThat(a.itemId()).isEqualTo("INV-000001"));
    }

    @Test
    void aZeroPaymentIsNoMatch() {
        Scenario s = oneInvoice(exactReference());
        PaymentDecision d = s.decide(pay("alipay:T1", cny("0.00")).reference("INV-000001"));

        assertThat(d.outcome()).isEqualTo(Outcome.NO_MATCH);
        assertThat(d.reason()).isEqualTo(DecisionReason.NON_POSITIVE_AMOUNT);
    }
}
