package com.ledgerbridge.domain.payment;

/** Where a payment stands, derived from what has been observed of it ({@link PaymentFacts#status()}). */
public enum PaymentStatus {
    /** Known (a refund or dispute arrived first, or a close of an unpaid trade is pending) but not paid yet. */
    PENDING,
    PAID,
    PARTIALLY_REFUNDED,
    REFUNDED,
    DISPUTED,
    DISPUTE_WON,
    DISPUTE_LOST,
    /** Closed: unpaid and timed out, or paid and past its refund period (Alipay TRADE_FINISHED). */
    CLOSED
}
