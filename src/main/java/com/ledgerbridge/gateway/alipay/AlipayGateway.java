package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.gateway.PaymentGateway;
import com.ledgerbridge.gateway.WebhookAnswer;
import com.ledgerbridge.gateway.WebhookOutcome;
import com.ledgerbridge.gateway.WebhookRequest;
import com.ledgerbridge.gateway.WebhookVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Alipay asynchronous trade notifications: decode the raw form body in its own charset, verify the RSA2
 * signature (with Alipay's public key, or in certificate mode with the certificate the notification names), check
 * it is for our app and seller and that its amounts agree, and turn it into the payment events it reports
 * ({@link AlipayPaymentEvents}: every trade status, refunds included).
 * Alipay sends a notification again until it reads exactly {@code success}, so every notification we hold
 * (new or a duplicate) and every one that moves no money is answered {@code success}; a refused one
 * {@code 400 failure}, and one we could not store {@code 500 failure}, so that it comes again.
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.alipay", name = "enabled", havingValue = "true")
public class AlipayGateway implements PaymentGateway {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final WebhookAnswer SUCCESS = WebhookAnswer.of(200, TEXT, "success");
    private static final WebhookAnswer REFUSED = WebhookAnswer.of(400, TEXT, "failure");
    private static final WebhookAnswer SEND_AGAIN = WebhookAnswer.of(500, TEXT, "failure");

    private final AlipayNotificationVerifier verifier;
    private final AlipayProperties properties;

    public AlipayGateway(AlipayProperties properties) {
        // keys and certificates are parsed once, here
        this.verifier = switch (properties.mode()) {
            case PUBLIC_KEY -> new AlipaySignatureVerifier(properties.publicKeyText());
            case CERTIFICATE -> new AlipayCertificateVerifier(properties.certificate().alipayCertificates(Instant.now()));
        };
        this.properties = properties;
    }

    @Override
    public String name() {
        return AlipayPaymentEvents.GATEWAY;
    }

    @Override
    public WebhookVerdict read(WebhookRequest request) {
        byte[] body = request.body();
        if (body.length == 0) {
            return reject("EMPTY_BODY", "no form body", Map.of());
        }
        Map<String, String> params;
        try {
            params = AlipayFormBody.decode(body);
        } catch (InvalidNotificationException e) {
            return reject(e.reason().name(), e.getMessage(), Map.of());
        }
        SignatureCheck signature = verifier.verify(params);
        if (!signature.valid()) {
            return reject(signature.reason(), "signature verification failed", params);
        }
        AlipayNotification notification;
        try {
            notification = AlipayNotificationParser.parse(params);
        } catch (InvalidNotificationException e) {
            return reject(e.reason().name(), e.getMessage(), params);
        }
        if (!notification.appId().equals(properties.appId())) {
            return reject("FOREIGN_APP_ID", "app_id " + notification.appId() + " is not ours", params);
        }
        if (notification.sellerId() != null && !notification.sellerId().equals(properties.sellerId())) {
            return reject("FOREIGN_SELLER_ID", "seller_id " + notification.sellerId() + " is not ours", params);
        }
        List<PaymentEvent> events;
        try {
            events = AlipayPaymentEvents.toPaymentEvents(notification);
        } catch (InvalidNotificationException e) {
            return reject(e.reason().name(), e.getMessage(), params);
        }
        // ISO-8859-1 maps each byte to one char, so the stored text gives back the exact bytes Alipay signed
        return new WebhookVerdict.Accepted(notification.notifyId(), notification.outTradeNo(), events,
                new String(body, StandardCharsets.ISO_8859_1));
    }

    @Override
    public WebhookAnswer answer(WebhookOutcome outcome) {
        return switch (outcome) {
            case NEW_EVENT, DUPLICATE, NO_MONEY_MOVED -> SUCCESS;
            case REJECTED -> REFUSED;
            case NOT_STORED -> SEND_AGAIN;
        };
    }

    private static WebhookVerdict.Rejected reject(String reason, String detail, Map<String, String> params) {
        return new WebhookVerdict.Rejected(reason, detail, params.get("notify_id"), params.get("out_trade_no"),
                params.get("trade_no"));
    }
}
