package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.testing.DatabaseSwitch;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The Alipay webhook over real HTTP, with notifications signed by the official Alipay SDK, on H2 and on
 * PostgreSQL (subclasses): answers, duplicates (also racing each other), group commit, refusals and a database
 * that is down.
 */
@Import(DatabaseSwitch.Config.class)
// this context is used by no other test class: close it, and give its database connections back, when done
@DirtiesContext
abstract class AlipayWebhookTest extends IntegrationTest {

    static final AlipaySimulator alipay = new AlipaySimulator();
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ExecutorService senders = Executors.newFixedThreadPool(128);

    static final java.security.KeyPair APP_KEYS = TestCertificates.rsa();
    static final java.time.LocalDate BILL_DAY = java.time.LocalDate.of(2026, 11, 22);

    // shared by the H2 and PostgreSQL subclasses, so it is not stopped after either: it ends with the test JVM
    static {
        alipay.startOpenApi(AlipaySimulator.APP_ID, SdkOracle.publicKey(APP_KEYS), AlipaySimulator.SELLER_ID);
        alipay.bill(BILL_DAY, new com.ledgerbridge.simulators.AlipayTradeBillWriter(AlipaySimulator.SELLER_ID, BILL_DAY)
                .payment("2026112222001400000000000077", "INV-BILL-1", "77.00", "-0.46", "2026-11-22 10:00:05").zip());
    }

    static void webhookProperties(DynamicPropertyRegistry registry, TestDatabase database) {
        configure(registry, database);
        registry.add("ledgerbridge.gateways.alipay.download.enabled", () -> "true");
        registry.add("ledgerbridge.gateways.alipay.download.gateway-url", alipay::gatewayUrl);
        registry.add("ledgerbridge.gateways.alipay.download.app-private-key", () -> SdkOracle.privateKey(APP_KEYS));
        registry.add("ledgerbridge.gateways.alipay.public-key", alipay::publicKey);
        registry.add("ledgerbridge.gateways.alipay.app-id", () -> AlipaySimulator.APP_ID);
        registry.add("ledgerbridge.gateways.alipay.seller-id", () -> AlipaySimulator.SELLER_ID);
        registry.add("ledgerbridge.payment-inbox.commit-timeout-ms", () -> 3000);
    }

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DatabaseSwitch database;

    record Answer(int status, String body) {
    }

    Answer post(Map<String, String> params) {
        // what Alipay really sends: not a clean media type
        return post(AlipaySimulator.formBody(params).getBytes(StandardCharsets.US_ASCII),
                "application/x-www-form-urlencoded; text/html; charset=" + params.get("charset"));
    }

    Answer post(byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/alipay"))
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> payment(String reference, String amount) {
        return alipay.signed(alipay.paymentNotification(reference, amount, "utf-8"));
    }

    long eventsFor(Map<String, String> params) {
        return jdbc.sql("select count(*) from payment_event where gateway_trade_id = :t")
                .param("t", params.get("trade_no")).query(Long.class).single();
    }

    List<String> eventKeysFor(Map<String, String> params) {
        return jdbc.sql("select event_key from payment_event where gateway_trade_id = :t")
                .param("t", params.get("trade_no")).query(String.class).list();
    }

    List<String> rejectionsFor(Map<String, String> params) {
        return jdbc.sql("select reason from rejected_notification where gateway = 'alipay' and notification_id = :n")
                .param("n", params.get("notify_id")).query(String.class).list();
    }

    static final Answer SUCCESS = new Answer(200, "success");

    @Test
    void validNotificationIsStoredAndAnsweredSuccessExactly() {
        Map<String, String> n = payment("INV-X-1", "88.88");
        assertThat(post(n)).isEqualTo(SUCCESS);
        Map<String, Object> row = jdbc.sql("select * from payment_event where gateway_trade_id = :t")
                .param("t", n.get("trade_no")).query().singleRow();
        assertThat(row.get("event_key")).isEqualTo(n.get("trade_no") + ":PAYMENT");
        assertThat(row.get("merchant_reference")).isEqualTo("INV-X-1");
        assertThat(row.get("notification_id")).isEqualTo(n.get("notify_id"));
        // the reconciliation stage is woken by the commit and may already have taken it (no invoice INV-X-1 exists)
        assertThat(row.get("status")).isIn("RECEIVED", "EXCEPTION");
        assertThat(new BigDecimal(row.get("amount").toString())).isEqualByComparingTo("88.88");
    }

    @Test
    void duplicatesAreAnsweredSuccessAndChangeNothing() {
        Map<String, String> n = payment("INV-X-2", "10.00");
        for (int i = 0; i < 8; i++) { // Alipay sends up to 8 times
            assertThat(post(n)).isEqualTo(SUCCESS);
        }
        // a second notification (new notify_id) for the same paid trade is the same payment
        Map<String, String> again = new LinkedHashMap<>(n);
        again.remove("sign");
        again.remove("sign_type");
        again.put("notify_id", "another-notify-id");
        again.put("trade_status", "TRADE_FINISHED");
        assertThat(post(alipay.signed(again))).isEqualTo(SUCCESS);
        // TRADE_FINISHED reports the payment again (a duplicate) and that the trade is closed (new)
        assertThat(eventKeysFor(n)).containsExactlyInAnyOrder(n.get("trade_no") + ":PAYMENT", n.get("trade_no") + ":CLOSED");
    }

    @Test
    void aFullRefundArrivingBeforeItsPaymentStoresPaymentRefundTotalAndCloseOnceEach() {
        Map<String, String> paid = alipay.paymentNotification("INV-X-9", "50.00", "utf-8");
        Map<String, String> refunded = new LinkedHashMap<>(paid);
        refunded.put("notify_id", "refund-" + paid.get("notify_id"));
        refunded.put("trade_status", "TRADE_CLOSED");
        refunded.put("refund_fee", "50.00");
        refunded.put("out_biz_no", "REFUND-INV-X-9");
        refunded.put("gmt_refund", "2026-11-23 09:15:00.320");
        refunded.put("gmt_close", "2026-11-23 09:15:01");
        Map<String, String> refundNotification = alipay.signed(refunded);
        for (int i = 0; i < 3; i++) {
            assertThat(post(refundNotification)).isEqualTo(SUCCESS);
        }
        assertThat(post(alipay.signed(paid))).isEqualTo(SUCCESS);
        String trade = paid.get("trade_no");
        assertThat(eventKeysFor(paid)).containsExactlyInAnyOrder(trade + ":PAYMENT", trade + ":REFUNDED_TO:5000",
                trade + ":CLOSED");
        Map<String, Object> refund = jdbc.sql("select * from payment_event where event_key = :k")
                .param("k", trade + ":REFUNDED_TO:5000").query().singleRow();
        assertThat(refund.get("event_type")).isEqualTo("REFUND_TOTAL");
        assertThat(new BigDecimal(refund.get("amount").toString())).isEqualByComparingTo("50.00");
    }

    @Test
    void theSameNotificationFiveTimesAtOnceIsOneEventAndFiveSuccesses() throws Exception {
        for (int round = 0; round < 6; round++) {
            Map<String, String> n = payment("INV-RACE-" + round, "20.00");
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
                assertThat(answer.get()).as("round %d", round).isEqualTo(SUCCESS);
            }
            assertThat(eventsFor(n)).as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    void manyDistinctNotificationsAtOnceAreEachAnsweredOnlyOnceTheirRowIsCommitted() throws Exception {
        int count = 60;
        CountDownLatch start = new CountDownLatch(1);
        List<Map<String, String>> notifications = new ArrayList<>();
        List<Future<Answer>> answers = new ArrayList<>();
        List<Future<Long>> rowsSeenAtAnswer = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> n = payment("INV-MANY-" + i, "1.0" + (i % 10));
            notifications.add(n);
            Future<Answer> answer = senders.submit(() -> {
                start.await();
                return post(n);
            });
            answers.add(answer);
            // looked up from another connection the moment the answer arrives: the row must be committed
            rowsSeenAtAnswer.add(senders.submit(() -> {
                answer.get();
                return eventsFor(n);
            }));
        }
        start.countDown();
        for (int i = 0; i < count; i++) {
            assertThat(answers.get(i).get()).isEqualTo(SUCCESS);
            assertThat(rowsSeenAtAnswer.get(i).get()).as("row of notification %d when it was answered", i).isEqualTo(1);
        }
        assertThat(jdbc.sql("select count(*) from payment_event where merchant_reference like 'INV-MANY-%'")
                .query(Long.class).single()).isEqualTo(count);
    }

    @Test
    void whenTheDatabaseIsDownTheGatewayIsToldToSendAgain() throws Exception {
        Map<String, String> n = payment("INV-DOWN-1", "30.00");
        try (AutoCloseable down = database.down()) {
            Answer answer = post(n);
            assertThat(answer.status()).isBetween(500, 599);
            assertThat(answer.body()).isNotEqualTo("success");
        }
        assertThat(eventsFor(n)).isZero();
        // Alipay sends it again later, and then it is stored
        assertThat(post(n)).isEqualTo(SUCCESS);
        assertThat(eventsFor(n)).isEqualTo(1);
    }

    @Test
    void tamperedNotificationIsRejectedRecordedAndStoresNothing() {
        Map<String, String> n = new LinkedHashMap<>(payment("INV-X-3", "10.00"));
        n.put("total_amount", "1000.00");
        assertThat(post(n)).isEqualTo(new Answer(400, "failure"));
        assertThat(eventsFor(n)).isZero();
        assertThat(rejectionsFor(n)).containsExactly(SignatureCheck.SIGNATURE_MISMATCH);
    }

    @Test
    void notificationSignedWithAnotherKeyIsRejectedAndRecorded() {
        Map<String, String> forged = new AlipaySimulator().signed(alipay.paymentNotification("INV-X-4", "5.00", "utf-8"));
        assertThat(post(forged)).isEqualTo(new Answer(400, "failure"));
        assertThat(eventsFor(forged)).isZero();
        assertThat(rejectionsFor(forged)).containsExactly(SignatureCheck.SIGNATURE_MISMATCH);
        Map<String, Object> recorded = jdbc.sql("select * from rejected_notification where notification_id = :n")
                .param("n", forged.get("notify_id")).query().singleRow();
        assertThat(recorded.get("merchant_reference")).isEqualTo("INV-X-4");
        assertThat(recorded.get("gateway_trade_id")).isEqualTo(forged.get("trade_no"));
        assertThat(recorded.get("detail").toString()).doesNotContain(forged.get("sign"));
    }

    @Test
    void gbkNotificationWithChineseSubjectVerifiesAndIsStored() {
        Map<String, String> params = alipay.paymentNotification("INV-X-5", "12.34", "GBK");
        params.put("body", "大乐透2.1 购买记录");
        Map<String, String> n = alipay.signed(params);
        assertThat(post(n)).isEqualTo(SUCCESS);
        assertThat(eventsFor(n)).isEqualTo(1);
    }

    @Test
    void notificationForAnotherAppOrSellerIsRejectedAndRecorded() {
        Map<String, String> otherApp = alipay.paymentNotification("INV-X-6", "5.00", "utf-8");
        otherApp.put("app_id", "2021999999999999");
        Map<String, String> signedOtherApp = alipay.signed(otherApp);
        assertThat(post(signedOtherApp).status()).isEqualTo(400);
        Map<String, String> otherSeller = alipay.paymentNotification("INV-X-7", "5.00", "utf-8");
        otherSeller.put("seller_id", "2088999999999999");
        Map<String, String> signedOtherSeller = alipay.signed(otherSeller);
        assertThat(post(signedOtherSeller).status()).isEqualTo(400);
        assertThat(eventsFor(signedOtherApp) + eventsFor(signedOtherSeller)).isZero();
        assertThat(rejectionsFor(signedOtherApp)).containsExactly("FOREIGN_APP_ID");
        assertThat(rejectionsFor(signedOtherSeller)).containsExactly("FOREIGN_SELLER_ID");
    }

    @Test
    void closedUnpaidTradeIsStoredAsClosedWithoutAPayment() {
        Map<String, String> params = alipay.paymentNotification("INV-X-8", "5.00", "utf-8");
        params.put("trade_status", "TRADE_CLOSED");
        params.remove("gmt_payment");
        Map<String, String> n = alipay.signed(params);
        assertThat(post(n)).isEqualTo(SUCCESS);
        assertThat(eventKeysFor(n)).containsExactly(n.get("trade_no") + ":CLOSED");
    }

    @Test
    void aTradeWaitingForPaymentIsAcknowledgedAndStoresNothing() {
        Map<String, String> params = alipay.paymentNotification("INV-X-10", "5.00", "utf-8");
        params.put("trade_status", "WAIT_BUYER_PAY");
        params.remove("gmt_payment");
        Map<String, String> n = alipay.signed(params);
        assertThat(post(n)).isEqualTo(SUCCESS);
        assertThat(eventsFor(n)).isZero();
    }

    @Autowired
    List<com.ledgerbridge.gateway.SettlementBillDownload> downloads;

    @Autowired
    List<com.ledgerbridge.gateway.SettlementBillFormat> billFormats;

    @Test
    void theBillDownloadAndFormatAreWiredAndFetchABillThroughCamelHttp(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws IOException {
        com.ledgerbridge.gateway.SettlementBillDownload download = downloads.stream()
                .filter(d -> d.gateway().equals("alipay")).findFirst().orElseThrow();
        com.ledgerbridge.gateway.SettlementBillFormat format = billFormats.stream()
                .filter(f -> f.gateway().equals("alipay")).findFirst().orElseThrow();

        java.nio.file.Path bill = download.download(BILL_DAY, folder).orElseThrow();
        List<String> keys = new ArrayList<>();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(bill)) {
            format.read(in, bill.getFileName().toString(), new com.ledgerbridge.gateway.SettlementBillFormat.BillLineSink() {
                @Override
                public void line(com.ledgerbridge.domain.settlement.BillLine line) {
                    keys.add(line.lineKey() + " fee " + line.fee().amount().toPlainString());
                }

                @Override
                public void rejected(long lineNumber, String reason) {
                    keys.add("rejected " + lineNumber + ": " + reason);
                }
            });
        }
        assertThat(keys).containsExactly("pay:2026112222001400000000000077 fee 0.46");
        assertThat(download.download(BILL_DAY.minusDays(1), folder)).isEmpty();
    }

    @Test
    void garbageBodyGetsAClearErrorStatusAndIsRecorded() {
        long before = jdbc.sql("select count(*) from rejected_notification where reason = 'MALFORMED_PERCENT_ENCODING'")
                .query(Long.class).single();
        Answer answer = post("total_amount=%ZZ".getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
        assertThat(answer).isEqualTo(new Answer(400, "failure"));
        assertThat(jdbc.sql("select count(*) from rejected_notification where reason = 'MALFORMED_PERCENT_ENCODING'")
                .query(Long.class).single()).isEqualTo(before + 1);
    }
}
