package com.ledgerbridge.domain.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The audit trail's hash chain. Each entry's hash is SHA-256 over a canonical encoding of its fields and the previous
 * entry's hash, so changing, removing or reordering an entry breaks every link after it. The encoding is stated
 * exactly here so that anyone can check a chain with their own code:
 *
 * <pre>
 *   "ledgerbridge-audit/1"
 *   then for each field, in this order: sequence, at, actor, action, subject type, subject id, before, after,
 *   previous hash: a line feed, then "-" for a null field, else its UTF-8 byte length in decimal, ":", its UTF-8 bytes
 * </pre>
 *
 * where sequence is decimal and {@code at} is ISO-8601 UTC with exactly six fractional digits
 * ({@code 2026-03-01T08:15:30.000250Z}). Length prefixes keep field boundaries unambiguous ("ab"+"c" is not
 * "a"+"bc"), and "-" keeps null apart from the empty text. The hash is written as 64 lower-case hex digits.
 */
public final class AuditChain {

    /** What the first entry names as its previous hash. */
    public static final String GENESIS = "0".repeat(64);

    static final String VERSION = "ledgerbridge-audit/1";

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditChain() {
    }

    /** The instant as the chain keeps it: to the microsecond, which PostgreSQL and H2 both store exactly. */
    public static Instant truncate(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code at} as the chain hashes it: ISO-8601 UTC with exactly six fractional digits. */
    public static String format(Instant at) {
        return AT.format(at);
    }

    /** The entry that follows {@code previousHash} at {@code sequence}, with its hash. */
    public static AuditEvent link(long sequence, Instant at, String actor, String action, String subjectType,
                                  String subjectId, String beforeJson, String afterJson, String previousHash) {
        Instant kept = truncate(at);
        return new AuditEvent(sequence, kept, actor, action, subjectType, subjectId, beforeJson, afterJson, previousHash,
                hash(sequence, kept, actor, action, subjectType, subjectId, beforeJson, afterJson, previousHash));
    }

    /** SHA-256 of {@link #canonical}, as 64 lower-case hex digits. */
    public static String hash(long sequence, Instant at, String actor, String action, String subjectType,
                              String subjectId, String beforeJson, String afterJson, String previousHash) {
        byte[] encoded = canonical(sequence, at, actor, action, subjectType, subjectId, beforeJson, afterJson,
                previousHash);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The bytes that are hashed (see the class comment). */
    public static byte[] canonical(long sequence, Instant at, String actor, String action, String subjectType,
                                   String subjectId, String beforeJson, String afterJson, String previousHash) {
        if (!truncate(at).equals(at)) {
            throw new IllegalArgumentException("the audit trail keeps times to the microsecond, was " + at);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(VERSION.getBytes(StandardCharsets.US_ASCII));
        for (String field : new String[] {Long.toString(sequence), AT.format(at), actor, action, subjectType, subjectId,
                beforeJson, afterJson, previousHash}) {
            out.write('\n');
            if (field == null) {
                out.write('-');
            } else {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                out.write(':');
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }
}
