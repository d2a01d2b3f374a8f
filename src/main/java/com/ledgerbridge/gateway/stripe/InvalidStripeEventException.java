package com.ledgerbridge.gateway.stripe;

/**
 * A verified Stripe request whose content we cannot accept (not JSON, not an event, a thin v2 event, another
 * account's or mode's event, a money event lacking what it must carry). Becomes a refusal with {@link #reason()}.
 */
final class InvalidStripeEventException extends RuntimeException {

    static final String MALFORMED_JSON = "MALFORMED_JSON";
    static final String NOT_AN_EVENT = "NOT_AN_EVENT";
    static final String THIN_EVENT = "THIN_EVENT";
    static final String WRONG_MODE = "WRONG_MODE";
    static final String FOREIGN_ACCOUNT = "FOREIGN_ACCOUNT";
    static final String MALFORMED_EVENT = "MALFORMED_EVENT";
    static final String UNKNOWN_DISPUTE_STATUS = "UNKNOWN_DISPUTE_STATUS";

    private final String reason;

    InvalidStripeEventException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
