package com.ledgerbridge.gateway.wechatpay;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventKeys;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.gateway.WebhookVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;

/**
 * Reads a WeChat Pay notification whose signature has been verified: the envelope, the decrypted resource, and the
 * payment events it reports.
 * <ul>
 * <li>{@code TRANSACTION.SUCCESS} (trade_state SUCCESS): a PAYMENT of {@code amount.total} fen, keyed by
 * {@code transaction_id}; mchid and appid must be ours.</li>
 * <li>{@code REFUND.SUCCESS}: a REFUND of {@code amount.refund} fen named by {@code refund_id}, and the PAYMENT of
 * {@code amount.total} it implies (its key collapses with the payment's own, so a refund arriving first still books
 * both; that implied payment carries the refund's time, the only time the notification gives); mchid must be ours.
 * </li>
 * <li>{@code REFUND.ABNORMAL}, {@code REFUND.CLOSED}: genuine, but no money moved; acknowledged without events.</li>
 * <li>any other event type: acknowledged without events (and without decrypting).</li>
 * </ul>
 * Amounts are integer minor units (fen) converted at this edge with {@link Money#ofMinor}; {@code amount.currency}
 * defaults to CNY where the notification leaves it out (the refund notification documents no currency). Thread-safe.
 */
final class WechatPayNotificationReader {

    static final String GATEWAY = "wechatpay";
    static final String TRANSACTION_SUCCESS = "TRANSACTION.SUCCESS";
    static final String REFUND_SUCCESS = "REFUND.SUCCESS";
    static final String REFUND_ABNORMAL = "REFUND.ABNORMAL";
    static final String REFUND_CLOSED = "REFUND.CLOSED";

    private static final Currency CNY = Currency.getInstance("CNY");
    // a key twice in a signed body could be read one way by us and another by a person or another tool
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final WechatPayResourceCipher cipher;
    private final String mchId;
    private final String appId;

    WechatPayNotificationReader(WechatPayResourceCipher cipher, String mchId, String appId) {
        this.cipher = cipher;
        this.mchId = mchId;
        this.appId = appId;
    }

    /**
     * The notification's events.
     *
     * @throws WechatPayRejection when its content cannot be accepted (with what it said about itself)
     */
    WebhookVerdict.Accepted read(byte[] body) {
        JsonNode envelope = parse(body, "the body");
        String id = text(envelope, "id", WechatPayRejection.MALFORMED_BODY, "");
        String eventType = text(envelope, "event_type", WechatPayRejection.MALFORMED_BODY, "");
        String raw = new String(body, StandardCharsets.UTF_8);
        WechatPayRejection.Ids ids = new WechatPayRejection.Ids(id, null, null);
        try {
            return switch (eventType) {
                case TRANSACTION_SUCCESS -> payment(id, decrypted(envelope), raw);
                case REFUND_SUCCESS -> refund(id, decrypted(envelope), raw);
                case REFUND_ABNORMAL, REFUND_CLOSED -> refundWithoutMoney(id, decrypted(envelope), raw);
                default -> new WebhookVerdict.Accepted(id, null, List.of(), raw);
            };
        } catch (WechatPayRejection e) {
            throw e.ids() == WechatPayRejection.Ids.NONE ? e.about(ids) : e;
        }
    }

    private WebhookVerdict.Accepted payment(String id, JsonNode tx, String raw) {
        WechatPayRejection.Ids ids = new WechatPayRejection.Ids(id, optionalText(tx, "out_trade_no"),
                optionalText(tx, "transaction_id"));
        try {
            ourMerchant(tx);
            String app = text(tx, "appid", WechatPayRejection.MISSING_FIELD, "");
            if (!app.equals(appId)) {
                throw new WechatPayRejection(WechatPayRejection.FOREIGN_APP, "appid " + app + " is not ours");
            }
            String transactionId = text(tx, "transaction_id", WechatPayRejection.MISSING_FIELD, "");
            String outTradeNo = text(tx, "out_trade_no", WechatPayRejection.MISSING_FIELD, "");
            String state = text(tx, "trade_state", WechatPayRejection.MISSING_FIELD, "");
            if (!"SUCCESS".equals(state)) {
                throw new WechatPayRejection(WechatPayRejection.UNEXPECTED_STATE, TRANSACTION_SUCCESS
                        + " with trade_state " + state);
            }
            JsonNode amount = object(tx, "amount");
            Currency currency = currency(amount);
            Money total = Money.ofMinor(fen(amount, "total"), currency);
            Instant paidAt = time(tx, "success_time");
            String openId = optionalText(tx.path("payer"), "openid");
            // attach is the merchant's own text, returned as sent: matching looks for invoice numbers in it
            PaymentEvent event = new PaymentEvent(GATEWAY, PaymentEventKeys.payment(transactionId),
                    PaymentEventType.PAYMENT, transactionId, outTradeNo, total, paidAt, openId)
                    .withMemo(optionalText(tx, "attach"));
            return new WebhookVerdict.Accepted(id, outTradeNo, List.of(event), raw);
        } catch (WechatPayRejection e) {
            throw e.about(ids);
        }
    }

    private WebhookVerdict.Accepted refund(String id, JsonNode refund, String raw) {
        WechatPayRejection.Ids ids = new WechatPayRejection.Ids(id, optionalText(refund, "out_trade_no"),
                optionalText(refund, "transaction_id"));
        try {
            ourMerchant(refund);
            String transactionId = text(refund, "transaction_id", WechatPayRejection.MISSING_FIELD, "");
            String outTradeNo = text(refund, "out_trade_no", WechatPayRejection.MISSING_FIELD, "");
            String refundId = text(refund, "refund_id", WechatPayRejection.MISSING_FIELD, "");
            String status = text(refund, "refund_status", WechatPayRejection.MISSING_FIELD, "");
            if (!"SUCCESS".equals(status)) {
                throw new WechatPayRejection(WechatPayRejection.UNEXPECTED_STATE, REFUND_SUCCESS
                        + " with refund_status " + status);
            }
            JsonNode amount = object(refund, "amount");
            Currency currency = currency(amount);
            long totalFen = fen(amount, "total");
            long refundFen = fen(amount, "refund");
            if (refundFen > totalFen) {
                throw new WechatPayRejection(WechatPayRejection.INVALID_AMOUNT, "amount.refund " + refundFen
                        + " exceeds amount.total " + totalFen);
            }
            Instant refundedAt = time(refund, "success_time");
            PaymentEvent refunded = new PaymentEvent(GATEWAY, PaymentEventKeys.refund(transactionId, refundId),
                    PaymentEventType.REFUND, transactionId, outTradeNo, Money.ofMinor(refundFen, currency), refundedAt,
                    null, refundId);
            PaymentEvent paid = new PaymentEvent(GATEWAY, PaymentEventKeys.payment(transactionId),
                    PaymentEventType.PAYMENT, transactionId, outTradeNo, Money.ofMinor(totalFen, currency), refundedAt,
                    null);
            return new WebhookVerdict.Accepted(id, outTradeNo, List.of(refunded, paid), raw);
        } catch (WechatPayRejection e) {
            throw e.about(ids);
        }
    }

    private WebhookVerdict.Accepted refundWithoutMoney(String id, JsonNode refund, String raw) {
        String outTradeNo = optionalText(refund, "out_trade_no");
        try {
            ourMerchant(refund);
        } catch (WechatPayRejection e) {
            throw e.about(new WechatPayRejection.Ids(id, outTradeNo, optionalText(refund, "transaction_id")));
        }
        return new WebhookVerdict.Accepted(id, outTradeNo, List.of(), raw);
    }

    private void ourMerchant(JsonNode resource) {
        String mchid = text(resource, "mchid", WechatPayRejection.MISSING_FIELD, "");
        if (!mchid.equals(mchId)) {
            throw new WechatPayRejection(WechatPayRejection.FOREIGN_MERCHANT, "mchid " + mchid + " is not ours");
        }
    }

    /** The resource, decrypted and parsed. */
    private JsonNode decrypted(JsonNode envelope) {
        JsonNode resource = envelope.get("resource");
        if (resource == null || !resource.isObject()) {
            throw new WechatPayRejection(WechatPayRejection.MISSING_RESOURCE, "no resource object");
        }
        String algorithm = text(resource, "algorithm", WechatPayRejection.MISSING_RESOURCE, "resource.");
        if (!WechatPayResourceCipher.ALGORITHM.equals(algorithm)) {
            throw new WechatPayRejection(WechatPayRejection.UNSUPPORTED_ALGORITHM, "resource.algorithm " + algorithm);
        }
        String ciphertext = text(resource, "ciphertext", WechatPayRejection.MISSING_RESOURCE, "resource.");
        String nonce = text(resource, "nonce", WechatPayRejection.MISSING_RESOURCE, "resource.");
        JsonNode associatedData = resource.get("associated_data");
        if (associatedData == null || associatedData.isNull()) {
            // it takes part in the tag check: guessing "" or "transaction" would be a guess
            throw new WechatPayRejection(WechatPayRejection.MISSING_ASSOCIATED_DATA, "resource.associated_data is absent");
        }
        if (!associatedData.isTextual()) {
            throw new WechatPayRejection(WechatPayRejection.MISSING_RESOURCE, "resource.associated_data is not text");
        }
        String plaintext = cipher.decrypt(associatedData.textValue(), nonce, ciphertext);
        return parse(plaintext.getBytes(StandardCharsets.UTF_8), "the decrypted resource");
    }

    private static JsonNode parse(byte[] json, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new WechatPayRejection(WechatPayRejection.MALFORMED_BODY, what + " is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new WechatPayRejection(WechatPayRejection.MALFORMED_BODY, what + " could not be read");
        }
        if (node == null || !node.isObject()) {
            throw new WechatPayRejection(WechatPayRejection.MALFORMED_BODY, what + " is not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node, String field, String reason, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new WechatPayRejection(reason, path + field + " is missing, empty or not text");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }

    private static JsonNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new WechatPayRejection(WechatPayRejection.MISSING_FIELD, field + " is missing or not an object");
        }
        return value;
    }

    private static long fen(JsonNode amount, String field) {
        JsonNode value = amount.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new WechatPayRejection(WechatPayRejection.INVALID_AMOUNT, "amount." + field
                    + " is not a non-negative integer number of minor units");
        }
        return value.longValue();
    }

    private static Currency currency(JsonNode amount) {
        JsonNode value = amount.get("currency");
        if (value == null || value.isNull()) {
            return CNY;
        }
        if (!value.isTextual() || !value.textValue().matches("[A-Z]{3}")) {
            throw new WechatPayRejection(WechatPayRejection.INVALID_AMOUNT, "amount.currency is not an ISO 4217 code");
        }
        try {
            Currency currency = Currency.getInstance(value.textValue());
            if (currency.getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException("no minor unit");
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw new WechatPayRejection(WechatPayRejection.INVALID_AMOUNT, "amount.currency " + value.textValue()
                    + " is not a money currency");
        }
    }

    private static Instant time(JsonNode node, String field) {
        String text = text(node, field, WechatPayRejection.MISSING_FIELD, "");
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new WechatPayRejection(WechatPayRejection.INVALID_TIME, field + " " + text
                    + " is not RFC 3339 with an offset");
        }
    }
}
