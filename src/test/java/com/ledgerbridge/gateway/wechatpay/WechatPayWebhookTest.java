package com.ledgerbridge.gateway.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ledgerbridge.gateway.SettlementBillDownload;
import com.ledgerbridge.gateway.SettlementBillFormat;
import com.ledgerbridge.simulators.WechatPayNotifier;
import com.ledgerbridge.simulators.WechatPaySimulator;
import com.ledgerbridge.simulators.WechatPayNotifier.Notification;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The WeChat Pay webhook over real HTTP in the whole application (routes, inbox, database): a genuine notification
 * is stored once and answered 204 without a body, also when it arrives five times at once; a refused one is
 * answered 4xx with WeChat Pay's JSON and recorded.
 */
// this context is used by no other test class: close it, and give its database connections back, when done
@DirtiesContext
class WechatPayWebhookTest extends IntegrationTest {

    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ExecutorService senders = Executors.newFixedThreadPool(5);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        String p = "ledgerbridge.gateways.wechatpay.";
        registry.add(p + "enabled", () -> true);
        registry.add(p + "mch-id", () -> WechatPayNotifier.MCH_ID);
        registry.add(p + "app-id", () -> WechatPayNotifier.APP_ID);
        registry.add(p + "api-v3-key", () -> WechatPayNotifier.API_V3_KEY);
        registry.add(p + "public-key-id", () -> WechatPayNotifier.PUBLIC_KEY_ID);
        registry.add(p + "public-key", WechatPayNotifier::publicKeyPem);
        // the bill beans come up with the gateway (nothing is downloaded here: WechatPayBillDownloadTest does that)
        registry.add(p + "bill-download.enabled", () -> true);
        registry.add(p + "bill-download.base-url", () -> "http://localhost:9");
        registry.add(p + "bill-download.merchant-serial-no", () -> WechatPaySimulator.MERCHANT_SERIAL_NO);
        registry.add(p + "bill-download.merchant-private-key", () -> WechatPayNotifier.pem("PRIVATE KEY",
                WechatPayNotifier.otherPair().getPrivate().getEncoded()));
    }

    @AfterAll
    static void stopSenders() {
        senders.shutdownNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    List<SettlementBillFormat> billFormats;

    @Autowired
    List<SettlementBillDownload> billDownloads;

    record Answer(int status, String contentType, String body) {
    }

    Answer post(Notification n) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/wechatpay"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(n.body()));
        n.headers().forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String transactionId() {
        return "42000020862026" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000_000_000L);
    }

    static Notification payment(String transactionId, String reference, long fen) {
        ObjectNode tx = WechatPayNotifier.transaction(transactionId, reference, fen, "CNY", "2026-01-16T22:43:59+08:00");
        return WechatPayNotifier.payment(tx, Instant.now());
    }

    List<Map<String, Object>> eventsOf(String transactionId) {
        return jdbc.sql("select * from payment_event where gateway = 'wechatpay' and gateway_trade_id = :t order by event_key")
                .param("t", transactionId).query().listOfRows();
    }

    @Test
    void aGenuinePaymentIsStoredOnceAndAnswered204WithoutBody() {
        String tx = transactionId();
        Answer answer = post(payment(tx, "INV-W-1", 8888));
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        List<Map<String, Object>> rows = eventsOf(tx);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("event_key")).isEqualTo(tx + ":PAYMENT");
        assertThat(row.get("event_type")).isEqualTo("PAYMENT");
        assertThat(row.get("merchant_reference")).isEqualTo("INV-W-1");
        assertThat(new BigDecimal(row.get("amount").toString())).isEqualByComparingTo("88.88");
        assertThat(row.get("currency").toString().strip()).isEqualTo("CNY");
        assertThat(row.get("notification_id")).isNotNull();
    }

    @Test
    void theBillFormatAndDownloadAreThereForTheSettlementImport() {
        assertThat(billFormats).extracting(SettlementBillFormat::gateway).contains("wechatpay");
        assertThat(billDownloads).extracting(SettlementBillDownload::gateway).contains("wechatpay");
    }

    @Test
    void theSameNotificationFiveTimesAtOnceIsOneRowAndFiveAcknowledgements() throws Exception {
        for (int round = 0; round < 3; round++) {
            String tx = transactionId();
            Notification n = payment(tx, "INV-W-RACE-" + round, 2000);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(senders.submit(() -> {
                    start.await();
                    return post(n);
                }));
            }
            start.countDown();
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).as("round %d", round).isBetween(200, 299);
            }
            assertThat(eventsOf(tx)).as("round %d", round).hasSize(1);
        }
    }

    @Test
    void aRefundBeforeItsPaymentBooksBothAndThePaymentLaterIsADuplicate() {
        String tx = transactionId();
        ObjectNode refund = WechatPayNotifier.refund(tx, "INV-W-2", "50300001", "SUCCESS", 10000, 3000,
                "2026-01-17T10:00:00+08:00");
        assertThat(post(WechatPayNotifier.refund("REFUND.SUCCESS", refund, Instant.now())).status()).isEqualTo(204);
        assertThat(eventsOf(tx)).extracting(r -> r.get("event_key"))
                .containsExactly(tx + ":PAYMENT", tx + ":REFUND:50300001");
        assertThat(post(payment(tx, "INV-W-2", 10000)).status()).isEqualTo(204);
        assertThat(eventsOf(tx)).hasSize(2);
    }

    @Test
    void aRefusedNotificationIsAnswered4xxWithWechatPaysJsonAndRecorded() {
        String tx = transactionId();
        Notification genuine = payment(tx, "INV-W-3", 100);
        Notification forged = genuine.withBody(genuine.bodyText().replace("支付成功", "支付失败"));
        Answer answer = post(forged);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"SIGNATURE_MISMATCH\"}");

        Notification foreign = WechatPayNotifier.payment(WechatPayNotifier.transaction(tx, "INV-W-3", 100, "CNY",
                "2026-01-16T22:43:59+08:00").put("mchid", "1900000999"), Instant.now());
        Answer foreignAnswer = post(foreign);
        assertThat(foreignAnswer.status()).isEqualTo(400);
        assertThat(foreignAnswer.body()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"FOREIGN_MERCHANT\"}");

        assertThat(eventsOf(tx)).isEmpty();
        List<Map<String, Object>> recorded = jdbc.sql(
                "select * from rejected_notification where gateway = 'wechatpay' and (gateway_trade_id = :t or reason = "
                        + "'SIGNATURE_MISMATCH') order by id").param("t", tx).query().listOfRows();
        assertThat(recorded).extracting(r -> r.get("reason")).contains("SIGNATURE_MISMATCH", "FOREIGN_MERCHANT");
        Map<String, Object> foreignRow = recorded.stream().filter(r -> "FOREIGN_MERCHANT".equals(r.get("reason")))
                .findFirst().orElseThrow();
        assertThat(foreignRow.get("merchant_reference")).isEqualTo("INV-W-3");
        assertThat(foreignRow.get("notification_id")).isNotNull();
        assertThat(recorded).allSatisfy(r -> assertThat(r.get("detail").toString())
                .doesNotContain(forged.header("Wechatpay-Signature")));
    }
}
