package com.ledgerbridge.domain.workbench;

/** What an operator can do about a reconciliation exception. */
public enum ActionKind {
    /** apply (part of) the held customer credit to one or more open invoices (one invoice: a match; several: a split) */
    MATCH,
    /** write a small remaining invoice balance off */
    WRITE_OFF,
    /** instruct a refund of the held credit to the customer (booked when the gateway reports the refund) */
    REFUND,
    /** close the exception with a note; no money moves */
    IGNORE,
    /** keep the held money as a named customer's credit, applied to their invoices by the credit-application stage */
    CREDIT,
    /** reverse an earlier action: reversing entries, the exception open again */
    UNDO
}
