package com.ledgerbridge.domain.reconciliation.matching;

/** The result of one field test in the evidence. */
public enum Check {
    /** The field agrees (equal, or within tolerance / window). */
    PASS,
    /** The field disagrees (different, or outside tolerance / window). */
    FAIL,
    /** Recorded for the reader; not a test (e.g. how the customer was identified). */
    INFO
}
