package com.ledgerbridge.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.pipeline.* — how the database-backed stages take their work.
 *
 * @param batchSize       items claimed and handled in one transaction by each stage
 * @param sweepIntervalMs how often every stage looks for work even without a wake-up (lost wake-ups,
 *                        work left by a crashed instance, retries that came due); also the delay after start
 */
@ConfigurationProperties("ledgerbridge.pipeline")
public record PipelineProperties(int batchSize, long sweepIntervalMs) {

    public PipelineProperties {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("ledgerbridge.pipeline.batch-size must be between 1 and 10000, was " + batchSize);
        }
        if (sweepIntervalMs < 100) {
            throw new IllegalArgumentException("ledgerbridge.pipeline.sweep-interval-ms must be at least 100, was " + sweepIntervalMs);
        }
    }
}
