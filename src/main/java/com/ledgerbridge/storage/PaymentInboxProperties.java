package com.ledgerbridge.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.payment-inbox.* — how concurrent webhook requests share commits ({@link PaymentInbox}).
 *
 * @param maxBatchSize    at most this many waiting notifications are stored in one transaction
 * @param maxWaiting      at most this many notifications wait for a commit; one more is answered "not stored"
 *                        (the gateway sends it again) instead of queueing without bound
 * @param commitTimeoutMs a request waits this long for its commit, then is answered "not stored"
 */
@ConfigurationProperties("ledgerbridge.payment-inbox")
public record PaymentInboxProperties(int maxBatchSize, int maxWaiting, long commitTimeoutMs) {

    public PaymentInboxProperties {
        if (maxBatchSize < 1 || maxBatchSize > 10_000) {
            throw new IllegalArgumentException(
                    "ledgerbridge.payment-inbox.max-batch-size must be between 1 and 10000, was " + maxBatchSize);
        }
        if (maxWaiting < maxBatchSize) {
            throw new IllegalArgumentException("ledgerbridge.payment-inbox.max-waiting must be at least "
                    + "ledgerbridge.payment-inbox.max-batch-size (" + maxBatchSize + "), was " + maxWaiting);
        }
        if (commitTimeoutMs < 100 || commitTimeoutMs > 600_000) {
            throw new IllegalArgumentException(
                    "ledgerbridge.payment-inbox.commit-timeout-ms must be between 100 and 600000, was " + commitTimeoutMs);
        }
    }
}
