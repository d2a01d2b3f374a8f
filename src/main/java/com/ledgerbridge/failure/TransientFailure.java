package com.ledgerbridge.failure;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass by itself: a timeout, a 5xx, a 429, a connection refused, a lock that could not
 * be had. Retried with back-off by the {@code transient-failures} route configuration; when the remote
 * said how long to wait (HTTP Retry-After), the next attempt waits at least that long.
 */
public class TransientFailure extends RuntimeException {

    private final Duration retryAfter;

    public TransientFailure(String message) {
        this(message, null, null);
    }

    public TransientFailure(String message, Throwable cause) {
        this(message, null, cause);
    }

    public TransientFailure(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the remote asked us to wait before the next try, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
