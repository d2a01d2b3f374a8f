package com.ledgerbridge.gateway.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.ledgerbridge.gateway.alipay.InvalidNotificationException.Reason;

class AlipayNotificationParserTest {

    static Map<String, String> minimal() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("notify_id", "nid-1");
        p.put("app_id", "2021000000000001");
        p.put("trade_no", "2026112222001400000000000001");
        p.put("out_trade_no", "LB-1");
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("total_amount", "0.01");
        return p;
    }

    private static InvalidNotificationException rejected(Map<String, String> p) {
        return assertThrows(InvalidNotificationException.class, () -> AlipayNotificationParser.parse(p));
    }

    @Test
    void fullNotification() {
        Map<String, String> p = new LinkedHashMap<>(AlipaySignatureVerifierTest.utf8Notification());
        p.put("out_biz_no", "REFUND-1");
        p.put("refund_fee", "10.50");
        p.put("gmt_refund", "2026-11-23 09:15:00.320");
        p.put("gmt_close", "2026-11-23 09:15:01");
        p.put("sign", "xyz");
        AlipayNotification n = AlipayNotificationParser.parse(p);
        assertEquals("2026112200222100000012345678901234", n.notifyId());
        assertEquals("trade_status_sync", n.notifyType());
        assertEquals(Instant.parse("2026-11-22T02:00:05Z"), n.notifyTime());
        assertEquals("2021000000000001", n.appId());
        assertEquals("2088102177000000", n.sellerId());
        assertEquals("2026112222001400000000000001", n.tradeNo());
        assertEquals("LB-INV-2026-0042", n.outTradeNo());
        assertEquals("REFUND-1", n.outBizNo());
        assertEquals(AlipayTradeStatus.TRADE_SUCCESS, n.tradeStatus());
        assertEquals(new BigDecimal("88.88"), n.totalAmount());
        assertEquals(new BigDecimal("88.88"), n.receiptAmount());
        assertEquals(new BigDecimal("10.50"), n.refundFee());
        assertEquals(Instant.parse("2026-11-22T02:00:00Z"), n.gmtCreate());
        assertEquals(Instant.parse("2026-11-22T02:00:04Z"), n.gmtPayment());
        assertEquals(Instant.parse("2026-11-23T01:15:00.320Z"), n.gmtRefund());
        assertEquals(Instant.parse("2026-11-23T01:15:01Z"), n.gmtClose());
        assertEquals(p, n.params());
        assertThrows(UnsupportedOperationException.class, () -> n.params().put("x", "y"));
    }

    @Test
    void beijingTimeIsConvertedExplicitly() {
        assertEquals(Instant.parse("2026-11-22T02:00:00Z"), AlipayNotificationParser.parseTime("2026-11-22 10:00:00"));
        // crossing midnight backwards
        assertEquals(Instant.parse("2026-12-31T16:30:00Z"), AlipayNotificationParser.parseTime("2027-01-01 00:30:00"));
    }

    @Test
    void gmtRefundWithFractionalSeconds() {
        assertEquals(Instant.parse("2015-04-28T07:45:57.320Z"), AlipayNotificationParser.parseTime("2015-04-28 15:45:57.320"));
        assertEquals(Instant.parse("2015-04-28T07:45:57.300Z"), AlipayNotificationParser.parseTime("2015-04-28 15:45:57.3"));
        Map<String, String> p = minimal();
        p.put("gmt_refund", "2026-11-22 10:00:00.320");
        assertEquals(Instant.parse("2026-11-22T02:00:00.320Z"), AlipayNotificationParser.parse(p).gmtRefund());
    }

    @Test
    void amountsAreExactWithTheirScale() {
        AlipayNotification n = AlipayNotificationParser.parse(minimal());
        assertEquals(new BigDecimal("0.01"), n.totalAmount());
        assertEquals(2, n.totalAmount().scale());
        Map<String, String> p = minimal();
        p.put("total_amount", "2.00");
        assertEquals("2.00", AlipayNotificationParser.parse(p).totalAmount().toPlainString());
        assertNull(AlipayNotificationParser.parse(minimal()).refundFee());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.234", "abc", "-1.00", "1e3", "+1", " 1.00", "1.", ".5", "1,00", "١٫٠٠", "NaN"})
    void badAmountsAreRejected(String amount) {
        Map<String, String> p = minimal();
        p.put("total_amount", amount);
        InvalidNotificationException e = rejected(p);
        assertEquals(Reason.INVALID_AMOUNT, e.reason());
        assertEquals("total_amount", e.field());
    }

    @Test
    void badOptionalAmountIsRejectedToo() {
        Map<String, String> p = minimal();
        p.put("refund_fee", "0.001");
        assertEquals("refund_fee", rejected(p).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"notify_id", "app_id", "trade_no", "out_trade_no", "trade_status", "total_amount"})
    void missingOrBlankRequiredFieldIsRejectedByName(String field) {
        Map<String, String> p = minimal();
        p.remove(field);
        InvalidNotificationException e = rejected(p);
        assertEquals(Reason.MISSING_FIELD, e.reason());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(field));
        p.put(field, " ");
        assertEquals(field, rejected(p).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T10:00:00", "2026-11-22 10:00", "2026-02-30 10:00:00", "2026-11-22 24:00:00",
            "2026-11-22 10:00:00+08:00", "2026/11/22 10:00:00"})
    void badTimesAreRejected(String time) {
        Map<String, String> p = minimal();
        p.put("gmt_payment", time);
        InvalidNotificationException e = rejected(p);
        assertEquals(Reason.INVALID_TIME, e.reason());
        assertEquals("gmt_payment", e.field());
    }

    @Test
    void unknownTradeStatusIsRejected() {
        Map<String, String> p = minimal();
        p.put("trade_status", "trade_success");
        assertEquals(Reason.INVALID_TRADE_STATUS, rejected(p).reason());
    }

    @Test
    void onlySuccessAndFinishedArePaid() {
        assertTrue(AlipayTradeStatus.TRADE_SUCCESS.isPaid());
        assertTrue(AlipayTradeStatus.TRADE_FINISHED.isPaid());
        assertEquals(false, AlipayTradeStatus.TRADE_CLOSED.isPaid());
        assertEquals(false, AlipayTradeStatus.WAIT_BUYER_PAY.isPaid());
    }
}
