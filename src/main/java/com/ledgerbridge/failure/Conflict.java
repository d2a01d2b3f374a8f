package com.ledgerbridge.failure;

/**
 * A request that is well-formed but conflicts with the current state (the exception is no longer open, the invoice
 * has less outstanding than asked, the maker tries to approve their own action); answered 409 with this message and
 * nothing changes.
 */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
