package com.ledgerbridge.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.matching.replay.* — matching replays (README "Matching replay").
 *
 * @param threads   threads that match a replay's payments (its pool's size, and the default of a request); a
 *                  request may ask for fewer. The decisions are the same at any count. Default 2.
 * @param batchSize payments matched per batch (the thread pool splits each batch); default 2000: a batch's decisions
 *                  live until it is stored, and small batches keep them out of the old generation
 */
@ConfigurationProperties("ledgerbridge.matching.replay")
public record MatchingReplayProperties(Integer threads, Integer batchSize) {

    public MatchingReplayProperties {
        threads = threads == null ? 2 : threads;
        batchSize = batchSize == null ? 2_000 : batchSize;
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("ledgerbridge.matching.replay.threads must be 1..64, was " + threads);
        }
        if (batchSize < 100 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("ledgerbridge.matching.replay.batch-size must be 100..1000000, was "
                    + batchSize);
        }
    }
}
