package com.ledgerbridge.failure;

/**
 * Input we were handed that is wrong in itself (a malformed request, an unknown parameter value). The
 * caller is answered with a clear 4xx naming the problem, the reason is logged, and nothing changes.
 */
public class BadInput extends RuntimeException {

    public BadInput(String message) {
        super(message);
    }
}
