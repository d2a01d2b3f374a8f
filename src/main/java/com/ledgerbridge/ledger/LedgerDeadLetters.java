package com.ledgerbridge.ledger;

import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalOutbox.DeadEntry;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What operators do about DEAD journal entries (refused by the target, or out of retries): list them with
 * their reason, and after fixing the cause send them round again. Called by the operations endpoints in
 * routes/ledger-posting.camel.yaml.
 */
@Component
public class LedgerDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(LedgerDeadLetters.class);

    /** The list answers at most this many, oldest first; a re-drive takes them all. */
    static final int LIST_LIMIT = 1000;

    private final JournalOutbox outbox;

    public LedgerDeadLetters(JournalOutbox outbox) {
        this.outbox = outbox;
    }

    /** DEAD entries with the reason and the attempts made, oldest first. */
    public List<DeadEntry> list() {
        return outbox.deadEntries(LIST_LIMIT);
    }

    /** Every DEAD entry back to PENDING, due now, with a fresh round of retries: {@code {"redriven": n}}. */
    public Map<String, Integer> redrive() {
        int redriven = outbox.redriveDead();
        log.info("Re-driving {} dead journal entries", redriven);
        return Map.of("redriven", redriven);
    }
}
