package com.ledgerbridge.gateway.stripe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.gateway.PaymentGateway;
import com.ledgerbridge.gateway.WebhookAnswer;
import com.ledgerbridge.gateway.WebhookOutcome;
import com.ledgerbridge.gateway.WebhookRequest;
import com.ledgerbridge.gateway.WebhookVerdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Stripe webhook events: verify the {@code Stripe-Signature} over the raw body with our endpoint secrets (within the
 * tolerance, both ways, on the application clock), check the event is of our mode and account, and turn it into
 * payment events keyed by the charge ({@link StripePaymentEvents}). Stripe takes any 2xx as delivered and sends
 * everything else again (live mode: for up to three days), so every event we hold or that moves no money is answered
 * {@code 200 {"received":true}}; a refused one {@code 400} with the reason (shown in the Dashboard's delivery log);
 * one we could not store {@code 500}, so that it comes again.
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.stripe", name = "enabled", havingValue = "true")
public class StripeGateway implements PaymentGateway {

    static final String SIGNATURE_HEADER = "Stripe-Signature";
    private static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebhookAnswer RECEIVED = WebhookAnswer.of(200, JSON_TYPE, "{\"received\":true}");
    private static final WebhookAnswer SEND_AGAIN = WebhookAnswer.of(500, JSON_TYPE,
            "{\"received\":false,\"error\":\"not stored, send again\"}");

    private final StripeSignatureVerifier verifier;
    private final StripePaymentEvents events;
    private final boolean livemode;
    private final String accountId;

    public StripeGateway(StripeProperties properties, Clock clock) {
        this.verifier = new StripeSignatureVerifier(properties.endpointSecrets(), properties.tolerance(), clock);
        this.events = new StripePaymentEvents(properties.referenceMetadataKey());
        this.livemode = properties.livemode();
        this.accountId = properties.accountId();
    }

    @Override
    public String name() {
        return StripePaymentEvents.GATEWAY;
    }

    @Override
    public WebhookVerdict read(WebhookRequest request) {
        byte[] body = request.body();
        StripeSignatureVerifier.Check signature = verifier.verify(request.header(SIGNATURE_HEADER), body);
        if (!signature.valid()) {
            // the id only names the refusal in the record; nothing of an unverified body is trusted
            return new WebhookVerdict.Rejected(signature.reason(), signature.detail(), StripeEvent.idOrNull(body), null,
                    null);
        }
        StripeEvent event;
        try {
            event = StripeEvent.parse(body);
        } catch (InvalidStripeEventException e) {
            return new WebhookVerdict.Rejected(e.reason(), e.getMessage(), StripeEvent.idOrNull(body), null, null);
        }
        try {
            if (event.livemode() != livemode) {
                throw new InvalidStripeEventException(InvalidStripeEventException.WRONG_MODE, "a "
                        + mode(event.livemode()) + " event, but this endpoint takes " + mode(livemode) + " events");
            }
            if (!Objects.equals(event.account(), accountId)) {
                throw new InvalidStripeEventException(InvalidStripeEventException.FOREIGN_ACCOUNT, "the event is of "
                        + (event.account() == null ? "the platform account" : "account " + event.account())
                        + ", ours is " + (accountId == null ? "the platform account" : accountId));
            }
            List<PaymentEvent> payments = events.of(event);
            return new WebhookVerdict.Accepted(event.id(), events.reference(event), payments,
                    new String(body, StandardCharsets.UTF_8));
        } catch (InvalidStripeEventException e) {
            return new WebhookVerdict.Rejected(e.reason(), e.getMessage(), event.id(), events.reference(event),
                    StripePaymentEvents.chargeIdOrNull(event));
        }
    }

    @Override
    public WebhookAnswer answer(WebhookOutcome outcome) {
        return switch (outcome) {
            case NEW_EVENT, DUPLICATE, NO_MONEY_MOVED -> RECEIVED;
            case REJECTED -> refused("REJECTED", "refused");
            case NOT_STORED -> SEND_AGAIN;
        };
    }

    @Override
    public WebhookAnswer answer(WebhookVerdict.Rejected rejected) {
        return refused(rejected.reason(), rejected.detail());
    }

    private static WebhookAnswer refused(String reason, String detail) {
        ObjectNode body = JSON.createObjectNode().put("received", false).put("reason", reason).put("detail", detail);
        return WebhookAnswer.of(400, JSON_TYPE, body.toString());
    }

    private static String mode(boolean live) {
        return live ? "live-mode" : "test-mode";
    }
}
