package com.ledgerbridge.simulators;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Plays Alipay: builds trade notifications as Alipay documents them and signs them with the official
 * Alipay SDK (test scope only), using a key pair made for the test run. Our side gets the public half
 * as "Alipay's public key".
 */
public final class AlipaySimulator {

    public static final String APP_ID = "2021000000000001";
    public static final String SELLER_ID = "2088000000000001";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String privateKey;
    private final String publicKey;

    public AlipaySimulator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            privateKey = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
            publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String publicKey() {
        return publicKey;
    }

    /** A TRADE_SUCCESS notification as Alipay sends it for a paid trade (unsigned). */
    public Map<String, String> paymentNotification(String outTradeNo, String totalAmount, String charset) {
        String now = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(TIME);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("gmt_create", now);
        p.put("charset", charset);
        p.put("seller_email", "merchant@example.com");
        p.put("subject", "发票 " + outTradeNo);
        p.put("buyer_id", "2088102177846880");
        p.put("invoice_amount", totalAmount);
        p.put("notify_id", UUID.randomUUID().toString().replace("-", ""));
        p.put("fund_bill_list", "[{\"amount\":\"" + totalAmount + "\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
        p.put("notify_type", "trade_status_sync");
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("receipt_amount", totalAmount);
        p.put("app_id", APP_ID);
        p.put("buyer_pay_amount", totalAmount);
        p.put("seller_id", SELLER_ID);
        p.put("gmt_payment", now);
        p.put("notify_time", now);
        p.put("version", "1.0");
        p.put("out_trade_no", outTradeNo);
        p.put("total_amount", totalAmount);
        p.put("trade_no", "2026" + Math.abs(UUID.randomUUID().getMostSignificantBits()));
        p.put("buyer_logon_id", "159****5620");
        p.put("point_amount", "0.00");
        return p;
    }

    /** Signs with the official SDK: RSA2 over the V1 content, in the notification's charset. */
    public Map<String, String> signed(Map<String, String> params) {
        try {
            String content = AlipaySignature.getSignCheckContentV1(new LinkedHashMap<>(params));
            String sign = AlipaySignature.rsaSign(content, privateKey, params.get("charset"), "RSA2");
            Map<String, String> signed = new LinkedHashMap<>(params);
            signed.put("sign", sign);
            signed.put("sign_type", "RSA2");
            return signed;
        } catch (AlipayApiException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The form body, percent-encoded in the notification's own charset, as Alipay posts it. */
    public static String formBody(Map<String, String> params) {
        Charset charset = Charset.forName(params.get("charset"));
        StringJoiner body = new StringJoiner("&");
        params.forEach((k, v) -> body.add(URLEncoder.encode(k, charset) + "=" + URLEncoder.encode(v, charset)));
        return body.toString();
    }
}
