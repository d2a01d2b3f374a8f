package com.ledgerbridge.gateway.alipay;

/** Values of {@code trade_status} in Alipay trade notifications. */
public enum AlipayTradeStatus {
    /** Trade created, waiting for payment (not notified by default). */
    WAIT_BUYER_PAY,
    /** Closed unpaid after a timeout, or closed after refunds reached the full amount. */
    TRADE_CLOSED,
    /** Paid; refunds still possible. */
    TRADE_SUCCESS,
    /** Paid and no longer refundable (product without refunds, or refund period over); may follow refunds. */
    TRADE_FINISHED;

    /** Only {@code TRADE_SUCCESS} and {@code TRADE_FINISHED} mean the buyer paid. */
    public boolean isPaid() {
        return this == TRADE_SUCCESS || this == TRADE_FINISHED;
    }
}
