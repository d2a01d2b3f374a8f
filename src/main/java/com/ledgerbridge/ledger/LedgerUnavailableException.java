package com.ledgerbridge.ledger;

/** The target could not take the entry now (5xx, 429, an unexpected answer); the posting is retried. */
public class LedgerUnavailableException extends RuntimeException {
    public LedgerUnavailableException(String message) {
        super(message);
    }
}
