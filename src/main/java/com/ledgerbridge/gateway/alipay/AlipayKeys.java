package com.ledgerbridge.gateway.alipay;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Parses RSA keys given as bare base64 (Alipay console style) or PEM. Error messages never echo key text. */
final class AlipayKeys {

    private AlipayKeys() {
    }

    /** X.509 SubjectPublicKeyInfo, bare base64 or {@code -----BEGIN PUBLIC KEY-----} PEM. */
    static PublicKey publicKey(String text) {
        byte[] der = der(text, "public");
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an RSA X.509 SubjectPublicKeyInfo public key");
        }
    }

    /** PKCS#8, bare base64 or {@code -----BEGIN PRIVATE KEY-----} PEM (PKCS#1 "RSA PRIVATE KEY" is refused). */
    static PrivateKey privateKey(String text) {
        if (text != null && text.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("PKCS#1 private key given; convert it to PKCS#8 (BEGIN PRIVATE KEY)");
        }
        byte[] der = der(text, "private");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an RSA PKCS#8 private key");
        }
    }

    private static byte[] der(String text, String kind) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty " + kind + " key");
        }
        StringBuilder base64 = new StringBuilder(text.length());
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("-----")) {
                continue; // PEM BEGIN/END line
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (!Character.isWhitespace(c)) {
                    base64.append(c);
                }
            }
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(kind + " key is not valid base64");
        }
    }
}
