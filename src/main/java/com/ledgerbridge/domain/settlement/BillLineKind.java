package com.ledgerbridge.domain.settlement;

/** What one line of a gateway's settlement bill records. */
public enum BillLineKind {
    /** A buyer's payment (Alipay 交易, WeChat Pay SUCCESS, Stripe charge/payment). */
    PAYMENT,
    /** Money returned to a buyer (Alipay 退款 row, WeChat Pay REFUND row, Stripe refund). */
    REFUND,
    /** A fee charged on its own line, not on a payment's line (e.g. Stripe's stripe_fee, a dispute fee). */
    FEE,
    /** Money the gateway sent to the merchant's bank (Stripe payout). */
    PAYOUT,
    /** A dispute took money back (Stripe dispute). */
    DISPUTE,
    /** A dispute's money came back (Stripe dispute reversal). */
    DISPUTE_REVERSAL,
    /** Anything else the gateway lists (adjustments, transfers): reported, never booked automatically. */
    OTHER
}
