package com.ledgerbridge.domain.reconciliation;

/** Which rule matched a payment to an invoice; stored with every allocation as its evidence. */
public enum MatchRule {
    /** The payment's merchant reference is exactly the invoice number. */
    EXACT_REFERENCE
}
