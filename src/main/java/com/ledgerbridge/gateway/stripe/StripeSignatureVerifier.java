package com.ledgerbridge.gateway.stripe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a {@code Stripe-Signature} header ({@code t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]}) the way
 * stripe-java's {@code Webhook.Signature.verifyHeader} does: HMAC-SHA256 over {@code "<t>.<raw body>"} keyed with
 * the whole {@code whsec_…} string as UTF-8, lowercase hex, compared in constant time with every {@code v1} value;
 * any match under any configured secret wins (several secrets while one is rolled), other schemes are ignored.
 *
 * <p>Deliberately stricter than stripe-java: the timestamp must lie within the tolerance on <em>both</em> sides of
 * our clock (stripe-java lets any future timestamp through, so a signature leaked with a far-future {@code t}
 * would stay replayable), and a malformed header (no or non-numeric {@code t}, no {@code v1}) is a refusal with a
 * reason, never an exception (stripe-java lets a non-numeric {@code t} escape as {@code NumberFormatException}).
 * The HMAC runs over the body's exact bytes, not over a decoded string.
 *
 * <p>Thread-safe: keys are prepared once; a {@link Mac} is made per call.
 */
public final class StripeSignatureVerifier {

    private static final String HMAC = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of(); // lowercase, as Stripe sends

    private final List<SecretKeySpec> keys;
    private final long toleranceSeconds;
    private final Clock clock;

    public StripeSignatureVerifier(List<String> endpointSecrets, Duration tolerance, Clock clock) {
        if (endpointSecrets.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint secret is needed");
        }
        this.keys = endpointSecrets.stream()
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC))
                .toList();
        this.toleranceSeconds = tolerance.toSeconds();
        if (toleranceSeconds <= 0) {
            throw new IllegalArgumentException("the tolerance must be at least one second");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The outcome; {@code reason} is one of the constants below, {@code detail} never holds a secret or a signature. */
    public record Check(boolean valid, String reason, String detail) {

        public static final String OK = "OK";
        /** No {@code Stripe-Signature} header at all. */
        public static final String MISSING_SIGNATURE = "MISSING_SIGNATURE";
        /** The header has no {@code t}, a {@code t} that is not a positive number, or no {@code v1} signature. */
        public static final String MALFORMED_SIGNATURE_HEADER = "MALFORMED_SIGNATURE_HEADER";
        /** Well-formed, but no {@code v1} value matches the body under any configured secret. */
        public static final String SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH";
        /** Genuine, but signed too long ago (a replay) or too far ahead of our clock. */
        public static final String TIMESTAMP_OUTSIDE_TOLERANCE = "TIMESTAMP_OUTSIDE_TOLERANCE";
    }

    /** Parsed header: the timestamp and every {@code v1} value. */
    record Header(long timestamp, List<String> v1) {
    }

    public Check verify(String signatureHeader, byte[] body) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return new Check(false, Check.MISSING_SIGNATURE, "no Stripe-Signature header");
        }
        Header header;
        try {
            header = parse(signatureHeader);
        } catch (IllegalArgumentException e) {
            return new Check(false, Check.MALFORMED_SIGNATURE_HEADER, e.getMessage());
        }
        if (!matchesAny(header, body)) {
            return new Check(false, Check.SIGNATURE_MISMATCH, header.v1().size()
                    + " v1 signature(s), none matches the body under the " + keys.size() + " configured secret(s)");
        }
        long now = clock.millis() / 1000;
        long age = now - header.timestamp();
        if (age > toleranceSeconds) {
            return new Check(false, Check.TIMESTAMP_OUTSIDE_TOLERANCE, "signed at t=" + header.timestamp() + ", " + age
                    + " s ago; tolerance " + toleranceSeconds + " s (a replay, or our clock is off)");
        }
        if (-age > toleranceSeconds) {
            return new Check(false, Check.TIMESTAMP_OUTSIDE_TOLERANCE, "signed at t=" + header.timestamp() + ", " + -age
                    + " s ahead of our clock; tolerance " + toleranceSeconds + " s");
        }
        return new Check(true, Check.OK, "");
    }

    /** Reads {@code t} and every {@code v1}; other schemes ({@code v0}, future ones) are skipped. */
    static Header parse(String signatureHeader) {
        Long timestamp = null;
        List<String> v1 = new ArrayList<>();
        for (String item : signatureHeader.split(",", -1)) {
            int equals = item.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String scheme = item.substring(0, equals).strip();
            String value = item.substring(equals + 1).strip();
            if (scheme.equals("t")) {
                if (timestamp != null) {
                    throw new IllegalArgumentException("the header has more than one timestamp t");
                }
                timestamp = timestamp(value);
            } else if (scheme.equals("v1")) {
                v1.add(value);
            }
        }
        if (timestamp == null) {
            throw new IllegalArgumentException("the header has no timestamp t");
        }
        if (v1.isEmpty()) {
            throw new IllegalArgumentException("the header has no v1 signature");
        }
        return new Header(timestamp, v1);
    }

    private static long timestamp(String value) {
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the timestamp t is not a number of seconds: '" + shorten(value) + "'");
        }
        long seconds = Long.parseLong(value);
        if (seconds <= 0) {
            throw new IllegalArgumentException("the timestamp t is not positive");
        }
        return seconds;
    }

    private boolean matchesAny(Header header, byte[] body) {
        byte[] prefix = (header.timestamp() + ".").getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = HEX.formatHex(hmac(key, prefix, body)).getBytes(StandardCharsets.US_ASCII);
            for (String candidate : header.v1()) {
                // constant time for equal lengths; every pair is compared so timing says nothing about which matched
                found |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return found;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String shorten(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "…";
    }
}
