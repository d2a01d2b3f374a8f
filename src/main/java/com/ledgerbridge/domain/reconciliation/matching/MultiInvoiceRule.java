package com.ledgerbridge.domain.reconciliation.matching;

/**
 * MULTI_INVOICE: one payment over several items, by one {@link MultiInvoiceStrategy}.
 * <ul>
 * <li>LISTED_REFERENCES: the payment names two or more invoices; their open items are paid the one due first
 * first (tolerance, {@code partial} and {@code overpayment} as for EXACT_REFERENCE).</li>
 * <li>EXACT_SUBSET: the customer's open items in the payment's currency (at most {@code maxCandidates}, the ones due
 * first) are searched for subsets whose open amounts add up to the payment exactly; exactly one is applied, two or
 * more are suggested (never guessed), none leaves the payment to the next rule.</li>
 * <li>OLDEST_FIRST: the customer's open items are paid the one due first first; what is left is credit.</li>
 * </ul>
 *
 * @param maxCandidates EXACT_SUBSET only: how many open items the search considers (1..24; it costs 2^(n/2))
 */
public record MultiInvoiceRule(String id, RuleMode mode, MultiInvoiceStrategy strategy, Tolerance tolerance,
        PartialPolicy partial, OverpaymentPolicy overpayment, int maxCandidates) implements MatchingRule {

    public static final int MAX_SUBSET_CANDIDATES = 24;

    public MultiInvoiceRule {
        MatchingRule.checkId(id);
        MatchingRule.required(id, "mode", mode);
        MatchingRule.required(id, "strategy", strategy);
        MatchingRule.required(id, "tolerance", tolerance);
        MatchingRule.required(id, "partial", partial);
        MatchingRule.required(id, "overpayment", overpayment);
        if (maxCandidates < 1 || maxCandidates > MAX_SUBSET_CANDIDATES) {
            throw new InvalidRulesException("rule '" + id + "'", "max-candidates", "is 1.." + MAX_SUBSET_CANDIDATES
                    + ", was " + maxCandidates);
        }
    }

    @Override
    public RuleKind kind() {
        return RuleKind.MULTI_INVOICE;
    }
}
