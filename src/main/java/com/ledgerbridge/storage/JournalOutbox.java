package com.ledgerbridge.storage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The posting state of journal entries (the outbox columns of {@code journal_entry}): which entries wait
 * for the ledger, and what became of them. The posting stage claims a batch with {@code for update skip
 * locked} and records every outcome of that batch with JDBC batch updates in the same transaction. Every
 * change is guarded by {@code posting_status = 'PENDING'}, so nothing moves a POSTED entry.
 */
@Repository
public class JournalOutbox {

    /** {@code journal_entry.last_error} and {@code target_reference} are varchar(2000) / varchar(200). */
    public static final int MAX_ERROR_LENGTH = 2000;
    public static final int MAX_REFERENCE_LENGTH = 200;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Clock clock;

    public JournalOutbox(JdbcClient jdbc, JdbcTemplate batches, Clock clock) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.clock = clock;
    }

    /**
     * Locks up to {@code limit} PENDING entries that are due (never tried, or their back-off has passed),
     * oldest first, skipping rows another transaction holds. Call inside the batch's transaction.
     */
    public List<Long> claimDue(int limit) {
        return jdbc.sql("""
                        select id from journal_entry
                         where posting_status = 'PENDING'
                           and (next_attempt_at is null or next_attempt_at <= :now)
                         order by id
                         limit :limit
                         for update skip locked
                        """)
                .param("now", Timestamp.from(Instant.now(clock)))
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** The target holds these entries. */
    public void markPosted(List<Posted> posted) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        batches.batchUpdate("""
                update journal_entry
                   set posting_status = 'POSTED', target_reference = ?, posted_at = ?, next_attempt_at = null
                 where id = ? and posting_status = 'PENDING'
                """, posted, posted.size(), (ps, p) -> {
            ps.setString(1, p.targetReference());
            ps.setTimestamp(2, now);
            ps.setLong(3, p.id());
        });
    }

    /** One more failed attempt each; the entry waits until {@code nextAttemptAt}. */
    public void scheduleRetries(List<Retry> retries) {
        batches.batchUpdate("""
                update journal_entry
                   set attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                 where id = ? and posting_status = 'PENDING'
                """, retries, retries.size(), (ps, r) -> {
            ps.setString(1, truncate(r.reason()));
            ps.setTimestamp(2, Timestamp.from(r.nextAttemptAt()));
            ps.setLong(3, r.id());
        });
    }

    /** One more failed attempt each, and no more: the entries wait for a person (see {@link #redriveDead}). */
    public void markDead(List<Dead> dead) {
        batches.batchUpdate("""
                update journal_entry
                   set posting_status = 'DEAD', attempts = attempts + 1, last_error = ?, next_attempt_at = null
                 where id = ? and posting_status = 'PENDING'
                """, dead, dead.size(), (ps, d) -> {
            ps.setString(1, truncate(d.reason()));
            ps.setLong(2, d.id());
        });
    }

    /**
     * Every DEAD entry back to PENDING, due now, with a fresh round of retries; {@code last_error} is kept
     * until the next attempt. Returns how many were moved.
     */
    public int redriveDead() {
        return jdbc.sql("""
                        update journal_entry
                           set posting_status = 'PENDING', attempts = 0, next_attempt_at = null
                         where posting_status = 'DEAD'
                        """)
                .update();
    }

    /**
     * Every DEAD entry back to PENDING as {@link #redriveDead} does, in the caller's transaction, naming them: the ids
     * moved, in id order (the rows are locked first, so exactly these are moved).
     */
    public List<Long> redriveDeadNamed() {
        List<Long> ids = jdbc.sql("select id from journal_entry where posting_status = 'DEAD' order by id for update")
                .query(Long.class)
                .list();
        batches.batchUpdate("""
                update journal_entry
                   set posting_status = 'PENDING', attempts = 0, next_attempt_at = null
                 where id = ? and posting_status = 'DEAD'
                """, ids, 500, (ps, id) -> ps.setLong(1, id));
        return ids;
    }

    /** DEAD entries, oldest first, at most {@code limit}. */
    public List<DeadEntry> deadEntries(int limit) {
        return jdbc.sql("""
                        select id, idempotency_key, entry_date, source_type, source_reference, attempts, last_error
                          from journal_entry
                         where posting_status = 'DEAD'
                         order by id
                         limit :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> new DeadEntry(rs.getLong("id"), rs.getString("idempotency_key"),
                        rs.getDate("entry_date").toLocalDate().toString(), rs.getString("source_type"),
                        rs.getString("source_reference"), rs.getInt("attempts"), rs.getString("last_error")))
                .list();
    }

    /** Outbox columns of one entry, for operators and tests. */
    public Optional<OutboxState> state(long id) {
        return jdbc.sql("""
                        select posting_status, attempts, last_error, target_reference, posted_at, next_attempt_at
                          from journal_entry where id = :id
                        """)
                .param("id", id)
                .query((rs, n) -> {
                    Timestamp postedAt = rs.getTimestamp("posted_at");
                    Timestamp nextAttemptAt = rs.getTimestamp("next_attempt_at");
                    return new OutboxState(JournalStore.PostingStatus.valueOf(rs.getString("posting_status")),
                            rs.getInt("attempts"), rs.getString("last_error"), rs.getString("target_reference"),
                            postedAt == null ? null : postedAt.toInstant(),
                            nextAttemptAt == null ? null : nextAttemptAt.toInstant());
                })
                .optional();
    }

    /** Entry {@code id} is held by the target under {@code targetReference}. */
    public record Posted(long id, String targetReference) {
        public Posted {
            if (targetReference == null || targetReference.isBlank() || targetReference.length() > MAX_REFERENCE_LENGTH) {
                throw new IllegalArgumentException("journal entry " + id + ": a target reference must have 1 to "
                        + MAX_REFERENCE_LENGTH + " characters, was '" + targetReference + "'");
            }
        }
    }

    /** Entry {@code id} failed for {@code reason} and is tried again at {@code nextAttemptAt}. */
    public record Retry(long id, String reason, Instant nextAttemptAt) {
    }

    /** Entry {@code id} is given up for {@code reason}. */
    public record Dead(long id, String reason) {
    }

    /** A DEAD entry as operators see it. */
    public record DeadEntry(long id, String idempotencyKey, String entryDate, String sourceType, String sourceReference,
            int attempts, String reason) {
    }

    /** Where one entry is on its way to the ledger. */
    public record OutboxState(JournalStore.PostingStatus status, int attempts, String lastError,
            String targetReference, Instant postedAt, Instant nextAttemptAt) {
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
