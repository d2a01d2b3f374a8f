package com.ledgerbridge.domain.reconciliation.matching;

/**
 * INSTALMENT: the payment names one invoice that is split into instalments and pays less than all that is open on
 * it. When the payment equals (within tolerance) the next instalment(s) in due order, those are settled; otherwise
 * the payment is applied to them, the one due first first, when {@code partial} is AUTO, or suggested. A payment of
 * the whole open amount (or more) is left to EXACT_REFERENCE.
 */
public record InstalmentRule(String id, RuleMode mode, Tolerance tolerance, PartialPolicy partial) implements MatchingRule {

    public InstalmentRule {
        MatchingRule.checkId(id);
        MatchingRule.required(id, "mode", mode);
        MatchingRule.required(id, "tolerance", tolerance);
        MatchingRule.required(id, "partial", partial);
    }

    @Override
    public RuleKind kind() {
        return RuleKind.INSTALMENT;
    }
}
