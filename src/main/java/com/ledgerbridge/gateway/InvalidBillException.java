package com.ledgerbridge.gateway;

/**
 * A whole settlement bill refused: torn or not a zip, wrong encoding, another merchant's bill, not a bill at all.
 * The message says which, for the operator; the import changes nothing.
 */
public class InvalidBillException extends RuntimeException {

    private final String reason;

    /** @param reason a short code, e.g. {@code TORN_ZIP}, {@code WRONG_ENCODING}, {@code FOREIGN_MERCHANT} */
    public InvalidBillException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidBillException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
