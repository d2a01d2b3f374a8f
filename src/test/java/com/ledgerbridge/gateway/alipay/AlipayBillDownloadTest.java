package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alipay.api.AlipayApiException;
import com.alipay.api.CertAlipayRequest;
import com.alipay.api.DefaultAlipayClient;
import com.alipay.api.internal.util.AntCertificationUtil;
import com.alipay.api.request.AlipayDataDataserviceBillDownloadurlQueryRequest;
import com.alipay.api.response.AlipayDataDataserviceBillDownloadurlQueryResponse;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.gateway.SettlementBillFormat.BillLineSink;
import com.ledgerbridge.gateway.alipay.TestCertificates.Issued;
import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.simulators.AlipayTradeBillWriter;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trade bill download against the Alipay simulator, over camel-http as in the application. The simulator itself
 * is checked against the official SDK's client (its request signature accepted, its answer's signature verified), so
 * that our client passing against the simulator means speaking Alipay's contract.
 */
class AlipayBillDownloadTest {

    static final String PID = AlipaySimulator.SELLER_ID;
    static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    static final KeyPair APP_KEYS = TestCertificates.rsa();
    static final String APP_PRIVATE_KEY = SdkOracle.privateKey(APP_KEYS);
    static final String USER_AGENT = "Ledgerbridge-test/1.0 (bill download)";

    static CamelContext camel;
    static ProducerTemplate http;

    AlipaySimulator alipay;
    byte[] zip;

    @TempDir
    Path folder;

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
        http = camel.createProducerTemplate();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    @BeforeEach
    void startAlipay() {
        alipay = new AlipaySimulator().startOpenApi(AlipaySimulator.APP_ID, SdkOracle.publicKey(APP_KEYS), PID);
        zip = new AlipayTradeBillWriter(PID, DAY)
                .payment("2026112222001400000000000001", "INV-1", "100.00", "-0.60", "2026-11-22 10:00:05").zip();
        alipay.bill(DAY, zip);
    }

    @AfterEach
    void stopAlipay() {
        alipay.close();
    }

    AlipayBillDownload download(String appId, String appPrivateKey) {
        AlipayOpenApi api = AlipayOpenApi.withPublicKey(appId, appPrivateKey, alipay.publicKey(), Clock.systemUTC());
        return new AlipayBillDownload(api, alipay.gatewayUrl(), USER_AGENT, http);
    }

    AlipayBillDownload download() {
        return download(AlipaySimulator.APP_ID, APP_PRIVATE_KEY);
    }

    List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    // ---- the simulator speaks Alipay's contract --------------------------------------------------------

    AlipayDataDataserviceBillDownloadurlQueryResponse sdkQuery(LocalDate day) throws AlipayApiException {
        DefaultAlipayClient client = new DefaultAlipayClient(alipay.gatewayUrl(), AlipaySimulator.APP_ID,
                APP_PRIVATE_KEY, "json", "utf-8", alipay.publicKey(), "RSA2");
        AlipayDataDataserviceBillDownloadurlQueryRequest request = new AlipayDataDataserviceBillDownloadurlQueryRequest();
        request.setBizContent("{\"bill_type\":\"trade\",\"bill_date\":\"" + day + "\"}");
        return client.execute(request);
    }

    @Test
    void theOfficialSdkClientAndTheSimulatorAgreeOnSignaturesBothWays() throws AlipayApiException {
        AlipayDataDataserviceBillDownloadurlQueryResponse found = sdkQuery(DAY);
        assertThat(found.isSuccess()).isTrue();
        assertThat(found.getBillDownloadUrl()).contains(AlipaySimulator.BILL_PATH).contains("token=");

        AlipayDataDataserviceBillDownloadurlQueryResponse none = sdkQuery(DAY.minusDays(1));
        assertThat(none.isSuccess()).isFalse();
        assertThat(none.getSubCode()).isEqualTo("isp.bill_not_exist");

        alipay.escapeSlashesInAnswers();
        assertThat(sdkQuery(DAY).isSuccess()).as("the SDK's \\/ fallback").isTrue();
        alipay.signAnswersWithAnotherKey();
        assertThatThrownBy(() -> sdkQuery(DAY)).isInstanceOf(AlipayApiException.class)
                .hasMessageContaining("sign check fail");
        assertThat(alipay.verdicts()).containsExactly("OK", "isp.bill_not_exist", "OK", "OK");
    }

    // ---- our download ------------------------------------------------------------------------------------

    @Test
    void aBillIsFetchedAtOnceWithOurUserAgentAndWrittenWholeUnderItsDay() throws IOException {
        Optional<Path> written = download().download(DAY, folder);

        Path expected = folder.resolve("alipay-trade-2026-11-22.csv.zip");
        assertThat(written).contains(expected);
        assertThat(Files.readAllBytes(expected)).isEqualTo(zip);
        assertThat(files()).containsExactly(expected); // no temporary file left
        assertThat(alipay.verdicts()).containsExactly("OK");
        assertThat(alipay.requests()).extracting(r -> r.getUrl().substring(0, r.getUrl().indexOf('?')))
                .containsExactly(AlipaySimulator.GATEWAY_PATH, AlipaySimulator.BILL_PATH);
        assertThat(alipay.requests()).allSatisfy(r -> assertThat(r.getHeader("User-Agent")).isEqualTo(USER_AGENT));
        // and it is the bill the format reads
        List<BillLine> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(expected)) {
            new AlipayTradeBillFormat(PID).read(in, expected.getFileName().toString(), new BillLineSink() {
                @Override
                public void line(BillLine line) {
                    lines.add(line);
                }

                @Override
                public void rejected(long lineNumber, String reason) {
                    throw new AssertionError(reason);
                }
            });
        }
        assertThat(lines).extracting(BillLine::lineKey).containsExactly("pay:2026112222001400000000000001");
    }

    @Test
    void aSecondDownloadReplacesTheFileWhole() throws IOException {
        download().download(DAY, folder);
        byte[] corrected = new AlipayTradeBillWriter(PID, DAY)
                .payment("2026112222001400000000000009", "INV-9", "9.00", "0.00", "2026-11-22 11:00:00").zip();
        alipay.bill(DAY, corrected);

        Path written = download().download(DAY, folder).orElseThrow();

        assertThat(Files.readAllBytes(written)).isEqualTo(corrected);
        assertThat(files()).containsExactly(written);
    }

    @Test
    void noBillThatDayIsEmpty() throws IOException {
        assertThat(download().download(DAY.minusDays(1), folder)).isEmpty();
        assertThat(files()).isEmpty();
        assertThat(alipay.verdicts()).containsExactly("isp.bill_not_exist");
    }

    @Test
    void aForeignAppIdOrAWrongPrivateKeyIsPermanentAndSaysWhatToCheck() {
        assertThatThrownBy(() -> download("2021999999999999", APP_PRIVATE_KEY).download(DAY, folder))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("isv.invalid-app-id")
                .hasMessageContaining("ledgerbridge.gateways.alipay.app-id");
        String otherKey = SdkOracle.privateKey(TestCertificates.rsa());
        assertThatThrownBy(() -> download(AlipaySimulator.APP_ID, otherKey).download(DAY, folder))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("isv.invalid-signature")
                .hasMessageContaining("download.app-private-key")
                .hasMessageNotContaining(otherKey.substring(10, 40));
        assertThat(alipay.verdicts()).containsExactly("isv.invalid-app-id", "isv.invalid-signature");
    }

    @Test
    void anAnswerSignedWithAnotherKeyIsPermanentAndNothingIsFetched() throws IOException {
        alipay.signAnswersWithAnotherKey();
        assertThatThrownBy(() -> download().download(DAY, folder)).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("signature does not verify").hasMessageContaining("public-key");
        assertThat(alipay.requests()).hasSize(1);
        assertThat(files()).isEmpty();
    }

    @Test
    void escapedSlashesInTheAnswerAreReadAsTheSdkReadsThem() {
        alipay.escapeSlashesInAnswers();
        assertThat(download().download(DAY, folder)).isPresent();
    }

    @Test
    void anUnavailableServiceA5xxOrNoAnswerAtAllIsTransient() throws IOException {
        alipay.answerServiceUnavailable();
        assertThatThrownBy(() -> download().download(DAY, folder)).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("20000");
        alipay.failGatewayWith(502);
        assertThatThrownBy(() -> download().download(DAY, folder)).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("HTTP 502");
        alipay.failGatewayWith(404);
        assertThatThrownBy(() -> download().download(DAY, folder)).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("HTTP 404");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AlipayOpenApi api = AlipayOpenApi.withPublicKey(AlipaySimulator.APP_ID, APP_PRIVATE_KEY, alipay.publicKey(),
                Clock.systemUTC());
        AlipayBillDownload nowhere = new AlipayBillDownload(api, "http://localhost:" + closedPort + "/gateway.do",
                USER_AGENT, http);
        assertThatThrownBy(() -> nowhere.download(DAY, folder)).isInstanceOf(TransientFailure.class);
        assertThat(files()).isEmpty();
    }

    @Test
    void aBillUrlThatExpiredIsTransientSoThatTheRetryAsksForANewOne() throws IOException {
        alipay.expireBillUrls();
        assertThatThrownBy(() -> download().download(DAY, folder)).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("expired").hasMessageContaining("下载超时");
        assertThat(files()).isEmpty();
    }

    // ---- certificate mode ------------------------------------------------------------------------------

    @Test
    void inCertificateModeRequestsNameOurCertificatesAsTheSdkDoesAndAnswersAreCheckedByTheirCertificate(
            @TempDir Path certs) throws Exception {
        KeyPair alipayKeys = TestCertificates.rsa();
        Issued root = AlipayCertificateModeTest.ROOT;
        Issued alipayCert = new Issued(alipayKeys, TestCertificates.issue(
                TestCertificates.name("CN=Test Alipay cert mode,OU=Alipay,C=CN"), alipayKeys.getPublic(),
                org.bouncycastle.asn1.x500.X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded()),
                root.keys().getPrivate(), BigInteger.valueOf(99), TestCertificates.NOW.minusSeconds(3600),
                TestCertificates.NOW.plusSeconds(86_400), false));
        Issued appCert = TestCertificates.issuedBy(root, "CN=Test app " + AlipaySimulator.APP_ID + ",C=CN",
                BigInteger.valueOf(1234));
        String bundle = AlipayCertificateModeTest.ROOT_BUNDLE;
        Path alipayCertFile = TestCertificates.write(certs, "alipayCertPublicKey_RSA2.crt", alipayCert.pem());
        Path appCertFile = TestCertificates.write(certs, "appCertPublicKey.crt", appCert.pem());
        Path rootFile = TestCertificates.write(certs, "alipayRootCert.crt", bundle);

        alipay.close();
        alipay = new AlipaySimulator(alipayKeys).startOpenApi(AlipaySimulator.APP_ID, SdkOracle.publicKey(APP_KEYS), PID);
        alipay.bill(DAY, zip);
        // what the SDK computes is what the simulator insists on
        alipay.certificateMode(AntCertificationUtil.getCertSN(appCert.certificate()),
                AntCertificationUtil.getRootCertSN(bundle), AntCertificationUtil.getCertSN(alipayCert.certificate()));

        CertAlipayRequest sdkCertMode = new CertAlipayRequest();
        sdkCertMode.setServerUrl(alipay.gatewayUrl());
        sdkCertMode.setAppId(AlipaySimulator.APP_ID);
        sdkCertMode.setPrivateKey(APP_PRIVATE_KEY);
        sdkCertMode.setFormat("json");
        sdkCertMode.setCharset("utf-8");
        sdkCertMode.setSignType("RSA2");
        sdkCertMode.setCertPath(appCertFile.toString());
        sdkCertMode.setAlipayPublicCertPath(alipayCertFile.toString());
        sdkCertMode.setRootCertPath(rootFile.toString());
        AlipayDataDataserviceBillDownloadurlQueryRequest sdkRequest = new AlipayDataDataserviceBillDownloadurlQueryRequest();
        sdkRequest.setBizContent("{\"bill_type\":\"trade\",\"bill_date\":\"" + DAY + "\"}");
        assertThat(new DefaultAlipayClient(sdkCertMode).certificateExecute(sdkRequest).isSuccess())
                .as("the SDK in certificate mode").isTrue();

        AlipayOpenApi api = AlipayOpenApi.withCertificates(AlipaySimulator.APP_ID, APP_PRIVATE_KEY,
                List.of(alipayCert.certificate()), appCert.certificate(), AlipayCertificates.readPem(bundle, true),
                Clock.systemUTC());
        assertThat(new AlipayBillDownload(api, alipay.gatewayUrl(), USER_AGENT, http).download(DAY, folder)).isPresent();
        assertThat(alipay.verdicts()).containsExactly("OK", "OK");

        // Alipay rotated its certificate and signs with one we do not hold
        alipay.certificateMode(AntCertificationUtil.getCertSN(appCert.certificate()),
                AntCertificationUtil.getRootCertSN(bundle), "0123456789abcdef0123456789abcdef");
        assertThatThrownBy(() -> new AlipayBillDownload(api, alipay.gatewayUrl(), USER_AGENT, http)
                .download(DAY, folder)).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("0123456789abcdef0123456789abcdef");
    }
}
