package com.ledgerbridge.domain.payment;

import com.ledgerbridge.domain.money.Money;

/**
 * A money movement of one payment that is due for booking: what {@link PaymentLifecycle#settle} finds between
 * what we know and what we have booked. Each has a key that is the same however it was reached, so its journal
 * entry is made once.
 */
public sealed interface MoneyMovement {

    /** The payment's key, as {@link PaymentFacts#paymentKey()}. */
    String paymentKey();

    /** The money this movement moves. */
    Money amount();

    /** The buyer's payment of {@code amount} is to be booked (applied to invoices, or held as credit). */
    record Received(String paymentKey, Money amount) implements MoneyMovement {
    }

    /**
     * {@code amount} more went back to the buyer, bringing what is booked as refunded to {@code refundedAfter}.
     * Keyed by that total, so whichever notifications revealed it, the step to the same total is one entry.
     */
    record Refunded(String paymentKey, Money amount, Money refundedAfter) implements MoneyMovement {
    }

    /** A dispute took {@code amount} back from the merchant until it is decided. */
    record DisputeOpened(String paymentKey, String disputeId, Money amount) implements MoneyMovement {
    }

    /** The dispute was decided: {@code won} gives the held amount back, otherwise it is lost. */
    record DisputeDecided(String paymentKey, String disputeId, Money amount, boolean won) implements MoneyMovement {
    }
}
