package com.ledgerbridge.failure;

/** The caller is authenticated but lacks what this particular request needs (e.g. the approval level due); 403. */
public class NotPermitted extends RuntimeException {

    public NotPermitted(String message) {
        super(message);
    }
}
