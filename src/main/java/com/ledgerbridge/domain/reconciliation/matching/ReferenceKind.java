package com.ledgerbridge.domain.reconciliation.matching;

/** What a reference found in a payment named. */
public enum ReferenceKind {
    INVOICE_NUMBER,
    /** A CRM order id, resolved to the invoice(s) billing it. */
    ORDER_NUMBER
}
