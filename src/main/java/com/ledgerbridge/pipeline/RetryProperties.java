package com.ledgerbridge.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.retry.* — the one retry policy for transient failures (timeouts, 5xx, 429, connection
 * refused), applied by the route configurations in routes/error-handling.camel.yaml. A remote's
 * Retry-After replaces the back-off delay for that attempt ({@link RetryAfterDelay}).
 *
 * @param maximumRedeliveries       attempts after the first, before the work is parked
 * @param redeliveryDelayMs         delay before the first retry
 * @param backoffMultiplier         each further delay is this many times the one before
 * @param maximumRedeliveryDelayMs  no delay is longer than this (a Retry-After is not capped)
 */
@ConfigurationProperties("ledgerbridge.retry")
public record RetryProperties(int maximumRedeliveries, long redeliveryDelayMs, double backoffMultiplier,
        long maximumRedeliveryDelayMs) {

    public RetryProperties {
        if (maximumRedeliveries < 0 || maximumRedeliveries > 100) {
            throw new IllegalArgumentException("ledgerbridge.retry.maximum-redeliveries must be between 0 and 100, was "
                    + maximumRedeliveries);
        }
        if (redeliveryDelayMs < 0) {
            throw new IllegalArgumentException("ledgerbridge.retry.redelivery-delay-ms must not be negative, was "
                    + redeliveryDelayMs);
        }
        if (backoffMultiplier < 1.0) {
            throw new IllegalArgumentException("ledgerbridge.retry.backoff-multiplier must be at least 1, was "
                    + backoffMultiplier);
        }
        if (maximumRedeliveryDelayMs < redeliveryDelayMs) {
            throw new IllegalArgumentException("ledgerbridge.retry.maximum-redelivery-delay-ms must be at least "
                    + "ledgerbridge.retry.redelivery-delay-ms (" + redeliveryDelayMs + "), was " + maximumRedeliveryDelayMs);
        }
    }
}
