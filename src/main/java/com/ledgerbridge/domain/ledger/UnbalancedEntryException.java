package com.ledgerbridge.domain.ledger;

/** Raised when a journal entry's debits and credits differ in some currency. */
public class UnbalancedEntryException extends IllegalArgumentException {
    public UnbalancedEntryException(String message) {
        super(message);
    }
}
