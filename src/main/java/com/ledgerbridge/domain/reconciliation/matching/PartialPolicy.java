package com.ledgerbridge.domain.reconciliation.matching;

/** What a rule does with a payment short of the items' open amount by more than its tolerance. */
public enum PartialPolicy {
    /** Apply it, oldest item first; the rest stays open. */
    AUTO,
    /** Suggest it to a person. */
    SUGGEST
}
