package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.gateway.WebhookReceipt;
import com.ledgerbridge.storage.PaymentInbox;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Receives an Alipay asynchronous notification: decode the raw form body in its own charset, verify
 * the RSA2 signature, check it is for our app and seller, store the event in the inbox (committed
 * before this returns), and say what to answer. Alipay re-sends until it reads exactly
 * {@code success}, so a duplicate is answered {@code success} too; a forged, tampered or foreign
 * notification is answered with an error status, logged with its reason, and changes nothing.
 */
@Component("alipayWebhook")
public class AlipayWebhook {

    private static final Logger log = LoggerFactory.getLogger(AlipayWebhook.class);
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";

    private final AlipaySignatureVerifier verifier;
    private final AlipayProperties properties;
    private final PaymentInbox inbox;

    public AlipayWebhook(AlipayProperties properties, PaymentInbox inbox) {
        this.verifier = new AlipaySignatureVerifier(properties.publicKeyText());
        this.properties = properties;
        this.inbox = inbox;
    }

    public WebhookReceipt receive(byte[] body) {
        if (body == null || body.length == 0) {
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
        Optional<PaymentEvent> event = AlipayPaymentEvents.toPaymentEvent(notification);
        if (event.isEmpty()) {
            log.info("Alipay notification {} for {} ({}) moves no money; acknowledged", notification.notifyId(),
                    notification.outTradeNo(), notification.tradeStatus());
            return new WebhookReceipt(200, SUCCESS, null);
        }
        // ISO-8859-1 maps each byte to one char, so the stored text gives back the exact bytes Alipay signed
        PaymentInbox.Stored stored = inbox.store(event.get(), notification.notifyId(),
                new String(body, StandardCharsets.ISO_8859_1));
        if (!stored.isNew()) {
            log.info("Alipay notification {} repeats event {}; acknowledged, nothing changed", notification.notifyId(),
                    event.get().eventKey());
            return new WebhookReceipt(200, SUCCESS, null);
        }
        log.info("Alipay {} {} for {} stored as payment event {}", event.get().type(), event.get().amount(),
                notification.outTradeNo(), stored.id());
        return new WebhookReceipt(200, SUCCESS, stored.id());
    }

    private WebhookReceipt reject(String reason, String detail, Map<String, String> params) {
        // never log the signature or the whole body; the ids are enough to find the notification
        log.warn("Rejected Alipay notification (notify_id={}, out_trade_no={}): {}: {}", params.get("notify_id"),
                params.get("out_trade_no"), reason, detail);
        return new WebhookReceipt(400, FAILURE, null);
    }
}
