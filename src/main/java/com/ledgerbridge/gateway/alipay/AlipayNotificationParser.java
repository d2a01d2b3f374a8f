package com.ledgerbridge.gateway.alipay;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.ledgerbridge.gateway.alipay.InvalidNotificationException.Reason;

/**
 * Builds an {@link AlipayNotification} from decoded (and, by the caller, signature-checked) parameters.
 *
 * <p>Required: {@code notify_id}, {@code app_id}, {@code trade_no}, {@code out_trade_no}, {@code trade_status},
 * {@code total_amount}. A value that is empty or whitespace-only counts as absent, consistent with the
 * signature rule, which does not sign such values. Amounts must be plain decimals with at most two decimals
 * ({@code 0.01}); times are {@code yyyy-MM-dd HH:mm:ss} with optional fractional seconds ({@code gmt_refund}
 * carries {@code .320}) in Beijing time, converted with {@code Asia/Shanghai}. Values are not trimmed.
 */
public final class AlipayNotificationParser {

    /** Alipay's times are Beijing time without an offset. */
    public static final ZoneId ALIPAY_ZONE = ZoneId.of("Asia/Shanghai");

    private static final Pattern AMOUNT = Pattern.compile("[0-9]+(\\.[0-9]{1,2})?");
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    private AlipayNotificationParser() {
    }

    /** @throws InvalidNotificationException naming the field that is missing or malformed */
    public static AlipayNotification parse(Map<String, String> params) {
        Objects.requireNonNull(params, "params");
        return new AlipayNotification(
                required(params, "notify_id"),
                optional(params, "notify_type"),
                time(params, "notify_time"),
                required(params, "app_id"),
                optional(params, "seller_id"),
                required(params, "trade_no"),
                required(params, "out_trade_no"),
                optional(params, "out_biz_no"),
                tradeStatus(required(params, "trade_status")),
                amount("total_amount", required(params, "total_amount")),
                amount("receipt_amount", optional(params, "receipt_amount")),
                amount("buyer_pay_amount", optional(params, "buyer_pay_amount")),
                amount("refund_fee", optional(params, "refund_fee")),
                time(params, "gmt_create"),
                time(params, "gmt_payment"),
                time(params, "gmt_refund"),
                time(params, "gmt_close"),
                params);
    }

    /** Parses an Alipay time ({@code yyyy-MM-dd HH:mm:ss[.fraction]}, Beijing time). */
    public static Instant parseTime(String text) {
        return LocalDateTime.parse(text, TIME).atZone(ALIPAY_ZONE).toInstant();
    }

    /** Parses an Alipay yuan amount exactly, keeping its scale; null when the text is not such an amount. */
    public static BigDecimal parseAmount(String text) {
        return text != null && AMOUNT.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    private static String required(Map<String, String> params, String field) {
        String value = optional(params, field);
        if (value == null) {
            throw new InvalidNotificationException(Reason.MISSING_FIELD, field, "required parameter is missing");
        }
        return value;
    }

    private static String optional(Map<String, String> params, String field) {
        String value = params.get(field);
        return AlipaySignContent.isEmpty(value) ? null : value;
    }

    private static AlipayTradeStatus tradeStatus(String value) {
        for (AlipayTradeStatus status : AlipayTradeStatus.values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        throw new InvalidNotificationException(Reason.INVALID_TRADE_STATUS, "trade_status",
                "unknown trade status '" + abbreviate(value) + "'");
    }

    private static BigDecimal amount(String field, String value) {
        if (value == null) {
            return null;
        }
        BigDecimal amount = parseAmount(value);
        if (amount == null) {
            throw new InvalidNotificationException(Reason.INVALID_AMOUNT, field,
                    "'" + abbreviate(value) + "' is not a yuan amount with at most 2 decimals");
        }
        return amount;
    }

    private static Instant time(Map<String, String> params, String field) {
        String value = optional(params, field);
        if (value == null) {
            return null;
        }
        try {
            return parseTime(value);
        } catch (DateTimeParseException e) {
            throw new InvalidNotificationException(Reason.INVALID_TIME, field,
                    "'" + abbreviate(value) + "' is not yyyy-MM-dd HH:mm:ss[.S]");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
