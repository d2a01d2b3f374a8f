package com.ledgerbridge.domain.reconciliation.matching;

import java.util.regex.Pattern;

/** One rule of the ordered rule set; each decision names the rule that made it. */
public sealed interface MatchingRule permits ExactReferenceRule, AmountCustomerDateRule, MultiInvoiceRule, InstalmentRule {

    /** Rule ids: lower-case letters, digits and dashes, so they read well in evidence and reports. */
    Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    String id();

    RuleKind kind();

    RuleMode mode();

    static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRulesException(null, "id", "a rule id is 1-63 lower-case letters, digits and dashes, was '"
                    + id + "'");
        }
    }

    static <T> T required(String id, String field, T value) {
        if (value == null) {
            throw new InvalidRulesException("rule '" + id + "'", field, "is required");
        }
        return value;
    }
}
