package com.ledgerbridge.gateway.alipay;

import static com.ledgerbridge.gateway.alipay.SdkOracle.ALIPAY_PUBLIC_KEY;
import static com.ledgerbridge.gateway.alipay.SdkOracle.sdkSigned;
import static com.ledgerbridge.gateway.alipay.SdkOracle.sdkVerify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;

/** Example-based agreement between our verifier and the official SDK's rsaCheckV1. */
class AlipaySignatureVerifierTest {

    private final AlipaySignatureVerifier verifier = new AlipaySignatureVerifier(ALIPAY_PUBLIC_KEY);

    static Map<String, String> utf8Notification() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("gmt_create", "2026-11-22 10:00:00");
        p.put("charset", "utf-8");
        p.put("seller_email", "merchant@example.com");
        p.put("subject", "发票 INV-2026-0042");
        p.put("buyer_id", "2088102177846880");
        p.put("invoice_amount", "88.88");
        p.put("notify_id", "2026112200222100000012345678901234");
        p.put("fund_bill_list", "[{\"amount\":\"88.88\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
        p.put("notify_type", "trade_status_sync");
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("receipt_amount", "88.88");
        p.put("app_id", "2021000000000001");
        p.put("buyer_pay_amount", "88.88");
        p.put("notify_time", "2026-11-22 10:00:05");
        p.put("gmt_payment", "2026-11-22 10:00:04");
        p.put("passback_params", "%7B%22invoice%22%3A%22INV-2026-0042%22%7D");
        p.put("seller_id", "2088102177000000");
        p.put("total_amount", "88.88");
        p.put("trade_no", "2026112222001400000000000001");
        p.put("out_trade_no", "LB-INV-2026-0042");
        p.put("version", "1.0");
        return p;
    }

    /** Asserts the SDK and our verifier both give {@code expected}. */
    private SignatureCheck assertBoth(boolean expected, Map<String, String> params) {
        assertEquals(expected, sdkVerify(params), "SDK verdict");
        SignatureCheck ours = verifier.verify(params);
        assertEquals(expected, ours.valid(), () -> "our verdict, reason " + ours.reason());
        return ours;
    }

    @Test
    void validUtf8NotificationSignedBySdk() {
        SignatureCheck check = assertBoth(true, sdkSigned(utf8Notification(), "RSA2"));
        assertEquals(SignatureCheck.OK, check.reason());
    }

    @Test
    void tamperedAmountIsRejected() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2");
        p.put("total_amount", "8.88");
        assertEquals(SignatureCheck.SIGNATURE_MISMATCH, assertBoth(false, p).reason());
    }

    @Test
    void addedFieldIsRejected() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2");
        p.put("refund_fee", "88.88");
        assertBoth(false, p);
    }

    @Test
    void removedFieldIsRejected() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2");
        p.remove("seller_id");
        assertBoth(false, p);
    }

    @Test
    void fieldOrderDoesNotMatter() {
        Map<String, String> signed = sdkSigned(utf8Notification(), "RSA2");
        List<String> keys = new ArrayList<>(signed.keySet());
        Collections.reverse(keys);
        Map<String, String> reordered = new LinkedHashMap<>();
        keys.forEach(k -> reordered.put(k, signed.get(k)));
        assertBoth(true, reordered);
    }

    @Test
    void emptyAndWhitespaceOnlyValuesAreNotSigned() {
        Map<String, String> p = utf8Notification();
        p.put("body", "");
        p.put("out_biz_no", "   ");
        Map<String, String> signed = sdkSigned(p, "RSA2");
        assertBoth(true, signed);

        // so they can be added, dropped or changed to other blanks without breaking the signature...
        Map<String, String> blanksChanged = new LinkedHashMap<>(signed);
        blanksChanged.remove("body");
        blanksChanged.put("out_biz_no", "\t");
        blanksChanged.put("voucher_detail_list", "\u3000");
        assertBoth(true, blanksChanged);

        // ...but giving one of them content does break it
        Map<String, String> filled = new LinkedHashMap<>(signed);
        filled.put("out_biz_no", "R1");
        assertBoth(false, filled);
    }

    @Test
    void gbkNotificationWithChineseSubjectFromRawBody() {
        Charset gbk = Charset.forName("GBK");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("subject", "大乐透2.1 测试商品");
        p.put("body", "购买彩票 + 手续费 = ￥2.00");
        p.put("charset", "GBK");
        p.put("notify_id", "n-gbk-1");
        p.put("app_id", "2021000000000001");
        p.put("trade_no", "2026112222001400000000000002");
        p.put("out_trade_no", "LB-GBK-1");
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("total_amount", "2.00");
        Map<String, String> signed = sdkSigned(p, "RSA2");

        // the raw body as Alipay posts it: every value percent-encoded in GBK (built here without our encoder)
        StringJoiner raw = new StringJoiner("&");
        signed.forEach((k, v) -> raw.add(URLEncoder.encode(k, gbk) + "=" + URLEncoder.encode(v, gbk)));
        byte[] body = raw.toString().getBytes(StandardCharsets.US_ASCII);

        Map<String, String> decoded = AlipayFormBody.decode(body);
        assertEquals(signed, decoded);
        assertBoth(true, decoded);

        // the classic bug: the same values read as UTF-8 (mojibake) no longer verify, for either implementation
        Map<String, String> mojibake = new LinkedHashMap<>(decoded);
        mojibake.put("subject", new String(decoded.get("subject").getBytes(gbk), StandardCharsets.ISO_8859_1));
        assertBoth(false, mojibake);
    }

    @Test
    void rsaSha1SignTypeIsVerifiedWithSha1() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA");
        assertBoth(true, p);
        Map<String, String> claimsRsa2 = new LinkedHashMap<>(p);
        claimsRsa2.put("sign_type", "RSA2");
        assertBoth(false, claimsRsa2);
    }

    @Test
    void wrongKeyIsRejected() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2", SdkOracle.privateKey(SdkOracle.OTHER_KEYS));
        assertEquals(SignatureCheck.SIGNATURE_MISMATCH, assertBoth(false, p).reason());
        // and the right key accepts it
        AlipaySignatureVerifier other = new AlipaySignatureVerifier(SdkOracle.publicKey(SdkOracle.OTHER_KEYS));
        assertTrue(other.verify(p).valid());
    }

    @Test
    void missingEmptyAndGarbageSignAreRejectedWithReason() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2");
        Map<String, String> noSign = new LinkedHashMap<>(p);
        noSign.remove("sign");
        assertEquals(SignatureCheck.MISSING_SIGN, assertBoth(false, noSign).reason());
        noSign.put("sign", " ");
        assertEquals(SignatureCheck.MISSING_SIGN, assertBoth(false, noSign).reason());
        noSign.put("sign", "not*base64!");
        assertEquals(SignatureCheck.MALFORMED_SIGN, assertBoth(false, noSign).reason());
        noSign.put("sign", "签名");
        assertEquals(SignatureCheck.MALFORMED_SIGN, assertBoth(false, noSign).reason());
    }

    @Test
    void signTypeMustBeExactlyRsa2OrRsa() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2");
        for (String bad : new String[] {"rsa2", "RSA256", "SM2", "", " RSA2"}) {
            Map<String, String> q = new LinkedHashMap<>(p);
            q.put("sign_type", bad);
            assertEquals(SignatureCheck.UNSUPPORTED_SIGN_TYPE, assertBoth(false, q).reason(), bad);
        }
        Map<String, String> q = new LinkedHashMap<>(p);
        q.remove("sign_type");
        assertEquals(SignatureCheck.UNSUPPORTED_SIGN_TYPE, assertBoth(false, q).reason());
    }

    @Test
    void unknownCharsetIsRejected() {
        Map<String, String> p = utf8Notification();
        p.put("charset", "no-such-charset");
        p.put("sign", "AAAA");
        p.put("sign_type", "RSA2");
        assertEquals(SignatureCheck.UNSUPPORTED_CHARSET, assertBoth(false, p).reason());
    }

    @Test
    void signWrappedOnSeveralLinesIsAcceptedLikeTheSdkDoes() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2");
        String sign = p.get("sign");
        p.put("sign", sign.substring(0, 76) + "\r\n" + sign.substring(76, 200) + " " + sign.substring(200));
        assertBoth(true, p);
    }

    @Test
    void unpaddedSignIsRejectedLikeTheSdkDoes() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2");
        String sign = p.get("sign");
        assertTrue(sign.endsWith("=="), "2048-bit signature base64 ends with ==");
        p.put("sign", sign.substring(0, sign.length() - 2));
        assertBoth(false, p);
    }

    @Test
    void callersMapIsNotModified() {
        Map<String, String> p = sdkSigned(utf8Notification(), "RSA2");
        Map<String, String> before = new LinkedHashMap<>(p);
        assertTrue(verifier.verify(p).valid());
        assertEquals(before, p);
        assertTrue(verifier.verify(Collections.unmodifiableMap(p)).valid());
    }

    @Test
    void neverThrowsOnOddInput() {
        assertEquals(SignatureCheck.NO_PARAMETERS, verifier.verify(null).reason());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sign_type", "RSA2");
        p.put("sign", "AAAA");
        assertEquals(SignatureCheck.EMPTY_CONTENT, verifier.verify(p).reason());
        p.put(null, "x");
        p.put("k", null);
        assertFalse(verifier.verify(p).valid());
    }

    @Test
    void acceptsPemPublicKeyAndRejectsGarbage() {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + ALIPAY_PUBLIC_KEY.replaceAll("(.{64})", "$1\n")
                + "\n-----END PUBLIC KEY-----\n";
        assertTrue(new AlipaySignatureVerifier(pem).verify(sdkSigned(utf8Notification(), "RSA2")).valid());
        assertThrows(IllegalArgumentException.class, () -> new AlipaySignatureVerifier("not a key"));
        assertThrows(IllegalArgumentException.class, () -> new AlipaySignatureVerifier(""));
        assertThrows(IllegalArgumentException.class, () -> new AlipaySignatureVerifier(SdkOracle.ALIPAY_PRIVATE_KEY));
    }
}
