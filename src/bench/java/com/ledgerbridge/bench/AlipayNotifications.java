package com.ledgerbridge.bench;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Alipay TRADE_SUCCESS notifications as Alipay sends them (form-encoded, UTF-8), signed RSA2 with the official
 * SDK ({@code AlipaySignature.rsaSign} over {@code getSignCheckContentV1}) using the sandbox private key that
 * stands in for Alipay's (config/sandbox/). Made before any timing starts.
 */
final class AlipayNotifications implements GatewayNotifications {

    private static final DateTimeFormatter ALIPAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String privateKey;

    AlipayNotifications(Path privateKeyPem) {
        try {
            privateKey = pemBody(Files.readString(privateKeyPem, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox private key " + privateKeyPem, e);
        }
    }

    /** The base64 inside a PEM, as the SDK takes keys. */
    static String pemBody(String pem) {
        StringBuilder b = new StringBuilder();
        for (String line : pem.split("\\R")) {
            if (!line.startsWith("-----")) {
                b.append(line.strip());
            }
        }
        return b.toString();
    }

    private static final Map<String, String> FORM = Map.of("Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8");

    @Override
    public String gateway() {
        return "alipay";
    }

    @Override
    public Batch batch(int batchNo, int count) {
        return Batch.withDuplicates(batchNo, count, i -> new Request(signedBody(batchNo, i), FORM));
    }

    @Override
    public boolean success(int status, String body) {
        return status == 200 && "success".equals(body);
    }

    @Override
    public Map<String, String> appPlaceholders() {
        return Map.of();
    }

    private byte[] signedBody(int batchNo, int i) {
        String now = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(ALIPAY_TIME);
        String invoice = String.format(Locale.ROOT, "BENCH-WH-%02d-%07d", batchNo, i);
        String amount = String.format(Locale.ROOT, "%d.%02d", 100 + i % 5000, i % 100);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("notify_time", now);
        p.put("notify_type", "trade_status_sync");
        p.put("notify_id", String.format(Locale.ROOT, "benchnotify%02d%010d", batchNo, i));
        p.put("app_id", AppContract.ALIPAY_APP_ID);
        p.put("charset", "utf-8");
        p.put("version", "1.0");
        p.put("trade_no", String.format(Locale.ROOT, "2026%02d%022d", batchNo, i));
        p.put("out_trade_no", invoice);
        p.put("buyer_id", String.format(Locale.ROOT, "2088%012d", i % 100000));
        p.put("seller_id", AppContract.ALIPAY_SELLER_ID);
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("total_amount", amount);
        p.put("receipt_amount", amount);
        p.put("buyer_pay_amount", amount);
        p.put("subject", "发票 " + invoice);
        p.put("gmt_create", now);
        p.put("gmt_payment", now);
        try {
            String content = AlipaySignature.getSignCheckContentV1(new LinkedHashMap<>(p));
            p.put("sign", AlipaySignature.rsaSign(content, privateKey, "utf-8", "RSA2"));
            p.put("sign_type", "RSA2");
        } catch (AlipayApiException e) {
            throw new IllegalStateException("the Alipay SDK could not sign: " + e.getMessage(), e);
        }
        StringJoiner body = new StringJoiner("&");
        p.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
