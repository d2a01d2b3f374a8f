package com.ledgerbridge.gateway.wechatpay;

import com.ledgerbridge.gateway.PemText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the keys WeChat Pay hands out, as PEM text (or bare base64), or from a file named {@code file:<path>}:
 * the WeChat Pay public key ({@code pub_key.pem}), platform certificates ({@code wechatpay_<serial>.pem}) and our
 * merchant API private key ({@code apiclient_key.pem}, PKCS#8). Messages never echo key text.
 */
final class WechatPayKeys {

    private static final String FILE_PREFIX = "file:";

    private WechatPayKeys() {
    }

    /** The text itself, or the content of the file a {@code file:<path>} value names. */
    static String resolve(String value) {
        if (value == null || !value.startsWith(FILE_PREFIX)) {
            return value;
        }
        Path file = Path.of(value.substring(FILE_PREFIX.length()));
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** An RSA public key, X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}) or bare base64. */
    static PublicKey publicKey(String text) {
        byte[] der = PemText.der(text, "public key");
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an RSA X.509 SubjectPublicKeyInfo public key");
        }
        requireRsa2048(key);
        return key;
    }

    /** An X.509 certificate ({@code -----BEGIN CERTIFICATE-----}) holding an RSA key. */
    static X509Certificate certificate(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty certificate");
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(text.strip().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM X.509 certificate");
        }
        requireRsa2048(certificate.getPublicKey());
        return certificate;
    }

    /** Our merchant API private key, PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}); PKCS#1 is refused. */
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

    private static void requireRsa2048(PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
            // WECHATPAY2-SHA256-RSA2048: anything smaller is not WeChat Pay's key
            throw new IllegalArgumentException("RSA key of at least 2048 bits required");
        }
    }

}
