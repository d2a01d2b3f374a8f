package com.ledgerbridge.gateway.alipay;

import static com.ledgerbridge.gateway.alipay.TestCertificates.NOW;
import static com.ledgerbridge.gateway.alipay.TestCertificates.issuedBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import com.alipay.api.internal.util.AntCertificationUtil;
import com.ledgerbridge.gateway.WebhookRequest;
import com.ledgerbridge.gateway.WebhookVerdict;
import com.ledgerbridge.gateway.alipay.TestCertificates.Issued;
import com.ledgerbridge.simulators.AlipaySimulator;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate mode against the official SDK: the certificate SN and root SN as {@code AntCertificationUtil}
 * computes them, the chain check at start-up, and notification signatures as {@code rsaCertCheckV1} checks them
 * (with {@code alipay_cert_sn} part of the signed text). Certificates are made for the test run.
 */
class AlipayCertificateModeTest {

    static final Issued ROOT = TestCertificates.root("C=CN,O=Test Ant,OU=Certification Authority,CN=Test Root R1");
    static final Issued OTHER_ROOT = TestCertificates.root("C=CN,O=Elsewhere,CN=Another Root");
    static final Issued CLASS2 = issuedBy(ROOT, "C=CN,O=Test Ant,OU=Certification Authority,CN=Test Class 2 R1",
            BigInteger.valueOf(7), NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(3000)), true);
    static final Issued ALIPAY = issuedBy(CLASS2, "C=CN,O=Test Alipay,OU=Alipay,CN=Test Alipay 2088000000000001",
            new BigInteger("4146713390254390712851215473960128519"));
    static final Issued ALIPAY_NEXT = issuedBy(CLASS2, "C=CN,O=Test Alipay,OU=Alipay,CN=Test Alipay next",
            new BigInteger("4146713390254390712851215473960128520"));
    /** Alipay's certificate file: its own certificate, then the intermediate. */
    static final String ALIPAY_FILE = TestCertificates.pem(List.of(ALIPAY.certificate(), CLASS2.certificate()));
    static final String ALIPAY_NEXT_FILE = TestCertificates.pem(List.of(ALIPAY_NEXT.certificate(),
            CLASS2.certificate()));
    /** The root bundle as Alipay ships one: an SM2 root the JDK cannot read, RSA roots, an ECDSA root. */
    static final String ROOT_BUNDLE = TestCertificates.sm2RootPem() + ROOT.pem()
            + TestCertificates.ecRoot("C=CN,O=Test Ant,CN=Test Root E1").pem() + OTHER_ROOT.pem();

    @TempDir
    Path folder;

    static AlipayProperties certificateMode(List<String> alipayCerts, String roots) {
        return new AlipayProperties(true, AlipayTradeStatusEventsTest.APP_ID, AlipayTradeStatusEventsTest.SELLER_ID,
                AlipayProperties.Mode.CERTIFICATE, null,
                new AlipayProperties.Certificate(alipayCerts, roots, null), null, null);
    }

    // ---- SNs -----------------------------------------------------------------------------------------------

    @Test
    void certSnIsTheSdksForManySerialsAndIssuerNames() throws AlipayApiException {
        List<Issued> issuers = List.of(ROOT, CLASS2,
                TestCertificates.root("CN=Test\\; Root \\#1,OU=\"A+B, quoted\",O=Ant Financial\\, Inc.,C=CN"));
        int leadingZeros = 0;
        for (Issued issuer : issuers) {
            for (int i = 0; i < 40; i++) {
                BigInteger serial = BigInteger.valueOf(31L * i * i + 1).shiftLeft(i * 3);
                X509Certificate certificate = TestCertificates.issue(
                        org.bouncycastle.asn1.x500.X500Name.getInstance(
                                ALIPAY.certificate().getSubjectX500Principal().getEncoded()),
                        ALIPAY.keys().getPublic(), org.bouncycastle.asn1.x500.X500Name.getInstance(
                                issuer.certificate().getSubjectX500Principal().getEncoded()),
                        issuer.keys().getPrivate(), serial, NOW.minus(Duration.ofDays(1)),
                        NOW.plus(Duration.ofDays(1)), false);
                String ours = AlipayCertificates.certSn(certificate);
                assertThat(ours).isEqualTo(AntCertificationUtil.getCertSN(certificate)).hasSize(32).matches("[0-9a-f]+");
                leadingZeros += ours.startsWith("0") ? 1 : 0;
            }
        }
        // the SDK pads the digest's hex to 32 digits; make sure that case was among those compared
        assertThat(leadingZeros).isPositive();
    }

    @Test
    void rootSnIsTheSdksAndLeavesOutRootsNotSignedWithRsa() {
        List<X509Certificate> readable = AlipayCertificates.readPem(ROOT_BUNDLE, true);

        assertThat(readable).hasSize(3); // the SM2 root is skipped
        String ours = AlipayCertificates.rootCertSn(readable);
        assertThat(ours).isEqualTo(AntCertificationUtil.getRootCertSN(ROOT_BUNDLE));
        assertThat(ours.split("_")).containsExactly(AlipayCertificates.certSn(ROOT.certificate()),
                AlipayCertificates.certSn(OTHER_ROOT.certificate()));
    }

    @Test
    void aCertificateFileTheJdkCannotReadIsRefusedUnlessItIsTheRootBundle() {
        assertThatThrownBy(() -> AlipayCertificates.readPem(TestCertificates.sm2RootPem(), false))
                .hasMessageContaining("certificate 1 cannot be read");
        assertThatThrownBy(() -> AlipayCertificates.readPem(TestCertificates.sm2RootPem(), true))
                .hasMessageContaining("none of the 1 certificates can be read");
        assertThatThrownBy(() -> AlipayCertificates.readPem("MIIB...", true))
                .hasMessageContaining("no -----BEGIN CERTIFICATE----- block");
    }

    // ---- start-up checks -------------------------------------------------------------------------------

    @Test
    void aCertificateThatChainsToTheBundleIsAcceptedAsTheSdkTrustsIt() {
        AlipayProperties properties = certificateMode(List.of(ALIPAY_FILE, ALIPAY_NEXT_FILE), ROOT_BUNDLE);

        assertThat(properties.certificate().alipayCertificates(NOW))
                .containsExactly(ALIPAY.certificate(), ALIPAY_NEXT.certificate());
        assertThat(AntCertificationUtil.isTrusted(ALIPAY_FILE, ROOT.pem() + OTHER_ROOT.pem())).isTrue();
    }

    @Test
    void anExpiredCertificateStopsStartUpNamingTheSetting() {
        Issued expired = issuedBy(CLASS2, "C=CN,O=Test Alipay,CN=Old", BigInteger.TWO,
                NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)), false);
        String file = TestCertificates.pem(List.of(expired.certificate(), CLASS2.certificate()));

        assertThatThrownBy(() -> certificateMode(List.of(ALIPAY_FILE, file), ROOT_BUNDLE))
                .hasMessageStartingWith("ledgerbridge.gateways.alipay.certificate.alipay-certs[1]: ")
                .hasMessageContaining("expired");
        assertThat(AntCertificationUtil.isTrusted(file, ROOT.pem())).isFalse();
    }

    @Test
    void aCertificateNotYetValidOrWithAnExpiredIntermediateStopsStartUp() {
        Issued future = issuedBy(CLASS2, "C=CN,CN=Future", BigInteger.TWO, NOW.plus(Duration.ofDays(2)),
                NOW.plus(Duration.ofDays(400)), false);
        assertThatThrownBy(() -> certificateMode(List.of(future.pem() + CLASS2.pem()), ROOT_BUNDLE))
                .hasMessageContaining("alipay-certs[0]").hasMessageContaining("not valid before");

        Issued oldIntermediate = issuedBy(ROOT, "C=CN,CN=Old Class 2", BigInteger.TEN,
                NOW.minus(Duration.ofDays(900)), NOW.minus(Duration.ofDays(2)), true);
        Issued leaf = issuedBy(oldIntermediate, "C=CN,CN=Leaf under old", BigInteger.ONE);
        assertThatThrownBy(() -> certificateMode(List.of(leaf.pem() + oldIntermediate.pem()), ROOT_BUNDLE))
                .hasMessageContaining("alipay-certs[0]").hasMessageContaining("Old Class 2").hasMessageContaining("expired");
    }

    @Test
    void aCertificateFromAnotherAuthorityOrAForgedIssuerStopsStartUp() {
        Issued foreignRoot = TestCertificates.root("C=CN,O=Test Ant,OU=Certification Authority,CN=Test Root R1");
        // same issuer name as our root, other key: only the signature tells them apart
        Issued forged = issuedBy(foreignRoot, "C=CN,O=Test Alipay,CN=Forged", BigInteger.TWO);
        assertThatThrownBy(() -> certificateMode(List.of(forged.pem()), ROOT_BUNDLE))
                .hasMessageContaining("alipay-certs[0]").hasMessageContaining("does not chain to a root");
        assertThat(AntCertificationUtil.isTrusted(forged.pem(), ROOT.pem())).isFalse();

        // the intermediate missing from Alipay's file: no path to the root
        assertThatThrownBy(() -> certificateMode(List.of(ALIPAY.pem()), ROOT_BUNDLE))
                .hasMessageContaining("does not chain to a root");
    }

    @Test
    void missingOrUnreadableCertificateSettingsStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> certificateMode(List.of(), ROOT_BUNDLE))
                .hasMessageContaining("ledgerbridge.gateways.alipay.certificate.alipay-certs must be set");
        assertThatThrownBy(() -> certificateMode(List.of(ALIPAY_FILE), "garbage"))
                .hasMessageStartingWith("ledgerbridge.gateways.alipay.certificate.root-certs: ");
        assertThatThrownBy(() -> certificateMode(List.of(ALIPAY_FILE), "file:/no/such/alipayRootCert.crt"))
                .hasMessageStartingWith("ledgerbridge.gateways.alipay.certificate.root-certs: cannot read");
        assertThatThrownBy(() -> new AlipayProperties(true, "app", "seller", AlipayProperties.Mode.CERTIFICATE, null,
                null, null, null)).hasMessageContaining("certificate.alipay-certs");
        Path file = TestCertificates.write(folder, "alipayCertPublicKey_RSA2.crt", ALIPAY_FILE);
        assertThat(certificateMode(List.of("file:" + file), ROOT_BUNDLE).certificate().alipayCertificates(NOW))
                .containsExactly(ALIPAY.certificate());
    }

    // ---- notification signatures ---------------------------------------------------------------------

    Map<String, String> signedByAlipay(Issued signer, String certSn) {
        Map<String, String> p = AlipayTradeStatusEventsTest.paid();
        if (certSn != null) {
            p.put(AlipayCertificateVerifier.CERT_SN_PARAM, certSn);
        }
        return SdkOracle.sdkSigned(p, "RSA2", SdkOracle.privateKey(signer.keys()));
    }

    boolean sdkCertCheck(Map<String, String> params, String certFileContent) throws AlipayApiException {
        Path certPath = TestCertificates.write(folder, "alipay-cert-" + System.nanoTime() + ".crt", certFileContent);
        return AlipaySignature.rsaCertCheckV1(new HashMap<>(params), certPath.toString(), params.get("charset"),
                params.get("sign_type"));
    }

    @Test
    void aNotificationNamingOurCertificateVerifiesAsTheSdkVerifiesItWithTheCertSnSigned() throws Exception {
        AlipayCertificateVerifier verifier = new AlipayCertificateVerifier(List.of(ALIPAY.certificate()));
        String sn = AlipayCertificates.certSn(ALIPAY.certificate());
        Map<String, String> signed = signedByAlipay(ALIPAY, sn);

        assertThat(verifier.verify(signed).valid()).isTrue();
        assertThat(sdkCertCheck(signed, ALIPAY_FILE)).isTrue();
        // alipay_cert_sn is part of the signed text: without it, neither we nor the SDK accept the signature
        Map<String, String> snDropped = new LinkedHashMap<>(signed);
        snDropped.remove(AlipayCertificateVerifier.CERT_SN_PARAM);
        assertThat(verifier.verify(snDropped).reason()).isEqualTo(SignatureCheck.SIGNATURE_MISMATCH);
        assertThat(sdkCertCheck(snDropped, ALIPAY_FILE)).isFalse();
        assertThat(SdkOracle.sdkContent(signed)).contains("alipay_cert_sn=" + sn);
    }

    @Test
    void aNotificationNamingACertificateWeDoNotHoldIsRefused() {
        AlipayCertificateVerifier verifier = new AlipayCertificateVerifier(List.of(ALIPAY.certificate()));
        Map<String, String> signed = signedByAlipay(ALIPAY_NEXT, AlipayCertificates.certSn(ALIPAY_NEXT.certificate()));

        assertThat(verifier.verify(signed)).isEqualTo(new SignatureCheck(false, SignatureCheck.UNKNOWN_CERT_SN));
    }

    @Test
    void duringARotationEachNotificationIsCheckedWithTheCertificateItNames() throws Exception {
        AlipayCertificateVerifier verifier = new AlipayCertificateVerifier(
                List.of(ALIPAY.certificate(), ALIPAY_NEXT.certificate()));
        String oldSn = AlipayCertificates.certSn(ALIPAY.certificate());
        String newSn = AlipayCertificates.certSn(ALIPAY_NEXT.certificate());

        assertThat(verifier.certSns()).containsExactly(oldSn, newSn);
        assertThat(verifier.verify(signedByAlipay(ALIPAY, oldSn)).valid()).isTrue();
        assertThat(verifier.verify(signedByAlipay(ALIPAY_NEXT, newSn)).valid()).isTrue();
        assertThat(sdkCertCheck(signedByAlipay(ALIPAY_NEXT, newSn), ALIPAY_NEXT_FILE)).isTrue();
        // signed by the new key but naming the old certificate: checked with the old key, and refused
        assertThat(verifier.verify(signedByAlipay(ALIPAY_NEXT, oldSn)).reason())
                .isEqualTo(SignatureCheck.SIGNATURE_MISMATCH);
        // naming none (as the sandbox may): accepted when one of our certificates verifies it
        assertThat(verifier.verify(signedByAlipay(ALIPAY_NEXT, null)).valid()).isTrue();
        assertThat(verifier.verify(signedByAlipay(OTHER_ROOT, null)).reason())
                .isEqualTo(SignatureCheck.SIGNATURE_MISMATCH);
    }

    @Test
    void theGatewayInCertificateModeAcceptsOurCertificateAndRefusesAnUnknownOne() {
        AlipayGateway gateway = new AlipayGateway(certificateMode(List.of(ALIPAY_FILE), ROOT_BUNDLE));
        String sn = AlipayCertificates.certSn(ALIPAY.certificate());

        WebhookVerdict accepted = gateway.read(request(signedByAlipay(ALIPAY, sn)));
        WebhookVerdict unknown = gateway.read(request(signedByAlipay(ALIPAY, "0123456789abcdef0123456789abcdef")));
        WebhookVerdict publicKeySigned = gateway.read(request(SdkOracle.sdkSigned(AlipayTradeStatusEventsTest.paid(),
                "RSA2")));

        assertThat(accepted).isInstanceOfSatisfying(WebhookVerdict.Accepted.class,
                a -> assertThat(a.events()).extracting(e -> e.eventKey())
                        .containsExactly(AlipayTradeStatusEventsTest.TRADE + ":PAYMENT"));
        assertThat(unknown).isInstanceOfSatisfying(WebhookVerdict.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("UNKNOWN_CERT_SN"));
        assertThat(publicKeySigned).isInstanceOfSatisfying(WebhookVerdict.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(SignatureCheck.SIGNATURE_MISMATCH));
    }

    static WebhookRequest request(Map<String, String> signed) {
        return WebhookRequest.of(AlipaySimulator.formBody(signed).getBytes(StandardCharsets.US_ASCII), Map.of());
    }

    @Test
    void readPemKeepsFileOrder() {
        List<X509Certificate> read = AlipayCertificates.readPem(ALIPAY_FILE, false);
        List<X509Certificate> expected = new ArrayList<>(List.of(ALIPAY.certificate(), CLASS2.certificate()));
        assertThat(read).isEqualTo(expected);
    }
}
