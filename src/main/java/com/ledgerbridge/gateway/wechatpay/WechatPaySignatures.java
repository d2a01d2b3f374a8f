package com.ledgerbridge.gateway.wechatpay;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies WeChat Pay's signature on a message it sent us (a notification, or an API answer): SHA256withRSA over
 * {@code Wechatpay-Timestamp \n Wechatpay-Nonce \n body \n}, base64 in {@code Wechatpay-Signature}, with the key
 * {@code Wechatpay-Serial} names — the WeChat Pay public key when it is that key's id ({@code PUB_KEY_ID_…}), else
 * the platform certificate with that serial number (hex, any case, as the official SDK reads it). The body is taken
 * as the exact bytes received.
 *
 * <p>Beyond the SDK (which checks no age for notifications): the timestamp must be within the tolerance of our
 * clock, either way, so that a recorded notification cannot be replayed later. Every failure is a {@link Check}
 * with a reason, never an exception. Thread-safe.
 */
final class WechatPaySignatures {

    static final String SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";
    static final String PROBE_PREFIX = "WECHATPAY/SIGNTEST/";

    static final String TIMESTAMP = "Wechatpay-Timestamp";
    static final String NONCE = "Wechatpay-Nonce";
    static final String SIGNATURE = "Wechatpay-Signature";
    static final String SERIAL = "Wechatpay-Serial";
    static final String SIGNATURE_TYPE_HEADER = "Wechatpay-Signature-Type";

    /** A signed message as it arrived: the five headers (any may be null) and the body bytes. */
    record Signed(String timestamp, String nonce, String signature, String serial, String signatureType, byte[] body) {
    }

    /** The outcome; {@code reason} is a short code, {@code detail} says more and never carries key material. */
    record Check(boolean valid, String reason, String detail) {

        static final Check OK = new Check(true, "OK", "signature verified");

        static Check invalid(String reason, String detail) {
            return new Check(false, reason, detail);
        }
    }

    /** A {@code Wechatpay-*} header is absent or empty. */
    static final String MISSING_HEADER = "MISSING_HEADER";
    /** {@code Wechatpay-Signature-Type} is not {@code WECHATPAY2-SHA256-RSA2048}. */
    static final String UNSUPPORTED_SIGNATURE_TYPE = "UNSUPPORTED_SIGNATURE_TYPE";
    /** {@code Wechatpay-Serial} names neither our public key nor one of our platform certificates. */
    static final String UNKNOWN_SERIAL = "UNKNOWN_SERIAL";
    /** WeChat Pay's deliberate probe ({@code WECHATPAY/SIGNTEST/…}): it expects a refusal. */
    static final String SIGNATURE_PROBE = "SIGNATURE_PROBE";
    /** The signature is not base64 of an RSA signature of the key's size. */
    static final String MALFORMED_SIGNATURE = "MALFORMED_SIGNATURE";
    /** A well-formed signature that does not match the message under the named key. */
    static final String SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH";
    /** {@code Wechatpay-Timestamp} is not a number of seconds. */
    static final String MALFORMED_TIMESTAMP = "MALFORMED_TIMESTAMP";
    /** {@code Wechatpay-Timestamp} is further from our clock than the tolerance. */
    static final String TIMESTAMP_OUT_OF_WINDOW = "TIMESTAMP_OUT_OF_WINDOW";
    /** The crypto provider failed unexpectedly. */
    static final String VERIFICATION_ERROR = "VERIFICATION_ERROR";

    private final String publicKeyId;
    private final PublicKey publicKey;
    private final Map<BigInteger, PublicKey> certificateKeys;
    private final Clock clock;
    private final Duration tolerance;

    /**
     * @param publicKeyId  the WeChat Pay public key's id, or null when none is configured
     * @param publicKey    the WeChat Pay public key, or null
     * @param certificates platform certificates, by their serial numbers
     */
    WechatPaySignatures(String publicKeyId, PublicKey publicKey, List<X509Certificate> certificates, Clock clock,
            Duration tolerance) {
        this.publicKeyId = publicKey == null ? null : publicKeyId;
        this.publicKey = publicKey;
        Map<BigInteger, PublicKey> keys = new HashMap<>();
        certificates.forEach(c -> keys.put(c.getSerialNumber(), c.getPublicKey()));
        this.certificateKeys = Collections.unmodifiableMap(keys);
        this.clock = clock;
        this.tolerance = tolerance;
    }

    static WechatPaySignatures of(WechatPayProperties properties, Clock clock) {
        return new WechatPaySignatures(properties.publicKeyId(), properties.parsedPublicKey(),
                properties.parsedPlatformCertificates(), clock, properties.timestampTolerance());
    }

    /** Checks the message; never throws. */
    Check verify(Signed message) {
        try {
            return check(message);
        } catch (GeneralSecurityException | RuntimeException e) {
            return Check.invalid(VERIFICATION_ERROR, "verification failed: " + e.getClass().getSimpleName());
        }
    }

    private Check check(Signed m) throws GeneralSecurityException {
        for (String[] header : new String[][] {{TIMESTAMP, m.timestamp()}, {NONCE, m.nonce()},
                {SIGNATURE, m.signature()}, {SERIAL, m.serial()}}) {
            if (header[1] == null || header[1].isBlank()) {
                return Check.invalid(MISSING_HEADER, header[0] + " is missing");
            }
        }
        // absent or empty means the one type there is, as the SDK reads it
        if (m.signatureType() != null && !m.signatureType().isEmpty() && !SIGNATURE_TYPE.equals(m.signatureType())) {
            return Check.invalid(UNSUPPORTED_SIGNATURE_TYPE, SIGNATURE_TYPE_HEADER + " " + clip(m.signatureType()));
        }
        if (!m.timestamp().matches("[0-9]{1,12}")) {
            return Check.invalid(MALFORMED_TIMESTAMP, TIMESTAMP + " is not a number of seconds: " + clip(m.timestamp()));
        }
        PublicKey key = keyFor(m.serial());
        if (key == null) {
            return Check.invalid(UNKNOWN_SERIAL, SERIAL + " " + clip(m.serial()) + " is neither our WeChat Pay public "
                    + "key id nor the serial of one of our platform certificates");
        }
        if (m.signature().startsWith(PROBE_PREFIX)) {
            return Check.invalid(SIGNATURE_PROBE, "WeChat Pay signature probe (" + PROBE_PREFIX + "…)");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(m.signature());
        } catch (IllegalArgumentException e) {
            return Check.invalid(MALFORMED_SIGNATURE, SIGNATURE + " is not base64");
        }
        int size = (((RSAPublicKey) key).getModulus().bitLength() + 7) / 8;
        if (signature.length != size) {
            return Check.invalid(MALFORMED_SIGNATURE, SIGNATURE + " is " + signature.length + " bytes, not " + size);
        }
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(message(m.timestamp(), m.nonce(), m.body()));
        if (!verifier.verify(signature)) {
            return Check.invalid(SIGNATURE_MISMATCH, "the signature does not match the message under the key of "
                    + clip(m.serial()));
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(m.timestamp()));
        Duration off = Duration.between(sent, clock.instant()).abs();
        if (off.compareTo(tolerance) > 0) {
            return Check.invalid(TIMESTAMP_OUT_OF_WINDOW, TIMESTAMP + " " + sent + " is " + off.toSeconds()
                    + " s from our clock (tolerance " + tolerance.toSeconds() + " s)");
        }
        return Check.OK;
    }

    /** {@code timestamp \n nonce \n body \n}, the body as its exact bytes. */
    static byte[] message(String timestamp, String nonce, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        out.writeBytes((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        out.write('\n');
        return out.toByteArray();
    }

    private PublicKey keyFor(String serial) {
        if (publicKeyId != null && publicKeyId.equals(serial)) {
            return publicKey;
        }
        if (certificateKeys.isEmpty() || !serial.matches("[0-9A-Fa-f]{1,64}")) {
            return null;
        }
        return certificateKeys.get(new BigInteger(serial, 16));
    }

    private static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
