package com.ledgerbridge.domain.reconciliation;

/** Why a payment could not be applied automatically; a person resolves each of these. */
public enum ExceptionReason {
    UNKNOWN_INVOICE,
    NON_POSITIVE_AMOUNT,
    CURRENCY_MISMATCH,
    INVOICE_ALREADY_SETTLED,
    AMOUNT_EXCEEDS_OUTSTANDING,
    UNSUPPORTED_EVENT_TYPE
}
