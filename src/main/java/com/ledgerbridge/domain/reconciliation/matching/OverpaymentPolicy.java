package com.ledgerbridge.domain.reconciliation.matching;

/** What a rule does with a payment above the items' open amount by more than its tolerance. */
public enum OverpaymentPolicy {
    /** Settle the items; the rest is the customer's credit. */
    CREDIT,
    /** Suggest it to a person. */
    SUGGEST
}
