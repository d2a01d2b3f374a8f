package com.ledgerbridge.gateway;

/**
 * A payment gateway's webhook side (DESIGN.md, "Seams"): given the raw HTTP request, verify it, decode it into
 * canonical payment events, and say exactly what to answer the gateway for each outcome. A gateway never stores
 * anything: {@link PaymentWebhooks} stores the events in the inbox and asks for the answer afterwards.
 *
 * <p>A gateway is a Spring bean in its own package (alipay/, wechatpay/, stripe/), present only when
 * configuration enables it; each one gets its endpoint {@code POST /webhooks/<name>} from the one
 * {@code payment-webhook} route template. Implementations are called concurrently and must be thread-safe
 * and lean: keys parsed once, no per-request reflection.
 */
public interface PaymentGateway {

    /** The gateway's name: the last segment of its webhook path and {@code payment_event.gateway}. */
    String name();

    /**
     * Verifies and decodes one notification. Never throws for bad input: a forged, tampered, foreign or
     * malformed notification is a {@link WebhookVerdict.Rejected} with a reason that carries no secret.
     */
    WebhookVerdict read(WebhookRequest request);

    /** What the gateway's contract wants to read back for {@code outcome}. */
    WebhookAnswer answer(WebhookOutcome outcome);

    /**
     * What to answer a refused notification. By default the same as {@link #answer(WebhookOutcome)} for
     * {@link WebhookOutcome#REJECTED}; a gateway whose contract lets the answer say why (WeChat Pay's
     * {@code {"code":"FAIL","message":…}}, Stripe's dashboard shows the answer) or tell kinds of refusal apart (401
     * for a bad signature) overrides it. The reason and detail never carry secrets.
     */
    default WebhookAnswer answer(WebhookVerdict.Rejected rejected) {
        return answer(WebhookOutcome.REJECTED);
    }
}
