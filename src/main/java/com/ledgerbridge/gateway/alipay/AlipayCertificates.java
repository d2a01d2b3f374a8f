package com.ledgerbridge.gateway.alipay;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alipay's certificate mode (公钥证书模式): reading the certificate files Alipay hands out, checking them, and naming
 * them by serial number (SN) exactly as the official Java SDK does ({@code AntCertificationUtil.getCertSN},
 * {@code getRootCertSN}).
 *
 * <ul>
 * <li>{@code alipayCertPublicKey_RSA2.crt}: Alipay's public-key certificate; the first certificate in the file is
 * Alipay's own (the one that signs), the others are the intermediates it was issued under.</li>
 * <li>{@code alipayRootCert.crt}: Alipay's root bundle. Alipay's real bundle also holds an SM2 (Chinese national
 * algorithm) root that the JDK cannot parse; such a block is skipped here, as the SDK's root SN skips every root
 * not signed with RSA.</li>
 * </ul>
 * Error messages name certificates by subject, never by content.
 */
public final class AlipayCertificates {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
    /** {@code 1.2.840.113549.1.1.*}: the PKCS#1 RSA signature algorithms (the SDK's root SN filter). */
    private static final String RSA_SIGNATURE_OID_PREFIX = "1.2.840.113549.1.1";

    private AlipayCertificates() {
    }

    /**
     * The SDK's certificate SN: MD5 over the issuer's RFC 2253 name followed by the decimal serial number, as 32
     * lowercase hex digits. (The SDK takes the string's bytes in the platform charset; Alipay's issuer names are
     * ASCII, so UTF-8 here gives the same digest.)
     */
    public static String certSn(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        String issuerAndSerial = certificate.getIssuerX500Principal().getName() + certificate.getSerialNumber();
        return md5Hex(issuerAndSerial.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The SDK's root SN ({@code alipay_root_cert_sn} in certificate-mode requests): {@link #certSn} of every root
     * signed with an RSA algorithm, in bundle order, joined with {@code _}.
     */
    public static String rootCertSn(List<X509Certificate> roots) {
        StringBuilder sn = new StringBuilder();
        for (X509Certificate root : roots) {
            if (root.getSigAlgOID().startsWith(RSA_SIGNATURE_OID_PREFIX)) {
                if (sn.length() > 0) {
                    sn.append('_');
                }
                sn.append(certSn(root));
            }
        }
        return sn.toString();
    }

    /**
     * Every certificate of a PEM file, in file order.
     *
     * @param skipUnreadable skip blocks the JDK cannot parse (SM2 roots in Alipay's root bundle) instead of failing
     * @throws IllegalArgumentException when there is no readable certificate, or one is unreadable and not skipped
     */
    public static List<X509Certificate> readPem(String text, boolean skipUnreadable) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no certificate given");
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = PEM_BLOCK.matcher(text);
        int index = 0;
        while (block.find()) {
            index++;
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(1).replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("certificate " + index + " is not valid base64");
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException e) {
                if (!skipUnreadable) {
                    throw new IllegalArgumentException("certificate " + index + " cannot be read: " + e.getMessage());
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(index == 0 ? "no -----BEGIN CERTIFICATE----- block found"
                    : "none of the " + index + " certificates can be read");
        }
        return List.copyOf(certificates);
    }

    /**
     * Checks that the first certificate of {@code alipayCertFile} is within its validity at {@code now} and is issued,
     * through the other certificates of that file (each also valid), by one of {@code roots}.
     *
     * @return the certificate Alipay signs with (the file's first)
     * @throws IllegalArgumentException saying what is wrong
     */
    public static X509Certificate checkChain(List<X509Certificate> alipayCertFile, List<X509Certificate> roots,
            Instant now) {
        X509Certificate leaf = alipayCertFile.get(0);
        X509Certificate current = leaf;
        for (int depth = 0; depth <= alipayCertFile.size(); depth++) {
            checkValidity(current, now);
            if (issuedByOneOf(current, roots)) {
                return leaf;
            }
            X509Certificate issuer = null;
            for (X509Certificate candidate : alipayCertFile) {
                if (candidate != current && issuedByOneOf(current, List.of(candidate))) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                throw new IllegalArgumentException("certificate " + subject(leaf) + " does not chain to a root "
                        + "certificate of the root bundle (no issuer found for " + subject(current) + ")");
            }
            current = issuer;
        }
        throw new IllegalArgumentException("certificate " + subject(leaf) + ": issuer loop in the certificate file");
    }

    private static boolean issuedByOneOf(X509Certificate certificate, List<X509Certificate> issuers) {
        for (X509Certificate issuer : issuers) {
            if (issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(issuer.getPublicKey());
                    return true;
                } catch (GeneralSecurityException | RuntimeException e) {
                    // same name, other key (or an algorithm the JDK lacks): not this issuer
                }
            }
        }
        return false;
    }

    private static void checkValidity(X509Certificate certificate, Instant now) {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new IllegalArgumentException("certificate " + subject(certificate) + " expired on "
                    + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new IllegalArgumentException("certificate " + subject(certificate) + " is not valid before "
                    + certificate.getNotBefore().toInstant());
        }
    }

    static String subject(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName() + "'";
    }

    private static String md5Hex(byte[] bytes) {
        try {
            // HexFormat keeps leading zeros: the SDK pads BigInteger's hex to 32 digits to the same effect
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }
}
