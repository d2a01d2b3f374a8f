package com.ledgerbridge.ledger;

import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.JournalStore.PostingStatus;
import com.ledgerbridge.storage.JournalStore.StoredJournalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Posting one journal entry, step by step as routes/ledger-posting.camel.yaml calls it: read the prompt,
 * load the entry (nothing to do unless it is PENDING), and after the target took it, mark it POSTED with
 * the target's reference. Failed attempts and dead entries are recorded here too.
 *
 * <p>Nothing here trusts the queue: the message only carries an id, and the database row decides whether
 * there is anything to post. A duplicate prompt for a POSTED entry is logged and ignored.
 */
@Component
public class LedgerPosting {

    private static final Logger log = LoggerFactory.getLogger(LedgerPosting.class);

    private final JournalStore journal;
    private final JournalOutbox outbox;
    private final FailureText failureText;
    private final LedgerSettings settings;

    public LedgerPosting(JournalStore journal, JournalOutbox outbox, LedgerSettings settings) {
        this.journal = journal;
        this.outbox = outbox;
        this.settings = settings;
        this.failureText = new FailureText(settings.rest() == null ? null : settings.rest().token());
    }

    /** The journal entry id a {@code ledger.post} message carries as text. */
    public long entryId(String messageBody) {
        String text = messageBody == null ? "" : messageBody.trim();
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        throw new PostingRejectedException("a ledger.post message must carry a journal entry id, got '" + shown + "'");
    }

    /**
     * The entry to hand to the target, or null when there is nothing to do: already POSTED (a duplicate or
     * late prompt), or DEAD (parked until an operator re-drives it). An unknown id is an error that is
     * retried, in case the prompt overtook the commit that stores the entry.
     */
    public StoredJournalEntry entryToPost(long id) {
        StoredJournalEntry stored = journal.find(id)
                .orElseThrow(() -> new IllegalStateException("journal entry " + id + " does not exist (yet)"));
        if (stored.status() == PostingStatus.POSTED) {
            log.info("Journal entry {} ({}) is already posted as {}; duplicate prompt ignored", id,
                    stored.entry().idempotencyKey(), stored.targetReference());
            return null;
        }
        if (stored.status() == PostingStatus.DEAD) {
            log.info("Journal entry {} ({}) is DEAD; it waits for a re-drive", id, stored.entry().idempotencyKey());
            return null;
        }
        return stored;
    }

    /** The target has the entry under {@code targetReference}. */
    public void posted(long id, String targetReference) {
        if (targetReference == null || targetReference.isBlank()) {
            throw new LedgerUnavailableException("the ledger accepted journal entry " + id
                    + " but named no reference for it; the next attempt looks it up");
        }
        if (outbox.markPosted(id, targetReference)) {
            log.info("Journal entry {} posted to the {} ledger as {}", id, settings.target().name().toLowerCase(),
                    targetReference);
        } else {
            log.info("Journal entry {} was already marked posted; {} not recorded again", id, targetReference);
        }
    }

    /** One failed attempt (called by the error handler for every failure, before any redelivery). */
    public void attemptFailed(Long id, Throwable failure) {
        String reason = failureText.describe(failure);
        if (id != null) {
            outbox.recordFailure(id, reason);
        }
        log.warn("Posting journal entry {} failed: {}", id, reason);
    }

    /** Retries are used up (or the failure is permanent): the entry is parked. Returns the reason for the dead letter. */
    public String dead(Long id, Throwable failure) {
        String reason = failureText.describe(failure);
        if (id != null && !outbox.markDead(id, reason)) {
            log.warn("Journal entry {} was not PENDING when its retries ran out; status left as it is", id);
        }
        log.error("Journal entry {} is DEAD and parked on DLQ.ledger.post: {}", id, reason);
        return reason;
    }
}
