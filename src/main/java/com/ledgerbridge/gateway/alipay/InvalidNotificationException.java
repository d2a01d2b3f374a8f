package com.ledgerbridge.gateway.alipay;

/**
 * An Alipay notification body or parameter set that cannot be accepted. Unchecked: the caller rejects the
 * notification (Alipay re-sends it) and should log {@link #reason()} and {@link #field()}.
 */
public class InvalidNotificationException extends RuntimeException {

    /** Why the notification was rejected. */
    public enum Reason {
        /** A {@code %} not followed by two hex digits. */
        MALFORMED_PERCENT_ENCODING,
        /** The {@code charset} parameter names no charset this JVM knows, or one that is not ASCII-compatible. */
        UNKNOWN_CHARSET,
        /** The decoded bytes are not valid in the notification's charset. */
        MALFORMED_CHARACTERS,
        /** The same parameter name occurs twice. */
        DUPLICATE_PARAMETER,
        /** A required parameter is absent, empty or whitespace-only. */
        MISSING_FIELD,
        /** An amount is not a plain non-negative decimal with at most 2 decimals. */
        INVALID_AMOUNT,
        /** A time is not {@code yyyy-MM-dd HH:mm:ss[.S...]}. */
        INVALID_TIME,
        /** {@code trade_status} is not one of the known values. */
        INVALID_TRADE_STATUS,
        /** {@code total_amount} is zero: no trade is for nothing. */
        NON_POSITIVE_AMOUNT,
        /** {@code refund_fee} (refunded so far) is more than {@code total_amount}. */
        REFUND_EXCEEDS_TOTAL,
        /** {@code receipt_amount} or {@code buyer_pay_amount} is more than {@code total_amount}. */
        AMOUNT_EXCEEDS_TOTAL
    }

    private final Reason reason;
    private final String field;

    public InvalidNotificationException(Reason reason, String field, String message) {
        super(reason + (field == null ? "" : " [" + field + "]") + ": " + message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The parameter concerned, or {@code null} when the problem is not tied to one parameter. */
    public String field() {
        return field;
    }
}
