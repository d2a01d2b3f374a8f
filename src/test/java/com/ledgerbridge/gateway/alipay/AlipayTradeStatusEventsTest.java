package com.ledgerbridge.gateway.alipay;

import static com.ledgerbridge.gateway.alipay.SdkOracle.sdkSigned;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.gateway.WebhookRequest;
import com.ledgerbridge.gateway.WebhookVerdict;
import com.ledgerbridge.simulators.AlipaySimulator;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every trade_status, with and without refunds, through the whole gateway (SDK-signed form body in, events out),
 * and every check that refuses a genuine but impossible notification. Expected keys and amounts are written out by
 * hand from the notification, not computed with the code under test.
 */
class AlipayTradeStatusEventsTest {

    static final String APP_ID = "2021000000000001";
    static final String SELLER_ID = "2088102177000000";
    static final String TRADE = "2026112222001400000000000001";

    final AlipayGateway gateway = new AlipayGateway(new AlipayProperties(true, APP_ID, SELLER_ID, null,
            SdkOracle.ALIPAY_PUBLIC_KEY, null, null, null));

    /** A genuine TRADE_SUCCESS for 100.00 yuan paid 2026-11-22 10:00:04 Beijing time. */
    static Map<String, String> paid() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("notify_time", "2026-11-22 10:00:05");
        p.put("notify_type", "trade_status_sync");
        p.put("notify_id", "nid-paid-1");
        p.put("app_id", APP_ID);
        p.put("charset", "utf-8");
        p.put("version", "1.0");
        p.put("trade_no", TRADE);
        p.put("out_trade_no", "INV-2026-0042");
        p.put("buyer_id", "2088102177846880");
        p.put("seller_id", SELLER_ID);
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("total_amount", "100.00");
        p.put("receipt_amount", "100.00");
        p.put("buyer_pay_amount", "100.00");
        p.put("subject", "发票 INV-2026-0042");
        p.put("gmt_create", "2026-11-22 10:00:00");
        p.put("gmt_payment", "2026-11-22 10:00:04");
        return p;
    }

    static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> p = new LinkedHashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove(keyValues[i]);
            } else {
                p.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return p;
    }

    WebhookVerdict read(Map<String, String> unsigned) {
        return readSigned(sdkSigned(unsigned, "RSA2"));
    }

    WebhookVerdict readSigned(Map<String, String> signed) {
        byte[] body = AlipaySimulator.formBody(signed).getBytes(StandardCharsets.US_ASCII);
        return gateway.read(WebhookRequest.of(body, Map.of("Content-Type", "application/x-www-form-urlencoded")));
    }

    List<PaymentEvent> events(Map<String, String> unsigned) {
        WebhookVerdict verdict = read(unsigned);
        assertThat(verdict).as("verdict").isInstanceOf(WebhookVerdict.Accepted.class);
        return ((WebhookVerdict.Accepted) verdict).events();
    }

    static List<String> keys(List<PaymentEvent> events) {
        return events.stream().map(PaymentEvent::eventKey).toList();
    }

    @ParameterizedTest(name = "{0} refund_fee={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            WAIT_BUYER_PAY | -      | -
            TRADE_SUCCESS  | -      | PAYMENT=100.00
            TRADE_SUCCESS  | 0.00   | PAYMENT=100.00
            TRADE_SUCCESS  | 10.00  | PAYMENT=100.00 REFUNDED_TO:1000=10.00
            TRADE_CLOSED   | -      | CLOSED=100.00
            TRADE_CLOSED   | 100.00 | PAYMENT=100.00 REFUNDED_TO:10000=100.00 CLOSED=100.00
            TRADE_FINISHED | -      | PAYMENT=100.00 CLOSED=100.00
            TRADE_FINISHED | 30.00  | PAYMENT=100.00 REFUNDED_TO:3000=30.00 CLOSED=100.00
            """)
    void eachTradeStatusReportsTheEventsItImplies(String status, String refundFee, String expected) {
        Map<String, String> n = with(paid(), "trade_status", status, "refund_fee", refundFee);
        if (refundFee != null) {
            n.put("out_biz_no", "REFUND-1");
            n.put("gmt_refund", "2026-11-23 09:15:00.320");
        }
        if (!status.equals("TRADE_SUCCESS")) {
            n.put("gmt_close", "2026-11-23 09:15:01");
        }
        List<String> expectedKeysAndAmounts = expected == null ? List.of()
                : Arrays.stream(expected.split(" ")).map(e -> TRADE + ":" + e).toList();

        List<PaymentEvent> events = events(n);

        assertThat(events).extracting(e -> e.eventKey() + "=" + e.amount().amount().toPlainString())
                .containsExactlyElementsOf(expectedKeysAndAmounts);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.gateway()).isEqualTo("alipay");
            assertThat(e.gatewayTradeId()).isEqualTo(TRADE);
            assertThat(e.merchantReference()).isEqualTo("INV-2026-0042");
            assertThat(e.payerId()).isEqualTo("2088102177846880");
            assertThat(e.amount().currency().getCurrencyCode()).isEqualTo("CNY");
        });
    }

    @Test
    void aPartialRefundIsItsCumulativeTotalAtItsOwnTimeWithThePaymentItImplies() {
        List<PaymentEvent> events = events(with(paid(), "notify_id", "nid-refund-1", "refund_fee", "10.00",
                "out_biz_no", "REFUND-REQ-7", "gmt_refund", "2026-11-23 09:15:00.320"));

        assertThat(events).hasSize(2);
        PaymentEvent payment = events.get(0);
        assertThat(payment.type()).isEqualTo(PaymentEventType.PAYMENT);
        assertThat(payment.eventKey()).isEqualTo(TRADE + ":PAYMENT");
        assertThat(payment.amount().amount()).isEqualByComparingTo("100.00");
        assertThat(payment.occurredAt()).isEqualTo(Instant.parse("2026-11-22T02:00:04Z"));
        assertThat(payment.movementId()).isNull();
        PaymentEvent refund = events.get(1);
        assertThat(refund.type()).isEqualTo(PaymentEventType.REFUND_TOTAL);
        assertThat(refund.eventKey()).isEqualTo(TRADE + ":REFUNDED_TO:1000");
        assertThat(refund.amount().amount()).isEqualByComparingTo("10.00");
        assertThat(refund.movementId()).isEqualTo("REFUND-REQ-7");
        assertThat(refund.occurredAt()).isEqualTo(Instant.parse("2026-11-23T01:15:00.320Z"));
    }

    @Test
    void aTradeClosedUnpaidIsOnlyClosedForItsAmountAtItsCloseTime() {
        List<PaymentEvent> events = events(with(paid(), "trade_status", "TRADE_CLOSED", "gmt_payment", null,
                "receipt_amount", null, "buyer_pay_amount", null, "gmt_close", "2026-11-22 10:30:00"));

        assertThat(events).singleElement().satisfies(closed -> {
            assertThat(closed.type()).isEqualTo(PaymentEventType.CLOSED);
            assertThat(closed.eventKey()).isEqualTo(TRADE + ":CLOSED");
            assertThat(closed.amount().amount()).isEqualByComparingTo("100.00");
            assertThat(closed.occurredAt()).isEqualTo(Instant.parse("2026-11-22T02:30:00Z"));
        });
    }

    @Test
    void aFullRefundBeforeItsPaymentBooksThePaymentTooUnderTheSameKey() {
        List<PaymentEvent> refundFirst = events(with(paid(), "notify_id", "nid-close", "trade_status", "TRADE_CLOSED",
                "refund_fee", "100.00", "out_biz_no", "R-ALL", "gmt_refund", "2026-11-23 09:15:00.3",
                "gmt_close", "2026-11-23 09:15:01"));
        List<PaymentEvent> paymentLater = events(paid());

        assertThat(keys(refundFirst)).contains(keys(paymentLater).get(0));
        assertThat(refundFirst.get(0).amount()).isEqualTo(paymentLater.get(0).amount());
    }

    @Test
    void tradeFinishedBeforeTradeSuccessProducesTheSameKeysAsTheOtherWayRound() {
        Map<String, String> success = paid();
        Map<String, String> finished = with(paid(), "notify_id", "nid-finished", "trade_status", "TRADE_FINISHED",
                "notify_time", "2027-02-22 10:00:05", "gmt_close", "2027-02-22 10:00:00");

        Map<String, PaymentEvent> finishedFirst = inbox(events(finished), events(success));
        Map<String, PaymentEvent> successFirst = inbox(events(success), events(finished));

        assertThat(finishedFirst.keySet()).containsExactlyInAnyOrder(TRADE + ":PAYMENT", TRADE + ":CLOSED");
        assertThat(successFirst.keySet()).isEqualTo(finishedFirst.keySet());
        assertThat(finishedFirst.get(TRADE + ":PAYMENT").amount())
                .isEqualTo(successFirst.get(TRADE + ":PAYMENT").amount());
    }

    /** What a unique key on event_key keeps: the first event of each key. */
    @SafeVarargs
    static Map<String, PaymentEvent> inbox(List<PaymentEvent>... arrivals) {
        Map<String, PaymentEvent> stored = new LinkedHashMap<>();
        for (List<PaymentEvent> events : arrivals) {
            events.forEach(e -> stored.putIfAbsent(e.eventKey(), e));
        }
        return stored;
    }

    @Test
    void theSameNotificationOneToNineTimesGivesTheSameKeys() {
        Map<String, String> signed = sdkSigned(with(paid(), "trade_status", "TRADE_CLOSED", "refund_fee", "100.00",
                "out_biz_no", "R-ALL", "gmt_refund", "2026-11-23 09:15:00.320", "gmt_close", "2026-11-23 09:15:01"),
                "RSA2");
        List<String> once = keys(((WebhookVerdict.Accepted) readSigned(signed)).events());
        assertThat(once).hasSize(3);
        for (int times = 1; times <= 9; times++) {
            List<List<PaymentEvent>> deliveries = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                deliveries.add(((WebhookVerdict.Accepted) readSigned(signed)).events());
            }
            assertThat(deliveries).allSatisfy(events -> assertThat(keys(events)).isEqualTo(once));
            @SuppressWarnings("unchecked")
            List<PaymentEvent>[] arrivals = deliveries.toArray(List[]::new);
            assertThat(inbox(arrivals).keySet()).as("%d deliveries", times).containsExactlyElementsOf(once);
        }
    }

    @Test
    void cumulativeRefundsOfTenThenThirtyAreTwoTotalsOfTenAndThirty() {
        List<PaymentEvent> first = events(with(paid(), "notify_id", "nid-r1", "refund_fee", "10.00",
                "out_biz_no", "R-1", "gmt_refund", "2026-11-23 09:00:00.100"));
        List<PaymentEvent> second = events(with(paid(), "notify_id", "nid-r2", "refund_fee", "30.00",
                "out_biz_no", "R-2", "gmt_refund", "2026-11-24 09:00:00.200"));

        List<PaymentEvent> totals = new ArrayList<>();
        inbox(first, second).values().stream().filter(e -> e.type() == PaymentEventType.REFUND_TOTAL)
                .forEach(totals::add);
        assertThat(totals).extracting(PaymentEvent::eventKey)
                .containsExactly(TRADE + ":REFUNDED_TO:1000", TRADE + ":REFUNDED_TO:3000");
        assertThat(totals).extracting(e -> e.amount().amount())
                .containsExactly(new BigDecimal("10.00"), new BigDecimal("30.00"));
        assertThat(totals).extracting(PaymentEvent::movementId).containsExactly("R-1", "R-2");
    }

    @ParameterizedTest
    @CsvSource({
            "2015-04-28 15:45:57.320, 2015-04-28T07:45:57.320Z",
            "2015-04-28 15:45:57.3,   2015-04-28T07:45:57.300Z",
            "2015-04-28 15:45:57,     2015-04-28T07:45:57Z",
            "2027-01-01 00:30:00.05,  2026-12-31T16:30:00.050Z"})
    void gmtRefundWithOrWithoutMillisecondsIsBeijingTime(String gmtRefund, String utc) {
        List<PaymentEvent> events = events(with(paid(), "refund_fee", "1.00", "out_biz_no", "R-1",
                "gmt_refund", gmtRefund));
        assertThat(events.get(1).occurredAt()).isEqualTo(Instant.parse(utc));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            app_id,           2021999999999999, FOREIGN_APP_ID
            seller_id,        2088999999999999, FOREIGN_SELLER_ID
            total_amount,     -,                MISSING_FIELD
            total_amount,     0.00,             NON_POSITIVE_AMOUNT
            total_amount,     100.001,          INVALID_AMOUNT
            total_amount,     -100.00,          INVALID_AMOUNT
            total_amount,     1e2,              INVALID_AMOUNT
            refund_fee,       100.01,           REFUND_EXCEEDS_TOTAL
            receipt_amount,   100.01,           AMOUNT_EXCEEDS_TOTAL
            buyer_pay_amount, 100.01,           AMOUNT_EXCEEDS_TOTAL
            gmt_refund,       2026-11-23 9:15,  INVALID_TIME
            trade_status,     TRADE_PENDING,    INVALID_TRADE_STATUS
            trade_no,         -,                MISSING_FIELD
            """)
    void eachCheckRefusesAGenuineButImpossibleNotification(String field, String value, String reason) {
        Map<String, String> n = with(paid(), "out_biz_no", "R-1", "gmt_refund", "2026-11-23 09:15:00",
                "refund_fee", "5.00");
        n = with(n, field, value);

        WebhookVerdict verdict = read(n);

        assertThat(verdict).isInstanceOfSatisfying(WebhookVerdict.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.notificationId()).isEqualTo("nid-paid-1");
        });
    }

    @Test
    void amountsEqualToTheTotalAreAccepted() {
        assertThat(events(with(paid(), "trade_status", "TRADE_CLOSED", "refund_fee", "100.00", "receipt_amount",
                "100.00", "buyer_pay_amount", "100.00", "out_biz_no", "R", "gmt_refund", "2026-11-23 09:15:00")))
                .hasSize(3);
        assertThat(events(with(paid(), "total_amount", "0.01", "receipt_amount", "0.01", "buyer_pay_amount", "0.01")))
                .singleElement().satisfies(e -> assertThat(e.amount().amount()).isEqualByComparingTo("0.01"));
    }

    @Test
    void aTamperedNotificationIsRefusedBeforeAnyCheck() {
        Map<String, String> signed = sdkSigned(paid(), "RSA2");
        signed.put("total_amount", "0.00"); // would be NON_POSITIVE_AMOUNT, but the signature fails first
        assertThat(readSigned(signed)).isInstanceOfSatisfying(WebhookVerdict.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(SignatureCheck.SIGNATURE_MISMATCH));
    }

    @ParameterizedTest
    @CsvSource({"utf-8", "GBK"})
    void passbackParamsStaySignedPercentEncodedAndAreDecodedOnceForUse(String charset) {
        String json = "{\"invoice\":\"INV-2026-0042\",\"note\":\"分期 1/3 a+b=c%\"}";
        // the merchant URL-encoded it when creating the trade; Alipay sends it back (and signs it) that way
        String asSent = URLEncoder.encode(json, java.nio.charset.Charset.forName(charset));
        Map<String, String> signed = sdkSigned(with(paid(), "charset", charset, "passback_params", asSent), "RSA2");
        byte[] body = AlipaySimulator.formBody(signed).getBytes(StandardCharsets.US_ASCII);

        WebhookVerdict verdict = gateway.read(WebhookRequest.of(body, Map.of()));
        assertThat(verdict).isInstanceOf(WebhookVerdict.Accepted.class);
        // the payment carries the decoded text as its memo, where matching looks for invoice numbers
        assertThat(((WebhookVerdict.Accepted) verdict).events()).singleElement()
                .satisfies(e -> assertThat(e.memo()).isEqualTo(json));
        Map<String, String> decoded = AlipayFormBody.decode(body);
        assertThat(decoded.get("passback_params")).isEqualTo(asSent);
        assertThat(SdkOracle.sdkVerify(decoded)).as("the SDK verifies what we decoded").isTrue();
        assertThat(AlipayNotificationParser.parse(decoded).passbackParams()).isEqualTo(json);
    }

    @Test
    void passbackParamsTheMerchantDidNotEncodeAreReturnedAsSent() {
        Consumer<String> roundTrip = raw -> assertThat(AlipayNotificationParser
                .parse(with(paid(), "notify_id", "n", "passback_params", raw)).passbackParams()).isEqualTo(raw);
        roundTrip.accept("100% cotton");
        assertThat(AlipayNotificationParser.parse(paid()).passbackParams()).isNull();
    }
}
