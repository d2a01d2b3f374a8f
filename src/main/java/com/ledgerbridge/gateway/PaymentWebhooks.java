package com.ledgerbridge.gateway;

import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.storage.PaymentInbox;
import com.ledgerbridge.storage.RejectedNotifications;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The payment webhook flow for every configured gateway (route template {@code payment-webhook}): the gateway
 * verifies and decodes the request; a genuine notification's events go into the inbox, and only after their
 * commit is the gateway answered; a refused one is recorded and answered with the gateway's failure answer.
 * Which answer each outcome gets is the gateway's business ({@link PaymentGateway#answer}).
 */
@Component
public class PaymentWebhooks {

    private static final Logger log = LoggerFactory.getLogger(PaymentWebhooks.class);
    private static final String CORRELATION_ID = "correlationId";
    private static final WebhookAnswer NO_SUCH_GATEWAY = WebhookAnswer.of(500, "text/plain; charset=utf-8", "failure");

    private final Map<String, PaymentGateway> gateways;
    private final PaymentInbox inbox;
    private final RejectedNotifications rejections;

    public PaymentWebhooks(List<PaymentGateway> gateways, PaymentInbox inbox, RejectedNotifications rejections) {
        Map<String, PaymentGateway> byName = new LinkedHashMap<>();
        for (PaymentGateway gateway : gateways) {
            if (byName.put(gateway.name(), gateway) != null) {
                throw new IllegalStateException("two payment gateways are named " + gateway.name());
            }
        }
        this.gateways = Collections.unmodifiableMap(byName);
        this.inbox = inbox;
        this.rejections = rejections;
    }

    /** The names of the configured gateways; each has its webhook endpoint. */
    public Set<String> gatewayNames() {
        return gateways.keySet();
    }

    /**
     * Handles one webhook request for {@code gatewayName} and says what to answer. Committed before it returns
     * when the answer says the notification was received.
     */
    public WebhookAnswer receive(String gatewayName, byte[] body, Map<String, Object> headers) {
        PaymentGateway gateway = gateway(gatewayName);
        WebhookVerdict verdict = gateway.read(WebhookRequest.of(body, headers));
        if (verdict instanceof WebhookVerdict.Rejected rejected) {
            return rejected(gateway, rejected);
        }
        WebhookVerdict.Accepted accepted = (WebhookVerdict.Accepted) verdict;
        MDC.put(CORRELATION_ID, accepted.correlationId());
        try {
            return accepted(gateway, accepted);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    /** The answer for a request that failed unexpectedly: "not stored", so that the gateway sends it again. */
    public WebhookAnswer unexpectedFailure(String gatewayName) {
        PaymentGateway gateway = gatewayName == null ? null : gateways.get(gatewayName);
        return gateway == null ? NO_SUCH_GATEWAY : gateway.answer(WebhookOutcome.NOT_STORED);
    }

    private WebhookAnswer accepted(PaymentGateway gateway, WebhookVerdict.Accepted notification) {
        if (notification.events().isEmpty()) {
            log.info("{} notification {} for {} moves no money; acknowledged", gateway.name(),
                    notification.notificationId(), notification.reference());
            return gateway.answer(WebhookOutcome.NO_MONEY_MOVED);
        }
        PaymentInbox.Stored stored;
        try {
            stored = inbox.store(notification.events(), notification.notificationId(), notification.rawPayload());
        } catch (TransientFailure e) {
            log.warn("{} notification {} not stored, answered so that the gateway sends it again: {}", gateway.name(),
                    notification.notificationId(), e.getMessage());
            return gateway.answer(WebhookOutcome.NOT_STORED);
        }
        if (!stored.isNew()) {
            log.info("{} notification {} repeats a stored event; acknowledged, nothing changed", gateway.name(),
                    notification.notificationId());
            return gateway.answer(WebhookOutcome.DUPLICATE);
        }
        for (PaymentEvent event : notification.events()) {
            log.info("{} {} {} {} for {} stored (notification {})", gateway.name(), event.type(),
                    event.amount().amount().toPlainString(), event.amount().currency().getCurrencyCode(),
                    event.merchantReference(), notification.notificationId());
        }
        WebhookAnswer answer = gateway.answer(WebhookOutcome.NEW_EVENT);
        return stored.announcesNewEvents() ? answer.waking() : answer;
    }

    private WebhookAnswer rejected(PaymentGateway gateway, WebhookVerdict.Rejected rejected) {
        if (rejected.notificationId() != null) {
            MDC.put(CORRELATION_ID, rejected.notificationId());
        }
        try {
            // ids and the reason only: never the signature or the whole body
            log.warn("Rejected {} notification (notify id {}, reference {}, trade {}): {}: {}", gateway.name(),
                    rejected.notificationId(), rejected.reference(), rejected.gatewayTradeId(), rejected.reason(),
                    rejected.detail());
            try {
                rejections.record(gateway.name(), rejected.reason(), rejected.detail(), rejected.notificationId(),
                        rejected.reference(), rejected.gatewayTradeId());
            } catch (DataAccessException e) {
                log.error("The rejection above could not be recorded (the log line is its only trace): {}", e.toString());
            }
            return gateway.answer(rejected);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    private PaymentGateway gateway(String name) {
        PaymentGateway gateway = name == null ? null : gateways.get(name);
        if (gateway == null) {
            throw new IllegalStateException("no payment gateway named " + name + " is configured");
        }
        return gateway;
    }
}
