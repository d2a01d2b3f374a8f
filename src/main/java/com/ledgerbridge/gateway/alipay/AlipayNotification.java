package com.ledgerbridge.gateway.alipay;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Typed view of a decoded Alipay trade notification ({@code notify_type=trade_status_sync}). Optional fields
 * are {@code null} when absent or blank. Amounts are yuan with the scale Alipay sent ({@code "2.00"} has
 * scale 2); times are instants converted from Beijing time. {@code params} keeps every decoded parameter,
 * including {@code sign}, in body order (unmodifiable).
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
}
