package com.ledgerbridge.failure;

/**
 * A refusal a retry cannot change: a validation error, a 4xx other than 408/429, an ERP's
 * "IsSuccess": false, credentials the remote does not accept. Not retried; the work item is parked with
 * this message as its reason, where a person sees it and can re-drive it after fixing the cause.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
