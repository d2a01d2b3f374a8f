package com.ledgerbridge.ledger;

import java.time.Duration;
import java.util.Optional;

/** What a {@link LedgerTarget} did with one entry of a batch, named by the entry's idempotency key. */
public sealed interface PostingOutcome {

    String idempotencyKey();

    /** The target holds the entry (now, or from an earlier attempt) under {@code targetReference}. */
    record Posted(String idempotencyKey, String targetReference) implements PostingOutcome {
        public Posted {
            if (targetReference == null || targetReference.isBlank()) {
                throw new IllegalArgumentException("a posted entry needs the target's reference: " + idempotencyKey);
            }
        }
    }

    /**
     * The target could not take the entry now (timeout, 5xx, throttled); try again later, after
     * {@code retryAfter} when the target said how long to wait (null: the back-off decides).
     */
    record RetryLater(String idempotencyKey, String reason, Duration retryAfter) implements PostingOutcome {
        public Optional<Duration> waitAtLeast() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** The target refused the entry for a reason no retry changes; a person must act, then re-drive. */
    record Refused(String idempotencyKey, String reason) implements PostingOutcome {
    }
}
