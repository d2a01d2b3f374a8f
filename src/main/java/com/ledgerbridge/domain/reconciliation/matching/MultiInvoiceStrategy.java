package com.ledgerbridge.domain.reconciliation.matching;

/** How a MULTI_INVOICE rule spreads one payment over several items. */
public enum MultiInvoiceStrategy {
    /** Over the invoices the payment lists (two or more references). */
    LISTED_REFERENCES,
    /** Over the one subset of the customer's open items whose open amounts add up to the payment exactly. */
    EXACT_SUBSET,
    /** Over the customer's open items, the one due first first. */
    OLDEST_FIRST
}
