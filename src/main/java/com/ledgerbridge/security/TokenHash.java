package com.ledgerbridge.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash an API token is configured by: SHA-256 of its UTF-8 bytes, 64 lower-case hex digits (the same as
 * {@code printf %s "$TOKEN" | sha256sum}). Runs with nothing else on the class path:
 * {@code java -cp target/classes com.ledgerbridge.security.TokenHash < token.txt} (the token from standard input,
 * so it stays out of the shell history).
 */
public final class TokenHash {

    private TokenHash() {
    }

    public static String sha256(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static void main(String[] args) throws IOException {
        String token = args.length > 0 ? args[0] : new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            System.err.println("usage: java -cp target/classes com.ledgerbridge.security.TokenHash < token.txt");
            System.exit(2);
        }
        System.out.println(sha256(token));
    }
}
