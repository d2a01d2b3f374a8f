package com.ledgerbridge.domain.reconciliation;

/** Why a payment could not be applied automatically; a person resolves each of these. */
public enum ExceptionReason {
    UNKNOWN_INVOICE,
    NON_POSITIVE_AMOUNT,
    CURRENCY_MISMATCH,
    INVOICE_ALREADY_SETTLED,
    AMOUNT_EXCEEDS_OUTSTANDING,
    UNSUPPORTED_EVENT_TYPE,
    /** More was reported refunded than the payment paid; only the paid amount is booked as refunded. */
    REFUND_EXCEEDS_PAYMENT,
    /** A second dispute on a payment already in dispute. */
    SECOND_DISPUTE,
    /** A dispute reported won and lost. */
    DISPUTE_DECIDED_TWICE
}
