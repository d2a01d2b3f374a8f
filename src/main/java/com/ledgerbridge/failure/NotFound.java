package com.ledgerbridge.failure;

/** What an operator asked for does not exist; the operations endpoints answer 404 with this message. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
