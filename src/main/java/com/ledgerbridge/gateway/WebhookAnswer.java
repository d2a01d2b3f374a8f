package com.ledgerbridge.gateway;

import java.util.Objects;

/**
 * The HTTP answer a gateway's contract wants (Alipay: {@code 200 success}; WeChat Pay: a JSON code; Stripe: any
 * 2xx), and whether this request's route wakes reconciliation: at most one request per inbox commit does, and
 * only when that commit stored something new.
 */
public record WebhookAnswer(int status, String contentType, String body, boolean wakesReconciliation) {

    public WebhookAnswer {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    public static WebhookAnswer of(int status, String contentType, String body) {
        return new WebhookAnswer(status, contentType, body, false);
    }

    WebhookAnswer waking() {
        return new WebhookAnswer(status, contentType, body, true);
    }
}
