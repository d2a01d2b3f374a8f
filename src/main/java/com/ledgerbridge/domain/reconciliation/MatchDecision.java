package com.ledgerbridge.domain.reconciliation;

/** The outcome of matching one payment: an allocation, or an exception for a person. Never a guess. */
public sealed interface MatchDecision {

    record Matched(Allocation allocation, boolean settlesInvoice) implements MatchDecision {
    }

    record Unmatched(ExceptionReason reason, String detail) implements MatchDecision {
    }
}
