package com.ledgerbridge.domain.reconciliation.matching;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where payments carry references and what they look like; shared by every reference rule (and by the partitioning
 * that keeps matching deterministic, so it must know every item a payment may name). In each field, in order: the
 * whole trimmed value is looked up as an invoice number, then as an order number; if it is neither, every match of
 * {@code invoiceNumberPattern} and of {@code orderNumberPattern} in the text is looked up.
 *
 * @param lookIn               the fields searched, in order
 * @param invoiceNumberPattern what an invoice number looks like inside text, or null (whole values only)
 * @param orderNumberPattern   what a CRM order number looks like inside text, or null (whole values only)
 */
public record ReferenceSyntax(List<ReferenceField> lookIn, Pattern invoiceNumberPattern, Pattern orderNumberPattern) {

    public ReferenceSyntax {
        lookIn = List.copyOf(Objects.requireNonNull(lookIn, "lookIn"));
        if (lookIn.isEmpty()) {
            throw new InvalidRulesException("references", "look-in", "names at least one field");
        }
        if (lookIn.stream().distinct().count() != lookIn.size()) {
            throw new InvalidRulesException("references", "look-in", "names a field twice: " + lookIn);
        }
        for (Pattern p : new Pattern[] {invoiceNumberPattern, orderNumberPattern}) {
            if (p != null && p.matcher("").matches()) {
                throw new InvalidRulesException("references", p == invoiceNumberPattern ? "invoice-number-pattern"
                        : "order-number-pattern", "must not match empty text: '" + p.pattern() + "'");
            }
        }
    }
}
