package com.ledgerbridge.gateway.alipay;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Test certificate authorities made for the test run, shaped like Alipay's: a root, an intermediate
 * ("Class 2 R1") and Alipay's signing certificate, with BouncyCastle's ASN.1 classes (bcprov comes with the Alipay
 * SDK in test scope) and JDK signatures. Nothing here is a real Alipay certificate or key.
 */
final class TestCertificates {

    static final Instant NOW = Instant.now();

    /** A key pair and the certificate for it. */
    record Issued(KeyPair keys, X509Certificate certificate) {

        String pem() {
            return TestCertificates.pem(certificate);
        }
    }

    private TestCertificates() {
    }

    static KeyPair rsa() {
        return keyPair("RSA", 2048);
    }

    static KeyPair ec() {
        return keyPair("EC", 256);
    }

    private static KeyPair keyPair(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(size);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued root(String name) {
        KeyPair keys = rsa();
        return new Issued(keys, issue(name(name), keys.getPublic(), name(name), keys.getPrivate(), BigInteger.ONE,
                NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650)), true));
    }

    /** A self-signed root signed with ECDSA (as Alipay's "E1" root): left out of the root SN. */
    static Issued ecRoot(String name) {
        KeyPair keys = ec();
        return new Issued(keys, issue(name(name), keys.getPublic(), name(name), keys.getPrivate(), BigInteger.TEN,
                NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650)), true));
    }

    static Issued issuedBy(Issued issuer, String name, BigInteger serial, Instant notBefore, Instant notAfter,
            boolean ca) {
        KeyPair keys = rsa();
        return new Issued(keys, issue(name(name), keys.getPublic(),
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                issuer.keys().getPrivate(), serial, notBefore, notAfter, ca));
    }

    static Issued issuedBy(Issued issuer, String name, BigInteger serial) {
        return issuedBy(issuer, name, serial, NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365)), false);
    }

    static X509Certificate issue(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
            BigInteger serial, Instant notBefore, Instant notAfter, boolean ca) {
        try {
            boolean rsaIssuer = issuerKey.getAlgorithm().equals("RSA");
            AlgorithmIdentifier algorithm = rsaIssuer
                    ? new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE)
                    : new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
            tbs.setSerialNumber(new ASN1Integer(serial));
            tbs.setSignature(algorithm);
            tbs.setIssuer(issuer);
            tbs.setSubject(subject);
            tbs.setStartDate(new Time(Date.from(notBefore)));
            tbs.setEndDate(new Time(Date.from(notAfter)));
            tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
            tbs.setExtensions(new Extensions(new Extension(Extension.basicConstraints, true,
                    new BasicConstraints(ca).getEncoded(ASN1Encoding.DER))));
            TBSCertificate certificate = tbs.generateTBSCertificate();
            Signature signer = Signature.getInstance(rsaIssuer ? "SHA256withRSA" : "SHA256withECDSA");
            signer.initSign(issuerKey);
            signer.update(certificate.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector whole = new ASN1EncodableVector();
            whole.add(certificate);
            whole.add(algorithm);
            whole.add(new DERBitString(signer.sign()));
            byte[] der = new DERSequence(whole).getEncoded(ASN1Encoding.DER);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A distinguished name as the JDK reads it (RFC 2253 escapes allowed). */
    static X500Name name(String rfc2253) {
        return X500Name.getInstance(new X500Principal(rfc2253).getEncoded());
    }

    static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        certificates.forEach(c -> text.append(pem(c)));
        return text.toString();
    }

    /**
     * A self-signed SM2 root (made with OpenSSL, valid until 2126), standing in for the SM2 root in Alipay's
     * alipayRootCert.crt: the JDK cannot parse it, BouncyCastle (the SDK) can.
     */
    static String sm2RootPem() {
        try (InputStream in = TestCertificates.class.getResourceAsStream("test-sm2-root.crt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path folder, String name, String content) {
        try {
            return Files.writeString(folder.resolve(name), content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
