package com.ledgerbridge.gateway;

/**
 * What a webhook route answers the gateway, decided after the event is durably stored.
 *
 * @param httpStatus      the HTTP status to answer with
 * @param answer          the body, exactly as the gateway's contract wants it (Alipay: {@code success})
 * @param newPaymentEventId the inbox id of a newly stored event to hand on to reconciliation; null for
 *                        duplicates, rejected notifications and notifications that move no money
 */
public record WebhookReceipt(int httpStatus, String answer, Long newPaymentEventId) {
}
