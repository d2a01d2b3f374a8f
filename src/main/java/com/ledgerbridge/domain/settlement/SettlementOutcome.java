package com.ledgerbridge.domain.settlement;

/**
 * What the three-way reconciliation says about one trade of a bill day. When several apply, the first in this
 * order (most serious first, MATCHED last) is the trade's outcome; the discrepancy's detail lists all of them.
 */
public enum SettlementOutcome {
    /**
     * The gateway contradicts itself about what happened, not only about how much: its webhooks said the trade
     * closed unpaid while the bill shows it paid, or the bill shows a dispute reversed (won) that the webhooks said
     * was lost.
     */
    STATUS_MISMATCH,
    /**
     * Bill and inbox both report the fact with different amounts: the paid amount, a dispute's amount, a currency,
     * or the inbox reports more refunded (as of the bill day's end) than the bill's refund lines add up to.
     */
    AMOUNT_MISMATCH,
    /**
     * The bill has a fact (payment, refund total, dispute opened or reversed) that no webhook delivered. Healed: the
     * event the webhook would have created is stored with origin BILL under the webhook's own key, so the books
     * catch up and a late webhook is a duplicate. Stays the outcome on every re-run (the webhook was missed).
     */
    MISSING_NOTIFICATION,
    /** A webhook reported money moving on the bill day for a trade the day's bill does not list. */
    NOT_IN_BILL,
    /**
     * Bill and inbox agree, but the books lag: no payment row, less paid or refunded booked than the bill shows, a
     * dispute not booked, or a journal entry of the payment not yet posted to the ledger.
     */
    NOT_BOOKED,
    /** All three agree. */
    MATCHED
}
