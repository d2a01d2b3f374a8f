package com.ledgerbridge.domain.reconciliation.matching;

/**
 * AMOUNT_CUSTOMER_DATE: among the paying customer's open items in the payment's currency, those whose open amount is
 * within tolerance of the payment and whose basis date is within the window around the payment date. One candidate,
 * or one paid exactly when the others are not, is applied; several equally good ones are suggested (or the one due
 * first taken, when {@code ties} is OLDEST).
 *
 * @param daysBefore how many days before the basis date a payment may come (0 or more)
 * @param daysAfter  how many days after the basis date a payment may come (0 or more)
 */
public record AmountCustomerDateRule(String id, RuleMode mode, Tolerance tolerance, DateBasis dateBasis, int daysBefore,
        int daysAfter, TiePolicy ties) implements MatchingRule {

    public AmountCustomerDateRule {
        MatchingRule.checkId(id);
        MatchingRule.required(id, "mode", mode);
        MatchingRule.required(id, "tolerance", tolerance);
        MatchingRule.required(id, "date-basis", dateBasis);
        MatchingRule.required(id, "ties", ties);
        if (daysBefore < 0 || daysBefore > 3660) {
            throw new InvalidRulesException("rule '" + id + "'", "days-before", "is 0..3660 days, was " + daysBefore);
        }
        if (daysAfter < 0 || daysAfter > 3660) {
            throw new InvalidRulesException("rule '" + id + "'", "days-after", "is 0..3660 days, was " + daysAfter);
        }
    }

    @Override
    public RuleKind kind() {
        return RuleKind.AMOUNT_CUSTOMER_DATE;
    }
}
