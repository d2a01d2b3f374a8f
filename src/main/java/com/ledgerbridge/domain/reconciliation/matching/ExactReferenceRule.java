package com.ledgerbridge.domain.reconciliation.matching;

/**
 * EXACT_REFERENCE: the payment names one invoice — its number in the merchant reference or the memo, or the number
 * of the CRM order it bills ({@link ReferenceSyntax}). The rule then decides for that invoice, whatever it finds: the
 * open amount paid (MATCH), within or beyond its tolerance short (PARTIAL, or a suggestion when {@code partial} is
 * SUGGEST), above (OVERPAYMENT with the rest as credit, or a suggestion), an invoice in another currency or with
 * nothing open (NO_MATCH), so that weaker rules never override what the payer named.
 *
 * @param tolerance           a difference within it counts as paying the invoice exactly (the shortfall stays open,
 *                            or the excess is credit, without asking anyone)
 * @param requireSameCustomer when the payer's own customer is known and differs from the invoice's, suggest only
 */
public record ExactReferenceRule(String id, RuleMode mode, Tolerance tolerance, PartialPolicy partial,
        OverpaymentPolicy overpayment, boolean requireSameCustomer) implements MatchingRule {

    public ExactReferenceRule {
        MatchingRule.checkId(id);
        MatchingRule.required(id, "mode", mode);
        MatchingRule.required(id, "tolerance", tolerance);
        MatchingRule.required(id, "partial", partial);
        MatchingRule.required(id, "overpayment", overpayment);
    }

    @Override
    public RuleKind kind() {
        return RuleKind.EXACT_REFERENCE;
    }
}
