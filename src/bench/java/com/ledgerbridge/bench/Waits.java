package com.ledgerbridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a work-complete condition until it holds, the run fails, stalls (no change for -Dbench.stall-seconds,
 * also before the first item), or runs out of time (-Dbench.timeout-seconds after the first item was done).
 */
final class Waits {

    private Waits() {
    }

    /**
     * What a poll saw: {@code done} of {@code expected} items fully through; {@code state} is printed and compared
     * for progress (any change counts); {@code failure} non-null stops the wait (e.g. entries went DEAD).
     */
    record Probe(long done, long expected, String state, String failure) {
        boolean complete() {
            return failure == null && done >= expected;
        }
    }

    /** How a wait ended; {@code firstProgressAt} is when {@code done} first rose above zero (null if never). */
    record Outcome(boolean complete, Probe last, Instant endedAt, Instant firstProgressAt, String stopReason) {
    }

    static Outcome until(String label, long expected, Supplier<Probe> probe, BooleanSupplier alive, Instant start,
            BenchOptions options) {
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds());
        Duration stall = Duration.ofSeconds(options.stallSeconds());
        Instant lastChange = Instant.now();
        Instant lastPrint = Instant.now();
        Instant firstProgress = null;
        String lastState = null;
        Probe p = null;
        while (true) {
            try {
                p = probe.get();
            } catch (RuntimeException e) {
                // a transient hiccup: say so and try again (a lasting one ends as a stall)
                p = new Probe(0, expected, "progress not readable: " + e.getMessage(), null);
                if (!p.state().equals(lastState)) {
                    System.out.printf("  [%s] %s%n", label, p.state());
                }
            }
            Instant now = Instant.now();
            if (firstProgress == null && p.done() > 0) {
                firstProgress = now;
            }
            if (p.complete()) {
                return new Outcome(true, p, now, firstProgress, null);
            }
            if (p.failure() != null) {
                return new Outcome(false, p, now, firstProgress, p.failure());
            }
            if (!p.state().equals(lastState)) {
                lastState = p.state();
                lastChange = now;
            }
            if (!alive.getAsBoolean()) {
                return new Outcome(false, p, now, firstProgress, "the application exited");
            }
            // the time limit counts from the first item done, so that an app slow to find its work (today's
            // sweeps) still shows a rate; the wait for that first item is bounded by the stall limit
            if (firstProgress != null && Duration.between(firstProgress, now).compareTo(timeout) > 0) {
                return new Outcome(false, p, now, firstProgress, "stopped " + options.timeoutSeconds()
                        + " s after the first item was done (-Dbench.timeout-seconds)");
            }
            if (Duration.between(lastChange, now).compareTo(stall) > 0) {
                return new Outcome(false, p, now, firstProgress,
                        "no progress for " + options.stallSeconds() + " s (-Dbench.stall-seconds)");
            }
            if (Duration.between(lastPrint, now).toSeconds() >= 10) {
                lastPrint = now;
                System.out.printf("  [%s] t=%ds %s%n", label, Duration.between(start, now).toSeconds(), p.state());
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
