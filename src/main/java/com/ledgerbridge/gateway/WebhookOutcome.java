package com.ledgerbridge.gateway;

/** How we handled a notification; each gateway says how to answer each one ({@link PaymentGateway#answer}). */
public enum WebhookOutcome {
    /** Its event is stored and committed. */
    NEW_EVENT,
    /** Its event was stored before (a resend, or a twin that raced it); nothing changed. */
    DUPLICATE,
    /** Genuine, but it reports no money movement (e.g. a trade closed unpaid); nothing stored. */
    NO_MONEY_MOVED,
    /** Forged, tampered, malformed or foreign: refused and recorded; nothing else changed. */
    REJECTED,
    /** We could not store it (database down, overloaded, an unexpected failure): the gateway must send it again. */
    NOT_STORED
}
