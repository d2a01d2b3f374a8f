package com.ledgerbridge.gateway.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AlipaySignContentTest {

    /**
     * The official "异步返回结果的验签" sample notification, in the order the doc lists it (doc values, RSA-1024
     * era sign that cannot be verified without that key).
     */
    static Map<String, String> officialSample() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("total_amount", "2.00");
        p.put("buyer_id", "2088102116773037");
        p.put("body", "大乐透2.1");
        p.put("trade_no", "2016071921001003030200089909");
        p.put("refund_fee", "0.00");
        p.put("notify_time", "2016-07-19 14:10:49");
        p.put("subject", "大乐透2.1");
        p.put("sign_type", "RSA2");
        p.put("charset", "utf-8");
        p.put("notify_type", "trade_status_sync");
        p.put("out_trade_no", "0719141034-6418");
        p.put("gmt_close", "2016-07-19 14:10:46");
        p.put("gmt_payment", "2016-07-19 14:10:47");
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("version", "1.0");
        p.put("sign", "kPbQIjX+xQc8F0/A6/AocELIjhhZnGbcBN6G4MM/HmfWL4ZiHM6fWl5NQhzXJusaklZ1LFuMo+lHQUELAYeugH8LYFvxnNajOvZhuxNFbN2LhF0l/KL8ANtj8oyPM4NN7Qft2kWJTDJUpQOzCzNnV9hDxh5AaT9FPqRS6ZKxnzM=");
        p.put("gmt_create", "2016-07-19 14:10:44");
        p.put("app_id", "2015102700040153");
        p.put("seller_id", "2088102119685838");
        p.put("notify_id", "4a91b7a78a503640467525113fb7d8bg8e");
        return p;
    }

    @Test
    void officialSampleKnownAnswer() {
        // The doc's expected string, with gmt_create restored: the doc's own string omits gmt_create although
        // the sample carries it; the SDK (and the V1 rule) include it, between gmt_close and gmt_payment.
        String expected = "app_id=2015102700040153&body=大乐透2.1&buyer_id=2088102116773037&charset=utf-8"
                + "&gmt_close=2016-07-19 14:10:46&gmt_create=2016-07-19 14:10:44&gmt_payment=2016-07-19 14:10:47"
                + "&notify_id=4a91b7a78a503640467525113fb7d8bg8e&notify_time=2016-07-19 14:10:49"
                + "&notify_type=trade_status_sync&out_trade_no=0719141034-6418&refund_fee=0.00"
                + "&seller_id=2088102119685838&subject=大乐透2.1&total_amount=2.00"
                + "&trade_no=2016071921001003030200089909&trade_status=TRADE_SUCCESS&version=1.0";
        Map<String, String> sample = officialSample();
        assertEquals(expected, AlipaySignContent.of(sample));
        assertEquals(expected, SdkOracle.sdkContent(sample));
    }

    @Test
    void doesNotModifyTheMap() {
        Map<String, String> sample = officialSample();
        Map<String, String> before = new LinkedHashMap<>(sample);
        AlipaySignContent.of(sample);
        assertEquals(before, sample);
        assertEquals(before.keySet().toString(), sample.keySet().toString());
    }

    @Test
    void skipsEmptyAndWhitespaceOnlyValuesAndKeys() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("b", "2");
        p.put("empty", "");
        p.put("blank", " \t");
        p.put("ideographic_space", "\u3000"); // Character.isWhitespace: skipped
        p.put("nbsp", "\u00a0");              // not Java whitespace: kept
        p.put(" ", "key is blank");
        p.put("a", " 1 ");                   // surrounding spaces kept verbatim
        p.put("nullvalue", null);
        assertEquals("a= 1 &b=2&nbsp=\u00a0", AlipaySignContent.of(p));
        assertEquals(SdkOracle.sdkContent(p), AlipaySignContent.of(p));
    }

    @Test
    void sortsByJavaStringOrderNotAlphabetically() {
        Map<String, String> p = new HashMap<>();
        p.put("a_b", "1");
        p.put("aB", "2");
        p.put("ab", "3");
        p.put("B", "4");
        p.put("a", "5");
        assertEquals("B=4&a=5&aB=2&a_b=1&ab=3", AlipaySignContent.of(p));
        assertEquals(SdkOracle.sdkContent(p), AlipaySignContent.of(p));
    }

    @Test
    void signAndSignTypeAreExcludedButLookalikesAreNot() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sign", "x");
        p.put("sign_type", "RSA2");
        p.put("Sign", "y");
        p.put("alipay_cert_sn", "abc");
        assertEquals("Sign=y&alipay_cert_sn=abc", AlipaySignContent.of(p));
    }
}
