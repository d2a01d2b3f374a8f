package com.ledgerbridge.domain.reconciliation.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Small builders for matching tests: items, payments, rules, and a run to push payments through. */
final class Matching {

    static final LocalDate ISSUED = LocalDate.of(2026, 11, 1);
    static final LocalDate DUE = LocalDate.of(2026, 12, 1);
    static final ReferenceSyntax REFERENCES = new ReferenceSyntax(
            List.of(ReferenceField.MERCHANT_REFERENCE, ReferenceField.MEMO), Pattern.compile("INV-\\d{6}"),
            Pattern.compile("SO-\\d{4}-\\d+"));

    private Matching() {
    }

    static Money cny(String amount) {
        return Money.of(amount, "CNY");
    }

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    static Tolerance absolute(String amount) {
        return new Tolerance(new BigDecimal(amount), BigDecimal.ZERO);
    }

    static Tolerance percent(String percent) {
        return new Tolerance(BigDecimal.ZERO, new BigDecimal(percent));
    }

    /** A whole invoice, nothing paid yet, issued {@link #ISSUED}, due {@code due}. */
    static OpenItem invoice(String number, String customer, Money amount, LocalDate due) {
        return OpenItem.invoice(number, null, customer, amount, amount, ISSUED, due);
    }

    static OpenItem invoice(String number, String customer, Money amount) {
        return invoice(number, customer, amount, DUE);
    }

    static OpenItem invoiceForOrder(String number, String order, String customer, Money amount) {
        return OpenItem.invoice(number, order, customer, amount, amount, ISSUED, DUE);
    }

    static OpenItem instalment(String number, int n, String customer, Money amount, LocalDate due) {
        return OpenItem.instalment(number, n, null, customer, amount, amount, ISSUED, due);
    }

    static ExactReferenceRule exactReference() {
        return new ExactReferenceRule("exact-reference", RuleMode.AUTO, absolute("0.05"), PartialPolicy.AUTO,
                OverpaymentPolicy.CREDIT, false);
    }

    static InstalmentRule instalments() {
        return new InstalmentRule("instalments", RuleMode.AUTO, absolute("0.05"), PartialPolicy.AUTO);
    }

    static AmountCustomerDateRule amountCustomerDate() {
        return new AmountCustomerDateRule("amount-customer-date", RuleMode.AUTO, absolute("0.05"), DateBasis.DUE_DATE, 30,
                45, TiePolicy.SUGGEST);
    }

    static MultiInvoiceRule multi(String id, MultiInvoiceStrategy strategy) {
        return new MultiInvoiceRule(id, RuleMode.AUTO, strategy, absolute("0.05"), PartialPolicy.AUTO,
                OverpaymentPolicy.CREDIT, 20);
    }

    /** The rule set of mappings/reconciliation/matching-rules.yml, with oldest-first applying (AUTO). */
    static MatchingRules fullRules() {
        return rules(multi("listed-invoices", MultiInvoiceStrategy.LISTED_REFERENCES), instalments(), exactReference(),
                amountCustomerDate(), multi("exact-subset", MultiInvoiceStrategy.EXACT_SUBSET),
                multi("oldest-first", MultiInvoiceStrategy.OLDEST_FIRST));
    }

    static MatchingRules rules(MatchingRule... rules) {
        return new MatchingRules("test-1", REFERENCES, Arrays.asList(rules));
    }

    /** A payment paid on {@link #DUE}. */
    static Pay pay(String key, Money amount) {
        return new Pay(key, amount);
    }

    /** A payment under construction. */
    static final class Pay {
        private final String key;
        private final Money amount;
        private LocalDate paidOn = DUE;
        private String payer;
        private String customer;
        private String reference;
        private String memo;

        Pay(String key, Money amount) {
            this.key = key;
            this.amount = amount;
        }

        Pay on(LocalDate date) {
            paidOn = date;
            return this;
        }

        Pay payer(String payerId) {
            payer = payerId;
            return this;
        }

        Pay customer(String customerId) {
            customer = customerId;
            return this;
        }

        Pay reference(String merchantReference) {
            reference = merchantReference;
            return this;
        }

        Pay memo(String text) {
            memo = text;
            return this;
        }

        IncomingPayment build() {
            return new IncomingPayment(key, amount, paidOn, payer, customer, reference, memo);
        }
    }

    /** A run over the given items and rules, with a payer directory. */
    static final class Scenario {
        private final MatchingRules rules;
        private final List<OpenItem> items = new ArrayList<>();
        private final Map<String, String> payers = new HashMap<>();
        private MatchingRun run;

        Scenario(MatchingRules rules) {
            this.rules = rules;
        }

        Scenario item(OpenItem item) {
            items.add(item);
            return this;
        }

        Scenario payer(String payerId, String customerId) {
            payers.put(payerId, customerId);
            return this;
        }

        MatchingRun run() {
            if (run == null) {
                run = new MatchingEngine(rules).start(OpenItemBook.of(items), new PayerDirectory(payers));
            }
            return run;
        }

        PaymentDecision decide(Pay payment) {
            List<PaymentDecision> decisions = run().match(List.of(payment.build()));
            assertThat(decisions).hasSize(1);
            return decisions.get(0);
        }

        Money open(String itemId) {
            return run().open(itemId);
        }
    }

    /** The evidence lines of one field, in order. */
    @SuppressWarnings("unchecked")
    static <T extends FieldResult> List<T> evidence(PaymentDecision d, Class<T> type) {
        return d.evidence().stream().filter(type::isInstance).map(e -> (T) e).toList();
    }
}
