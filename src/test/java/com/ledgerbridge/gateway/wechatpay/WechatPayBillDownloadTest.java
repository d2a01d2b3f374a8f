package com.ledgerbridge.gateway.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.gateway.SettlementBillFormat;
import com.ledgerbridge.simulators.WechatPayNotifier;
import com.ledgerbridge.simulators.WechatPaySimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trade-bill download against the WeChat Pay simulator, through camel-http configured as the application
 * configures it (no automatic retries): each documented outcome becomes a file, no bill, a transient or a permanent
 * failure.
 */
class WechatPayBillDownloadTest {

    static final LocalDate DAY = LocalDate.of(2026, 1, 16);
    static final KeyPair MERCHANT = WechatPayNotifier.generate();
    static CamelContext camel;
    static ProducerTemplate http;

    WechatPaySimulator wechatpay = new WechatPaySimulator(WechatPayNotifier.MCH_ID, MERCHANT.getPublic(),
            WechatPayNotifier.PUBLIC_KEY_ID, WechatPayNotifier.publicKeyPair().getPrivate());

    @TempDir
    Path folder;

    @BeforeAll
    static void startCamel() throws Exception {
        camel = new DefaultCamelContext();
        HttpComponent component = camel.getComponent("http", HttpComponent.class);
        component.setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
        component.setConnectTimeout(2000);
        component.setSoTimeout(2000);
        component.setResponseTimeout(2000);
        camel.start();
        http = camel.createProducerTemplate();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    @AfterEach
    void stopSimulator() {
        wechatpay.close();
    }

    WechatPayBillDownload download(KeyPair merchant) {
        WechatPayProperties properties = new WechatPayProperties(true, WechatPayNotifier.MCH_ID, WechatPayNotifier.APP_ID,
                WechatPayNotifier.API_V3_KEY, WechatPayNotifier.PUBLIC_KEY_ID, WechatPayNotifier.publicKeyPem(), List.of(),
                Duration.ofSeconds(300), new WechatPayProperties.BillDownload(true, wechatpay.baseUrl() + "/",
                        WechatPaySimulator.MERCHANT_SERIAL_NO, WechatPayNotifier.pem("PRIVATE KEY",
                                merchant.getPrivate().getEncoded())));
        return new WechatPayBillDownload(properties, http, Clock.systemUTC());
    }

    WechatPayBillDownload download() {
        return download(MERCHANT);
    }

    static byte[] bill(int payments) {
        StringBuilder text = new StringBuilder(WechatPayBillFormatTest.HEADER).append('\n');
        for (int i = 0; i < payments; i++) {
            text.append(WechatPayBillFormatTest.PAYMENT.replace("4200002086202601160745964084",
                    "42000020862026011607" + String.format("%08d", i))).append('\n');
        }
        text.append(WechatPayBillFormatTest.SUMMARY_HEADER).append('\n').append('`').append(payments).append(",`")
                .append(payments * 6).append(".00,`0.00,`0.00,`0.00000,`").append(payments * 6).append(".00,`0.00\n");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    List<Path> files() throws IOException {
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.toList();
        }
    }

    @Test
    void aBillIsDownloadedWithSignedRequestsAndWrittenIntoTheFolder() throws IOException {
        byte[] content = bill(2000);
        wechatpay.bill(DAY, content);
        Optional<Path> file = download().download(DAY, folder);
        assertThat(file).isPresent();
        assertThat(file.get().getFileName()).hasToString("wechatpay-1900000109-tradebill-2026-01-16.csv");
        assertThat(Files.readAllBytes(file.get())).isEqualTo(content);
        assertThat(files()).containsExactly(file.get());
        assertThat(wechatpay.exchanges()).hasSize(2).allSatisfy(e -> assertThat(e).endsWith("-> 200"));
        assertThat(wechatpay.exchanges().get(0)).startsWith("GET /v3/bill/tradebill?bill_date=2026-01-16&bill_type=ALL");

        // and the file reads as the bill it is
        List<BillLine> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file.get())) {
            new WechatPayBillFormat(WechatPayNotifier.MCH_ID).read(in, file.get().getFileName().toString(),
                    new SettlementBillFormat.BillLineSink() {
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
        assertThat(lines).hasSize(2000).allSatisfy(l -> assertThat(l.billDate()).isEqualTo(DAY));
    }

    @Test
    void aDayWithoutABillIsNoBill() throws IOException {
        assertThat(download().download(DAY, folder)).isEmpty();
        assertThat(files()).isEmpty();
        assertThat(wechatpay.exchanges()).containsExactly(
                "GET /v3/bill/tradebill?bill_date=2026-01-16&bill_type=ALL -> 400");
    }

    @Test
    void aBillStillBeingMadeIsTransient() {
        wechatpay.creating(DAY);
        assertThat(catchThrowable(() -> download().download(DAY, folder))).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("STATEMENT_CREATING");
    }

    @Test
    void serverTroubleAndThrottlingAreTransientAndThrottlingSaysHowLongToWait() {
        wechatpay.bill(DAY, bill(1));
        wechatpay.failNext(1, 500, "SYSTEM_ERROR");
        assertThat(catchThrowable(() -> download().download(DAY, folder))).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("HTTP 500");
        wechatpay.failNext(1, 429, "FREQUENCY_LIMITED");
        Throwable throttled = catchThrowable(() -> download().download(DAY, folder));
        assertThat(throttled).isInstanceOf(TransientFailure.class);
        assertThat(((TransientFailure) throttled).retryAfter()).contains(Duration.ofSeconds(7));
        // the next try succeeds
        assertThat(download().download(DAY, folder)).isPresent();
    }

    @Test
    void aRefusedSignatureOrPermissionIsPermanent() {
        wechatpay.bill(DAY, bill(1));
        Throwable wrongKey = catchThrowable(() -> download(WechatPayNotifier.otherPair()).download(DAY, folder));
        assertThat(wrongKey).isInstanceOf(PermanentFailure.class).hasMessageContaining("HTTP 401")
                .hasMessageContaining("merchant-private-key").hasMessageContaining("SIGN_ERROR");
        wechatpay.failNext(1, 403, "NO_AUTH");
        assertThat(catchThrowable(() -> download().download(DAY, folder))).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("HTTP 403");
        wechatpay.failNext(1, 400, "PARAM_ERROR");
        assertThat(catchThrowable(() -> download().download(DAY, folder))).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("PARAM_ERROR");
    }

    @Test
    void noAnswerInTimeIsTransient() {
        wechatpay.bill(DAY, bill(1));
        wechatpay.delayAnswers(3000);
        assertThat(catchThrowable(() -> download().download(DAY, folder))).isInstanceOf(TransientFailure.class);
    }

    @Test
    void aDamagedFileIsTransientAndLeavesNothingBehind() throws IOException {
        wechatpay.bill(DAY, bill(10));
        wechatpay.corruptDownloads(true);
        assertThat(catchThrowable(() -> download().download(DAY, folder))).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("SHA-1");
        assertThat(files()).isEmpty();
    }

    @Test
    void anExpiredDownloadAddressIsTransient() throws IOException {
        wechatpay.bill(DAY, bill(1));
        wechatpay.expireDownloads(true);
        assertThat(catchThrowable(() -> download().download(DAY, folder))).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("400");
        assertThat(files()).isEmpty();
    }

    @Test
    void anAnswerNotSignedByWechatPayIsPermanentAndNothingIsDownloaded() throws IOException {
        wechatpay.bill(DAY, bill(1));
        wechatpay.signAnswersWith(WechatPayNotifier.otherPair().getPrivate());
        assertThat(catchThrowable(() -> download().download(DAY, folder))).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("SIGNATURE_MISMATCH");
        assertThat(wechatpay.exchanges()).hasSize(1);
        assertThat(files()).isEmpty();
    }
}
