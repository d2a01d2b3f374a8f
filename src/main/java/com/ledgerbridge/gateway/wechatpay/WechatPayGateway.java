package com.ledgerbridge.gateway.wechatpay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.gateway.PaymentGateway;
import com.ledgerbridge.gateway.WebhookAnswer;
import com.ledgerbridge.gateway.WebhookOutcome;
import com.ledgerbridge.gateway.WebhookRequest;
import com.ledgerbridge.gateway.WebhookVerdict;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * WeChat Pay API v3 notifications: verify the {@code Wechatpay-*} signature over the raw body (and our own
 * timestamp window), decrypt the resource with the APIv3 key, check it is for our merchant and app, and turn it into
 * payment events ({@link WechatPayNotificationReader}).
 *
 * <p>Answers, as WeChat Pay's contract wants them: every notification we hold (new or a duplicate) and every one
 * that moves no money is answered {@code 204} without a body. A refused one gets a 4xx with
 * {@code {"code":"FAIL","message":"<reason code>"}}: {@code 401} when the request does not prove it comes from
 * WeChat Pay (signature, serial, headers, timestamp window; as the official SDK's README answers), {@code 400} when a
 * genuine notification cannot be accepted (undecryptable, malformed, another merchant's). One we could not store
 * gets {@code 500} with the same JSON shape. WeChat Pay sends every non-2xx notification again (15 times over 24 h).
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.wechatpay", name = "enabled", havingValue = "true")
public class WechatPayGateway implements PaymentGateway {

    private static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebhookAnswer RECEIVED = WebhookAnswer.of(204, JSON_TYPE, "");
    private static final WebhookAnswer SEND_AGAIN = failure(500, "NOT_STORED");
    /** Reasons that mean the request is not proven to come from WeChat Pay: answered 401. */
    private static final Set<String> NOT_AUTHENTIC = Set.of(WechatPaySignatures.MISSING_HEADER,
            WechatPaySignatures.UNSUPPORTED_SIGNATURE_TYPE, WechatPaySignatures.UNKNOWN_SERIAL,
            WechatPaySignatures.SIGNATURE_PROBE, WechatPaySignatures.MALFORMED_SIGNATURE,
            WechatPaySignatures.SIGNATURE_MISMATCH, WechatPaySignatures.MALFORMED_TIMESTAMP,
            WechatPaySignatures.TIMESTAMP_OUT_OF_WINDOW, WechatPaySignatures.VERIFICATION_ERROR);

    private final WechatPaySignatures signatures;
    private final WechatPayNotificationReader reader;

    public WechatPayGateway(WechatPayProperties properties, Clock clock) {
        // keys are parsed once, here
        this.signatures = WechatPaySignatures.of(properties, clock);
        this.reader = new WechatPayNotificationReader(new WechatPayResourceCipher(properties.apiV3Key()),
                properties.mchId(), properties.appId());
    }

    @Override
    public String name() {
        return WechatPayNotificationReader.GATEWAY;
    }

    @Override
    public WebhookVerdict read(WebhookRequest request) {
        try {
            WechatPaySignatures.Check check = signatures.verify(new WechatPaySignatures.Signed(
                    request.header(WechatPaySignatures.TIMESTAMP), request.header(WechatPaySignatures.NONCE),
                    request.header(WechatPaySignatures.SIGNATURE), request.header(WechatPaySignatures.SERIAL),
                    request.header(WechatPaySignatures.SIGNATURE_TYPE_HEADER), request.body()));
            if (!check.valid()) {
                return new WebhookVerdict.Rejected(check.reason(), check.detail(), null, null, null);
            }
            return reader.read(request.body());
        } catch (WechatPayRejection e) {
            WechatPayRejection.Ids ids = e.ids();
            return new WebhookVerdict.Rejected(e.reason(), e.getMessage(), ids.notificationId(), ids.reference(),
                    ids.gatewayTradeId());
        } catch (RuntimeException e) {
            // whatever went wrong, an unverified notification is refused, never answered 500 as if it were ours
            return new WebhookVerdict.Rejected(WechatPaySignatures.VERIFICATION_ERROR,
                    "notification could not be read: " + e.getClass().getSimpleName(), null, null, null);
        }
    }

    @Override
    public WebhookAnswer answer(WebhookOutcome outcome) {
        return switch (outcome) {
            case NEW_EVENT, DUPLICATE, NO_MONEY_MOVED -> RECEIVED;
            case REJECTED -> failure(400, "REJECTED");
            case NOT_STORED -> SEND_AGAIN;
        };
    }

    @Override
    public WebhookAnswer answer(WebhookVerdict.Rejected rejected) {
        return failure(NOT_AUTHENTIC.contains(rejected.reason()) ? 401 : 400, rejected.reason());
    }

    private static WebhookAnswer failure(int status, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", "FAIL");
        body.put("message", message);
        try {
            return WebhookAnswer.of(status, JSON_TYPE, JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
