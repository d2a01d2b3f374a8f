package com.ledgerbridge.domain.reconciliation.matching;

/** What a decision does with a payment. Only the first three apply money. */
public enum Outcome {
    /** Applied in full and the items it was aimed at are settled. */
    MATCH,
    /** Applied in full; the items it was aimed at keep an open balance. */
    PARTIAL,
    /** The items' open amount is applied; the rest of the payment is the customer's credit. */
    OVERPAYMENT,
    /** Candidates for a person; nothing applied. */
    SUGGESTION,
    /** No rule found anything to apply the payment to; nothing applied. */
    NO_MATCH;

    public boolean applies() {
        return this == MATCH || this == PARTIAL || this == OVERPAYMENT;
    }
}
