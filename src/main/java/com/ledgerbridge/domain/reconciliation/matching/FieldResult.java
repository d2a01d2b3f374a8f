package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * One line of a decision's evidence: which field was compared, on which item ({@code subject}: an item id, an
 * invoice number, or null for the payment itself), with what result. A decision's evidence is an ordered list of
 * these, rendered to JSON with a fixed field order.
 */
public sealed interface FieldResult {

    /** The field's name in the JSON: customer, reference, currency, amount, date, rule. */
    String field();

    Check check();

    void appendJson(StringBuilder out);

    default String toJson() {
        StringBuilder out = new StringBuilder(128);
        appendJson(out);
        return out.toString();
    }

    /**
     * How the paying customer was identified (subject null, INFO), or whether it is the item's customer (PASS /
     * FAIL; INFO when the payer's customer is unknown).
     */
    record CustomerResult(String subject, CustomerSource source, String payerId, String paymentCustomer,
            String itemCustomer, Check check) implements FieldResult {

        public CustomerResult {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(check, "check");
        }

        @Override
        public String field() {
            return "customer";
        }

        @Override
        public void appendJson(StringBuilder out) {
            Json.object(out)
                    .field("field", field())
                    .field("check", check)
                    .field("subject", subject)
                    .field("source", source)
                    .field("payer", payerId)
                    .field("paymentCustomer", paymentCustomer)
                    .field("itemCustomer", itemCustomer)
                    .end();
        }
    }

    /**
     * A reference found in the payment: where ({@code foundIn}), the text taken as the reference, what it was taken
     * for, and the invoice(s) it equals (PASS), or none (FAIL: no such invoice or order).
     */
    record ReferenceResult(ReferenceField foundIn, String token, ReferenceKind kind, List<String> invoiceNumbers,
            Check check) implements FieldResult {

        public ReferenceResult {
            Objects.requireNonNull(foundIn, "foundIn");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(kind, "kind");
            invoiceNumbers = List.copyOf(invoiceNumbers);
            Objects.requireNonNull(check, "check");
        }

        @Override
        public String field() {
            return "reference";
        }

        @Override
        public void appendJson(StringBuilder out) {
            Json.object(out)
                    .field("field", field())
                    .field("check", check)
                    .field("foundIn", foundIn)
                    .field("token", token)
                    .field("kind", kind)
                    .strings("invoices", invoiceNumbers)
                    .end();
        }
    }

    /** Whether the item's currency is the payment's. */
    record CurrencyResult(String subject, Currency paid, Currency item, Check check) implements FieldResult {

        @Override
        public String field() {
            return "currency";
        }

        @Override
        public void appendJson(StringBuilder out) {
            Json.object(out)
                    .field("field", field())
                    .field("check", check)
                    .field("subject", subject)
                    .field("paid", paid.getCurrencyCode())
                    .field("item", item.getCurrencyCode())
                    .end();
        }
    }

    /**
     * The payment against the open amount of the subject (one item, or several: their sum): {@code delta = paid -
     * open} (negative: short; positive: over) against the tolerance; PASS when {@code |delta| <= tolerance}.
     */
    record AmountResult(String subject, Money paid, Money open, Money delta, Money tolerance, Check check)
            implements FieldResult {

        public AmountResult {
            if (!delta.equals(paid.minus(open))) {
                throw new IllegalArgumentException("delta " + delta + " is not " + paid + " - " + open);
            }
        }

        @Override
        public String field() {
            return "amount";
        }

        @Override
        public void appendJson(StringBuilder out) {
            Json.object(out)
                    .field("field", field())
                    .field("check", check)
                    .field("subject", subject)
                    .field("currency", paid.currency().getCurrencyCode())
                    .field("paid", paid)
                    .field("open", open)
                    .field("delta", delta)
                    .field("tolerance", tolerance)
                    .end();
        }
    }

    /**
     * The payment date against the subject's basis date: {@code deltaDays = paidOn - basisDate}; PASS when
     * {@code -daysBefore <= deltaDays <= daysAfter}.
     */
    record DateResult(String subject, DateBasis basis, LocalDate paidOn, LocalDate basisDate, long deltaDays,
            int daysBefore, int daysAfter, Check check) implements FieldResult {

        @Override
        public String field() {
            return "date";
        }

        @Override
        public void appendJson(StringBuilder out) {
            Json.object(out)
                    .field("field", field())
                    .field("check", check)
                    .field("subject", subject)
                    .field("basis", basis)
                    .field("paidOn", paidOn.toString())
                    .field("basisDate", basisDate.toString())
                    .field("deltaDays", deltaDays)
                    .field("daysBefore", daysBefore)
                    .field("daysAfter", daysAfter)
                    .end();
        }
    }

    /**
     * What a rule made of the payment in words: FAIL when the rule passed the payment on (the text says why), INFO
     * for a note of the deciding rule (e.g. how many subsets were found).
     */
    record RuleNote(String ruleId, Check check, String text) implements FieldResult {

        public RuleNote {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String field() {
            return "rule";
        }

        @Override
        public void appendJson(StringBuilder out) {
            Json.object(out)
                    .field("field", field())
                    .field("check", check)
                    .field("rule", ruleId)
                    .field("text", text)
                    .end();
        }
    }
}
