package com.ledgerbridge.domain.reconciliation.matching;

import static com.ledgerbridge.domain.reconciliation.matching.Matching.cny;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.exactReference;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.invoice;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.pay;
import static com.ledgerbridge.domain.reconciliation.matching.Matching.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.reconciliation.matching.Matching.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions render to one canonical JSON text: fixed field order, every field present, strings escaped. */
class DecisionJsonTest {

    @Test
    void aMatchRendersEveryFieldInOrder() {
        Scenario s = new Scenario(rules(exactReference())).item(invoice("INV-000001", "C-1", cny("113.00")));
        PaymentDecision d = s.decide(pay("alipay:T1", cny("113.00")).reference("INV-000001"));

        assertThat(d.toJson()).isEqualTo("{\"payment\":\"alipay:T1\",\"outcome\":\"MATCH\",\"rule\":\"exact-reference\","
                + "\"rulesVersion\":\"test-1\",\"reason\":null,\"customer\":\"C-1\",\"currency\":\"CNY\",\"paid\":\"113.00\","
                + "\"credit\":\"0.00\",\"allocations\":[{\"item\":\"INV-000001\",\"invoice\":\"INV-000001\",\"instalment\":0,"
                + "\"amount\":\"113.00\",\"openBefore\":\"113.00\",\"openAfter\":\"0.00\"}],\"evidence\":["
                + "{\"field\":\"customer\",\"check\":\"INFO\",\"subject\":null,\"source\":\"REFERENCED_INVOICE\",\"payer\":null,"
                + "\"paymentCustomer\":\"C-1\",\"itemCustomer\":null},"
                + "{\"field\":\"reference\",\"check\":\"PASS\",\"foundIn\":\"MERCHANT_REFERENCE\",\"token\":\"INV-000001\","
                + "\"kind\":\"INVOICE_NUMBER\",\"invoices\":[\"INV-000001\"]},"
                + "{\"field\":\"customer\",\"check\":\"INFO\",\"subject\":\"INV-000001\",\"source\":\"REFERENCED_INVOICE\","
                + "\"payer\":null,\"paymentCustomer\":\"C-1\",\"itemCustomer\":\"C-1\"},"
                + "{\"field\":\"currency\",\"check\":\"PASS\",\"subject\":\"INV-000001\",\"paid\":\"CNY\",\"item\":\"CNY\"},"
                + "{\"field\":\"amount\",\"check\":\"PASS\",\"subject\":\"INV-000001\",\"currency\":\"CNY\",\"paid\":\"113.00\","
                + "\"open\":\"113.00\",\"delta\":\"0.00\",\"tolerance\":\"0.05\"}],"
                + "\"candidates\":[{\"items\":[\"INV-000001\"],\"score\":1000,\"open\":\"113.00\",\"currency\":\"CNY\"}],"
                + "\"candidateCount\":1,\"runnerUp\":null}");
    }

    @Test
    void textFromPayersIsEscaped() {
        Scenario s = new Scenario(rules(exactReference())).item(invoice("INV-000001", "C-1", cny("113.00")));
        PaymentDecision d = s.decide(pay("alipay:T1", cny("113.00")).reference("a\"b\\c\u0001d\te\nf"));

        assertThat(d.evidence().get(1).toJson()).isEqualTo("{\"field\":\"reference\",\"check\":\"FAIL\","
                + "\"foundIn\":\"MERCHANT_REFERENCE\",\"token\":\"a\\\"b\\\\c\\u0001d\\te\\nf\",\"kind\":\"INVOICE_NUMBER\","
                + "\"invoices\":[]}");
    }

    @Test
    void aDecisionThatDoesNotAddUpCannotBeMade() {
        ItemAllocation a = new ItemAllocation("INV-1", "INV-1", 0, cny("10.00"), cny("10.00"), cny("0.00"));
        assertThatThrownBy(() -> new PaymentDecision("p", Outcome.MATCH, "r", "v", null, "C", cny("12.00"), List.of(a),
                cny("0.00"), List.of(), List.of(), 0, null)).hasMessageContaining("is not the payment");
        assertThatThrownBy(() -> new PaymentDecision("p", Outcome.SUGGESTION, "r", "v", DecisionReason.AMBIGUOUS, "C",
                cny("10.00"), List.of(a), cny("0.00"), List.of(), List.of(), 0, null))
                .hasMessageContaining("applies nothing");
        assertThatThrownBy(() -> new PaymentDecision("p", Outcome.MATCH, "r", "v", null, "C", cny("10.00"),
                List.of(new ItemAllocation("INV-1", "INV-1", 0, Matching.usd("10.00"), Matching.usd("10.00"),
                        Matching.usd("0.00"))), cny("0.00"), List.of(), List.of(), 0, null))
                .isInstanceOf(com.ledgerbridge.domain.money.CurrencyMismatchException.class);
    }
}
