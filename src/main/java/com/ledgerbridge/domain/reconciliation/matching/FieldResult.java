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
            out.append('{');
            Json.field(out, "field", field());
            out.append(',');
            Json.field(out, "check", check);
            out.append(',');
            Json.field(out, "subject", subject);
            out.append(',');
            Json.field(out, "source", source);
            out.append(',');
            Json.field(out, "payer", payerId);
            out.append(',');
            Json.field(out, "paymentCustomer", paymentCustomer);
            out.append(',');
            Json.field(out, "itemCustomer", itemCustomer);
            out.append('}');
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
            out.append('{');
            Json.field(out, "field", field());
            out.append(',');
            Json.field(out, "check", check);
            out.append(',');
            Json.field(out, "foundIn", foundIn);
            out.append(',');
            Json.field(out, "token", token);
            out.append(',');
            Json.field(out, "kind", kind);
            out.append(',');
            Json.strings(out, "invoices", invoiceNumbers);
            out.append('}');
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
            out.append('{');
            Json.field(out, "field", field());
            out.append(',');
            Json.field(out, "check", check);
            out.append(',');
            Json.field(out, "subject", subject);
            out.append(',');
            Json.field(out, "paid", paid.getCurrencyCode());
            out.append(',');
            Json.field(out, "item", item.getCurrencyCode());
            out.append('}');
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
            out.append('{');
            Json.field(out, "field", field());
            out.append(',');
            Json.field(out, "check", check);
            out.append(',');
            Json.field(out, "subject", subject);
            out.append(',');
            Json.field(out, "currency", paid.currency().getCurrencyCode());
            out.append(',');
            Json.field(out, "paid", paid);
            out.append(',');
            Json.field(out, "open", open);
            out.append(',');
            Json.field(out, "delta", delta);
            out.append(',');
            Json.field(out, "tolerance", tolerance);
            out.append('}');
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
            out.append('{');
            Json.field(out, "field", field());
            out.append(',');
            Json.field(out, "check", check);
            out.append(',');
            Json.field(out, "subject", subject);
            out.append(',');
            Json.field(out, "basis", basis);
            out.append(',');
            Json.field(out, "paidOn", paidOn.toString());
            out.append(',');
            Json.field(out, "basisDate", basisDate.toString());
            out.append(',');
            Json.field(out, "deltaDays", deltaDays);
            out.append(',');
            Json.field(out, "daysBefore", daysBefore);
            out.append(',');
            Json.field(out, "daysAfter", daysAfter);
            out.append('}');
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
            out.append('{');
            Json.field(out, "field", field());
            out.append(',');
            Json.field(out, "check", check);
            out.append(',');
            Json.field(out, "rule", ruleId);
            out.append(',');
            Json.field(out, "text", text);
            out.append('}');
        }
    }
}
