package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Alipay webhook over real HTTP, with notifications signed by the official Alipay SDK. */
class AlipayWebhookTest extends IntegrationTest {

    static final AlipaySimulator alipay = new AlipaySimulator();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        registry.add("ledgerbridge.gateways.alipay.public-key", alipay::publicKey);
        registry.add("ledgerbridge.gateways.alipay.app-id", () -> AlipaySimulator.APP_ID);
        registry.add("ledgerbridge.gateways.alipay.seller-id", () -> AlipaySimulator.SELLER_ID);
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    ResponseEntity<String> post(Map<String, String> params) {
        HttpHeaders headers = new HttpHeaders();
        // what Alipay really sends: not a clean media type
        headers.set("Content-Type", "application/x-www-form-urlencoded; text/html; charset=" + params.get("charset"));
        byte[] body = AlipaySimulator.formBody(params).getBytes(StandardCharsets.US_ASCII);
        return http.postForEntity("/webhooks/alipay", new HttpEntity<>(body, headers), String.class);
    }

    long eventsFor(Map<String, String> params) {
        return jdbc.sql("select count(*) from payment_event where gateway_trade_id = :t")
                .param("t", params.get("trade_no")).query(Long.class).single();
    }

    @Test
    void validNotificationIsStoredAndAnsweredSuccessExactly() {
        Map<String, String> n = alipay.signed(alipay.paymentNotification("INV-X-1", "88.88", "utf-8"));
        ResponseEntity<String> answer = post(n);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody()).isEqualTo("success");
        Map<String, Object> row = jdbc.sql("select * from payment_event where gateway_trade_id = :t")
                .param("t", n.get("trade_no")).query().singleRow();
        assertThat(row.get("event_key")).isEqualTo(n.get("trade_no") + ":PAYMENT");
        assertThat(row.get("merchant_reference")).isEqualTo("INV-X-1");
        assertThat(row.get("notification_id")).isEqualTo(n.get("notify_id"));
        assertThat(new java.math.BigDecimal(row.get("amount").toString())).isEqualByComparingTo("88.88");
    }

    @Test
    void duplicatesAreAnsweredSuccessAndChangeNothing() {
        Map<String, String> n = alipay.signed(alipay.paymentNotification("INV-X-2", "10.00", "utf-8"));
        for (int i = 0; i < 8; i++) { // Alipay sends up to 8 times
            assertThat(post(n).getBody()).isEqualTo("success");
        }
        // a second notification (new notify_id) for the same paid trade is the same payment
        Map<String, String> again = new java.util.LinkedHashMap<>(n);
        again.remove("sign");
        again.remove("sign_type");
        again.put("notify_id", "another-notify-id");
        again.put("trade_status", "TRADE_FINISHED");
        assertThat(post(alipay.signed(again)).getBody()).isEqualTo("success");
        assertThat(eventsFor(n)).isEqualTo(1);
    }

    @Test
    void tamperedNotificationIsRejectedAndStoresNothing() {
        Map<String, String> n = new java.util.LinkedHashMap<>(
                alipay.signed(alipay.paymentNotification("INV-X-3", "10.00", "utf-8")));
        n.put("total_amount", "1000.00");
        ResponseEntity<String> answer = post(n);
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody()).isNotEqualTo("success");
        assertThat(eventsFor(n)).isZero();
    }

    @Test
    void notificationSignedWithAnotherKeyIsRejected() {
        Map<String, String> forged = new AlipaySimulator().signed(alipay.paymentNotification("INV-X-4", "5.00", "utf-8"));
        assertThat(post(forged).getStatusCode().value()).isEqualTo(400);
        assertThat(eventsFor(forged)).isZero();
    }

    @Test
    void gbkNotificationWithChineseSubjectVerifiesAndIsStored() {
        Map<String, String> params = alipay.paymentNotification("INV-X-5", "12.34", "GBK");
        params.put("body", "大乐透2.1 购买记录");
        Map<String, String> n = alipay.signed(params);
        assertThat(post(n).getBody()).isEqualTo("success");
        assertThat(eventsFor(n)).isEqualTo(1);
    }

    @Test
    void notificationForAnotherAppOrSellerIsRejected() {
        Map<String, String> otherApp = alipay.paymentNotification("INV-X-6", "5.00", "utf-8");
        otherApp.put("app_id", "2021999999999999");
        Map<String, String> signedOtherApp = alipay.signed(otherApp);
        assertThat(post(signedOtherApp).getStatusCode().value()).isEqualTo(400);
        Map<String, String> otherSeller = alipay.paymentNotification("INV-X-7", "5.00", "utf-8");
        otherSeller.put("seller_id", "2088999999999999");
        Map<String, String> signedOtherSeller = alipay.signed(otherSeller);
        assertThat(post(signedOtherSeller).getStatusCode().value()).isEqualTo(400);
        assertThat(eventsFor(signedOtherApp) + eventsFor(signedOtherSeller)).isZero();
    }

    @Test
    void closedUnpaidTradeIsAcknowledgedWithoutAPaymentEvent() {
        Map<String, String> params = alipay.paymentNotification("INV-X-8", "5.00", "utf-8");
        params.put("trade_status", "TRADE_CLOSED");
        Map<String, String> n = alipay.signed(params);
        assertThat(post(n).getBody()).isEqualTo("success");
        assertThat(eventsFor(n)).isZero();
    }

    @Test
    void garbageBodyGetsAClearErrorStatus() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Content-Type", "application/x-www-form-urlencoded");
        ResponseEntity<String> answer = http.postForEntity("/webhooks/alipay",
                new HttpEntity<>("total_amount=%ZZ".getBytes(StandardCharsets.US_ASCII), headers), String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
    }
}
