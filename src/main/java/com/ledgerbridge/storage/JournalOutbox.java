package com.ledgerbridge.storage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The posting state of journal entries (the outbox columns of {@code journal_entry}). Every change is
 * guarded by the status it expects, so a late or duplicate message can never move an entry backwards:
 * a POSTED entry stays POSTED whatever happens to another copy of its prompt.
 */
@Repository
public class JournalOutbox {

    /** {@code journal_entry.last_error} and {@code target_reference} are varchar(2000) / varchar(200). */
    public static final int MAX_ERROR_LENGTH = 2000;
    public static final int MAX_REFERENCE_LENGTH = 200;

    private final JdbcClient jdbc;
    private final Clock clock;

    public JournalOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * PENDING (or a stale DEAD that was re-driven meanwhile) to POSTED. Returns false when the entry was
     * already POSTED, i.e. someone else got there first; the earlier reference is kept.
     */
    public boolean markPosted(long id, String targetReference) {
        if (targetReference == null || targetReference.isBlank()) {
            throw new IllegalArgumentException("a posted entry needs the target's reference");
        }
        if (targetReference.length() > MAX_REFERENCE_LENGTH) {
            throw new IllegalArgumentException("target reference longer than " + MAX_REFERENCE_LENGTH + " characters");
        }
        return jdbc.sql("""
                        update journal_entry
                           set posting_status = 'POSTED', target_reference = :reference, posted_at = :postedAt
                         where id = :id and posting_status <> 'POSTED'
                        """)
                .param("reference", targetReference)
                .param("postedAt", Timestamp.from(Instant.now(clock)))
                .param("id", id)
                .update() == 1;
    }

    /** One more failed attempt, with its (already redacted) reason. POSTED entries are left alone. */
    public void recordFailure(long id, String error) {
        jdbc.sql("""
                        update journal_entry
                           set attempts = attempts + 1, last_error = :error
                         where id = :id and posting_status <> 'POSTED'
                        """)
                .param("error", truncate(error))
                .param("id", id)
                .update();
    }

    /** PENDING to DEAD with the reason. Returns false if the entry is not PENDING (posted meanwhile, or unknown). */
    public boolean markDead(long id, String reason) {
        return jdbc.sql("""
                        update journal_entry
                           set posting_status = 'DEAD', last_error = :reason
                         where id = :id and posting_status = 'PENDING'
                        """)
                .param("reason", truncate(reason))
                .param("id", id)
                .update() == 1;
    }

    /** Every DEAD entry back to PENDING; returns the ids that this call moved (attempts and last_error are kept). */
    public List<Long> reviveDead() {
        List<Long> dead = jdbc.sql("select id from journal_entry where posting_status = 'DEAD' order by id")
                .query(Long.class).list();
        List<Long> revived = new ArrayList<>();
        for (Long id : dead) {
            int changed = jdbc.sql("""
                            update journal_entry set posting_status = 'PENDING'
                             where id = :id and posting_status = 'DEAD'
                            """)
                    .param("id", id)
                    .update();
            if (changed == 1) {
                revived.add(id);
            }
        }
        return revived;
    }

    /** PENDING entries created before {@code createdBefore}, oldest first: their prompt may have been lost. */
    public List<Long> pendingCreatedBefore(Instant createdBefore, int limit) {
        return jdbc.sql("""
                        select id from journal_entry
                         where posting_status = 'PENDING' and created_at < :createdBefore
                         order by id
                         limit :limit
                        """)
                .param("createdBefore", Timestamp.from(createdBefore))
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** Outbox columns of one entry, for operators and tests. */
    public Optional<OutboxState> state(long id) {
        return jdbc.sql("""
                        select posting_status, attempts, last_error, target_reference, posted_at
                          from journal_entry where id = :id
                        """)
                .param("id", id)
                .query((rs, n) -> {
                    Timestamp postedAt = rs.getTimestamp("posted_at");
                    return new OutboxState(JournalStore.PostingStatus.valueOf(rs.getString("posting_status")),
                            rs.getInt("attempts"), rs.getString("last_error"), rs.getString("target_reference"),
                            postedAt == null ? null : postedAt.toInstant());
                })
                .optional();
    }

    /** Where one entry is on its way to the ledger. */
    public record OutboxState(JournalStore.PostingStatus status, int attempts, String lastError,
            String targetReference, Instant postedAt) {
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }
}
