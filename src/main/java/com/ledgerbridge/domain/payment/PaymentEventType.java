package com.ledgerbridge.domain.payment;

/** What kind of money movement a gateway event reports. */
public enum PaymentEventType {
    /** The buyer paid. */
    PAYMENT,
    /** Money went back to the buyer (handled by a later issue; recorded as an exception until then). */
    REFUND
}
