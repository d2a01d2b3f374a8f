package com.ledgerbridge.ledger;

import com.ledgerbridge.domain.ledger.JournalEntry;
import java.util.List;
import java.util.Optional;

/**
 * Where journal entries are posted: an ERP, a finance ledger, a journal file (DESIGN.md, "Seams"). One
 * implementation per target, each in its own sub-package of {@code ledger}; {@code ledgerbridge.ledger.target}
 * names the one in use ({@link #name()}). The posting stage ({@link LedgerPostingStage}) owns the outbox,
 * retries and dead entries; a target only talks to its system.
 *
 * <p>A target must never hold an entry twice: every entry carries a deterministic idempotency key, and a
 * batch may be handed over again after a crash or a timeout (the entries the target took before are then
 * answered {@link PostingOutcome.Posted} with the reference they already have).
 */
public interface LedgerTarget {

    /** The value of {@code ledgerbridge.ledger.target} that selects this target, e.g. {@code csv}. */
    String name();

    /**
     * Posts a batch of balanced entries and says, per entry, what became of it. An entry without an outcome
     * was not tried (e.g. the target asked to slow down half-way); it stays waiting, no attempt counted.
     *
     * @throws com.ledgerbridge.failure.TransientFailure when the target cannot take the batch at all right
     *         now (unreachable, asked to wait); nothing is recorded and the whole batch is tried again later
     */
    List<PostingOutcome> post(List<JournalEntry> batch);

    /** The target's reference for the entry carrying {@code idempotencyKey}, when it holds one. */
    Optional<String> lookup(String idempotencyKey);
}
