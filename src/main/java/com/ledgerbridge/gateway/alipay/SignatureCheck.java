package com.ledgerbridge.gateway.alipay;

/**
 * Outcome of {@link AlipaySignatureVerifier#verify}. {@code reason} is one of the constants below and never
 * contains parameter values or key material.
 */
public record SignatureCheck(boolean valid, String reason) {

    public static final String OK = "OK";
    /** The parameter map itself was null. */
    public static final String NO_PARAMETERS = "NO_PARAMETERS";
    /** {@code sign} is absent, empty or whitespace-only. */
    public static final String MISSING_SIGN = "MISSING_SIGN";
    /** {@code sign_type} is absent or not exactly {@code RSA2} or {@code RSA}. */
    public static final String UNSUPPORTED_SIGN_TYPE = "UNSUPPORTED_SIGN_TYPE";
    /** {@code charset} names no charset known to the JVM. */
    public static final String UNSUPPORTED_CHARSET = "UNSUPPORTED_CHARSET";
    /** Every parameter other than {@code sign}/{@code sign_type} is empty: nothing was signed. */
    public static final String EMPTY_CONTENT = "EMPTY_CONTENT";
    /** {@code sign} does not decode to a signature of the key's size. */
    public static final String MALFORMED_SIGN = "MALFORMED_SIGN";
    /** Well-formed signature that does not match the parameters under the configured key. */
    public static final String SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH";
    /** Certificate mode: {@code alipay_cert_sn} names a certificate we do not hold. */
    public static final String UNKNOWN_CERT_SN = "UNKNOWN_CERT_SN";
    /** Unexpected failure of the JDK crypto provider. */
    public static final String VERIFICATION_ERROR = "VERIFICATION_ERROR";

    static SignatureCheck ok() {
        return new SignatureCheck(true, OK);
    }

    static SignatureCheck invalid(String reason) {
        return new SignatureCheck(false, reason);
    }
}
