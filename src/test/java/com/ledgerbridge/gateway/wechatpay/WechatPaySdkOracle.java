package com.ledgerbridge.gateway.wechatpay;

import com.ledgerbridge.gateway.WebhookRequest;
import com.ledgerbridge.simulators.WechatPayNotifier;
import com.ledgerbridge.simulators.WechatPayNotifier.Notification;
import com.wechat.pay.java.core.notification.NotificationConfig;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSANotificationConfig;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The official wechatpay-java SDK as the oracle for our notification handling, and our gateway configured the same
 * way. The SDK is called as its README tells merchants to: a {@link RequestParam} from the five headers and the body
 * text, then {@link NotificationParser#parse}. Any exception it throws is its refusal.
 */
final class WechatPaySdkOracle {

    static final Instant NOW = Instant.parse("2026-01-16T14:44:05Z");

    private WechatPaySdkOracle() {
    }

    /** What the SDK made of a notification: the parsed resource, or the exception that refused it. */
    record Sdk<T>(T parsed, RuntimeException refusal) {

        boolean accepted() {
            return refusal == null;
        }
    }

    /** The SDK in public-key mode (our test WeChat Pay public key and APIv3 key). */
    static NotificationParser publicKeyParser() {
        return new NotificationParser(publicKeyConfig());
    }

    static NotificationConfig publicKeyConfig() {
        return new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(WechatPayNotifier.publicKeyPair().getPublic())
                .publicKeyId(WechatPayNotifier.PUBLIC_KEY_ID)
                .apiV3Key(WechatPayNotifier.API_V3_KEY)
                .build();
    }

    /** The SDK in platform-certificate mode (our test certificate). */
    @SuppressWarnings("deprecation") // the non-downloading certificate config is the one that takes given certificates
    static NotificationParser certificateParser() {
        return new NotificationParser(new RSANotificationConfig.Builder()
                .certificates(WechatPayNotifier.certificate().certificate())
                .apiV3Key(WechatPayNotifier.API_V3_KEY)
                .build());
    }

    static <T> Sdk<T> parse(NotificationParser parser, Notification n, Class<T> type) {
        RequestParam param = new RequestParam.Builder()
                .serialNumber(n.header("Wechatpay-Serial"))
                .nonce(n.header("Wechatpay-Nonce"))
                .signature(n.header("Wechatpay-Signature"))
                .timestamp(n.header("Wechatpay-Timestamp"))
                .signType(n.header("Wechatpay-Signature-Type"))
                .body(n.bodyText())
                .build();
        try {
            return new Sdk<>(parser.parse(param, type), null);
        } catch (RuntimeException e) {
            return new Sdk<>(null, e);
        }
    }

    static WechatPayProperties publicKeyProperties() {
        return properties(WechatPayNotifier.PUBLIC_KEY_ID, WechatPayNotifier.publicKeyPem(), List.of());
    }

    static WechatPayProperties certificateProperties() {
        return properties(null, null, List.of(WechatPayNotifier.certificate().pem()));
    }

    static WechatPayProperties properties(String publicKeyId, String publicKey, List<String> certificates) {
        return new WechatPayProperties(true, WechatPayNotifier.MCH_ID, WechatPayNotifier.APP_ID,
                WechatPayNotifier.API_V3_KEY, publicKeyId, publicKey, certificates, Duration.ofSeconds(300), null);
    }

    static WechatPayGateway gateway(WechatPayProperties properties) {
        return new WechatPayGateway(properties, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static WebhookRequest request(Notification n) {
        return new WebhookRequest(n.body(), n.headers());
    }
}
