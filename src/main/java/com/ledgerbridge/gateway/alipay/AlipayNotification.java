package com.ledgerbridge.gateway.alipay;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Typed view of a decoded Alipay trade notification ({@code notify_type=trade_status_sync}). Optional fields
 * are {@code null} when absent or blank. Amounts are yuan with the scale Alipay sent ({@code "2.00"} has
 * scale 2); times are instants converted from Beijing time. {@code params} keeps every decoded parameter,
 * including {@code sign}, in body order (unmodifiable), exactly as they were signed.
 */
public record AlipayNotification(
        String notifyId,
        String notifyType,
        Instant notifyTime,
        String appId,
        String sellerId,
        String tradeNo,
        String outTradeNo,
        String outBizNo,
        AlipayTradeStatus tradeStatus,
        BigDecimal totalAmount,
        BigDecimal receiptAmount,
        BigDecimal buyerPayAmount,
        BigDecimal refundFee,
        Instant gmtCreate,
        Instant gmtPayment,
        Instant gmtRefund,
        Instant gmtClose,
        Map<String, String> params) {

    public AlipayNotification {
        Objects.requireNonNull(notifyId, "notifyId");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(tradeNo, "tradeNo");
        Objects.requireNonNull(outTradeNo, "outTradeNo");
        Objects.requireNonNull(tradeStatus, "tradeStatus");
        Objects.requireNonNull(totalAmount, "totalAmount");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
    }

    /**
     * The merchant's {@code passback_params} as the merchant passed it when creating the trade, or null when
     * absent. The merchant had to percent-encode it, and Alipay sends (and signs) it still percent-encoded after
     * the form decoding; here it is decoded exactly once more, in the notification's charset. A value that is not
     * valid percent-encoding (a merchant who did not encode it) is returned as sent.
     */
    public String passbackParams() {
        String raw = params.get("passback_params");
        if (AlipaySignContent.isEmpty(raw)) {
            return null;
        }
        Charset charset;
        try {
            charset = AlipayFormBody.resolveCharset(params.get(AlipayFormBody.CHARSET_PARAM));
        } catch (InvalidNotificationException e) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw, charset);
        } catch (IllegalArgumentException notEncoded) {
            return raw;
        }
    }
}
