package com.ledgerbridge.ledger;

import com.ledgerbridge.storage.JournalOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which entries to (re-)prompt on {@code ledger.post}: PENDING entries whose prompt may have been lost
 * (the sweeper), and DEAD entries an operator re-drives. Ids are returned as text, the message format
 * of {@code ledger.post}.
 */
@Component
public class PostingPrompts {

    private static final Logger log = LoggerFactory.getLogger(PostingPrompts.class);

    /** At most this many entries per sweep; the next sweep takes the rest. */
    static final int SWEEP_BATCH = 500;

    private final JournalOutbox outbox;
    private final Clock clock;
    private final Duration minAge;

    public PostingPrompts(JournalOutbox outbox, Clock clock, LedgerSettings settings) {
        this.outbox = outbox;
        this.clock = clock;
        this.minAge = Duration.ofMillis(settings.sweepMinAgeMs());
    }

    /** PENDING entries older than {@code ledgerbridge.ledger.sweep-min-age-ms}. */
    public List<String> stalePending() {
        List<String> ids = outbox.pendingCreatedBefore(Instant.now(clock).minus(minAge), SWEEP_BATCH)
                .stream().map(String::valueOf).toList();
        if (!ids.isEmpty()) {
            log.info("Re-prompting {} pending journal entries older than {}s: {}", ids.size(), minAge.toSeconds(), ids);
        }
        return ids;
    }

    /** Interim, until the posting stage drains the outbox itself: every PENDING entry (up to a sweep batch). */
    public List<String> allPending() {
        return outbox.pendingCreatedBefore(Instant.now(clock).plusSeconds(1), SWEEP_BATCH)
                .stream().map(String::valueOf).toList();
    }

    /** Every DEAD entry back to PENDING; the caller sends the returned ids to {@code ledger.post}. */
    public List<String> redriveDead() {
        List<String> ids = outbox.reviveDead().stream().map(String::valueOf).toList();
        log.info("Re-driving {} dead journal entries: {}", ids.size(), ids);
        return ids;
    }
}
