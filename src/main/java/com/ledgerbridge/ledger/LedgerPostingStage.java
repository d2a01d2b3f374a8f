package com.ledgerbridge.ledger;

import com.ledgerbridge.pipeline.BatchDrain;
import com.ledgerbridge.pipeline.PipelineProperties;
import com.ledgerbridge.pipeline.RetryProperties;
import com.ledgerbridge.pipeline.WorkStage;
import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.JournalStore.StoredJournalEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ledger posting (DESIGN.md flow 5): the journal_entry table is the outbox. Each batch, in one transaction:
 * claim due PENDING entries ({@code for update skip locked}, so any number of instances drain side by side),
 * load them with their lines, hand them to the configured {@link LedgerTarget}, and record what the target
 * said about each: POSTED with its reference; retry later (attempts + 1, next attempt after the back-off of
 * {@code ledgerbridge.retry.*}, or after the target's Retry-After); DEAD with the reason when the target
 * refused it or the retries are used up. An entry the target did not get to stays as it was.
 *
 * <p>If the transaction is lost after the target took entries (a crash, a failed commit), the entries are
 * still PENDING and are handed over again; every target recognises an entry by its idempotency key and
 * answers with the reference it already has, so nothing is posted twice.
 */
@Component
public class LedgerPostingStage implements WorkStage {

    private static final Logger log = LoggerFactory.getLogger(LedgerPostingStage.class);

    private final JournalOutbox outbox;
    private final JournalStore journal;
    private final LedgerTarget target;
    private final TransactionTemplate transaction;
    private final RetryProperties retry;
    private final int batchSize;
    private final Clock clock;

    @Autowired
    public LedgerPostingStage(JournalOutbox outbox, JournalStore journal, List<LedgerTarget> targets,
            LedgerProperties ledger, TransactionTemplate transaction, PipelineProperties pipeline,
            RetryProperties retry, Clock clock) {
        this(outbox, journal, select(targets, ledger.target()), transaction, pipeline.batchSize(), retry, clock);
    }

    /** One stage instance posting to {@code target}; tests run several side by side. */
    public LedgerPostingStage(JournalOutbox outbox, JournalStore journal, LedgerTarget target,
            TransactionTemplate transaction, int batchSize, RetryProperties retry, Clock clock) {
        this.outbox = outbox;
        this.journal = journal;
        this.target = target;
        this.transaction = transaction;
        this.batchSize = batchSize;
        this.retry = retry;
        this.clock = clock;
    }

    static LedgerTarget select(List<LedgerTarget> targets, String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("ledgerbridge.ledger.target must be one of "
                        + targets.stream().map(LedgerTarget::name).sorted().toList() + ", was '" + name + "'"));
    }

    @Override
    public int drain() {
        return BatchDrain.drain(batchSize, this::postOneBatch);
    }

    /** One batch in one transaction; returns how many entries got an outcome. */
    int postOneBatch() {
        Integer handled = transaction.execute(status -> {
            List<StoredJournalEntry> batch = journal.findAll(outbox.claimDue(batchSize));
            if (batch.isEmpty()) {
                return 0;
            }
            List<PostingOutcome> outcomes = target.post(batch.stream().map(StoredJournalEntry::entry).toList());
            return record(batch, outcomes);
        });
        return handled == null ? 0 : handled;
    }

    private int record(List<StoredJournalEntry> batch, List<PostingOutcome> outcomes) {
        Map<String, StoredJournalEntry> byKey = new HashMap<>();
        batch.forEach(stored -> byKey.put(stored.entry().idempotencyKey(), stored));
        List<JournalOutbox.Posted> posted = new ArrayList<>();
        List<JournalOutbox.Retry> retries = new ArrayList<>();
        List<JournalOutbox.Dead> dead = new ArrayList<>();
        Instant now = Instant.now(clock);
        for (PostingOutcome outcome : outcomes) {
            StoredJournalEntry stored = byKey.remove(outcome.idempotencyKey());
            if (stored == null) {
                throw new IllegalStateException("ledger target " + target.name() + " answered for "
                        + outcome.idempotencyKey() + ", which is not in the batch or was answered twice");
            }
            MDC.put("correlationId", outcome.idempotencyKey());
            try {
                if (outcome instanceof PostingOutcome.Posted p) {
                    posted.add(new JournalOutbox.Posted(stored.id(), p.targetReference()));
                    log.debug("Journal entry {} posted to the {} ledger as {}", stored.id(), target.name(),
                            p.targetReference());
                } else if (outcome instanceof PostingOutcome.Refused r) {
                    dead.add(new JournalOutbox.Dead(stored.id(), r.reason()));
                    log.error("Journal entry {} refused by the {} ledger, DEAD until re-driven: {}", stored.id(),
                            target.name(), r.reason());
                } else if (outcome instanceof PostingOutcome.RetryLater r) {
                    int attempts = stored.attempts() + 1;
                    if (attempts > retry.maximumRedeliveries()) {
                        dead.add(new JournalOutbox.Dead(stored.id(), r.reason()));
                        log.error("Journal entry {} failed {} times, DEAD until re-driven: {}", stored.id(), attempts,
                                r.reason());
                    } else {
                        Duration wait = r.waitAtLeast().orElseGet(() -> backOff(retry, attempts));
                        retries.add(new JournalOutbox.Retry(stored.id(), r.reason(), now.plus(wait)));
                        log.warn("Journal entry {} not posted (attempt {}), next try in {} ms: {}", stored.id(),
                                attempts, wait.toMillis(), r.reason());
                    }
                }
            } finally {
                MDC.remove("correlationId");
            }
        }
        if (!posted.isEmpty()) {
            outbox.markPosted(posted);
        }
        if (!retries.isEmpty()) {
            outbox.scheduleRetries(retries);
        }
        if (!dead.isEmpty()) {
            outbox.markDead(dead);
        }
        return outcomes.size();
    }

    /** The delay before retry number {@code attempt} (1 = the first retry): exponential, capped. */
    static Duration backOff(RetryProperties retry, int attempt) {
        double delay = retry.redeliveryDelayMs() * Math.pow(retry.backoffMultiplier(), attempt - 1);
        return Duration.ofMillis((long) Math.min(delay, retry.maximumRedeliveryDelayMs()));
    }
}
