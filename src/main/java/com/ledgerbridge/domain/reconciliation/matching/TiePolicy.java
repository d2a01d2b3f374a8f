package com.ledgerbridge.domain.reconciliation.matching;

/** What a rule does when several candidates fit equally well. */
public enum TiePolicy {
    /** Suggest them to a person: never guess. */
    SUGGEST,
    /** Take the one due first (then the lowest item id). */
    OLDEST
}
