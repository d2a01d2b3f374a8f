package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.gateway.PemText;
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
        byte[] der = PemText.der(text, "public key");
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
        byte[] der = PemText.der(text, "private key");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an RSA PKCS#8 private key");
        }
    }

}
