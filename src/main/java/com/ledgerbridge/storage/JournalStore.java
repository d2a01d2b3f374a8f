package com.ledgerbridge.storage;

import com.ledgerbridge.domain.ledger.AccountRole;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.JournalLine;
import com.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Journal entries and their lines. A new entry is PENDING: the table is also the posting outbox, so an
 * entry is stored in the same transaction as the business fact it records and posted afterwards.
 */
@Repository
public class JournalStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    public JournalStore(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /**
     * Inserts balanced entries as PENDING with two JDBC batches (entries, then all their lines) and returns
     * their ids in the order given. Call inside the business transaction that records what they book.
     */
    public List<Long> insertAll(List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<Long> ids = BatchInserts.insertReturningIds(batch, """
                        insert into journal_entry (idempotency_key, entry_date, description, source_type, source_reference,
                                                   posting_status, attempts, created_at)
                        values (?, ?, ?, ?, ?, 'PENDING', 0, ?)
                        """, entries, (ps, entry) -> {
                    ps.setString(1, entry.idempotencyKey());
                    ps.setObject(2, entry.entryDate());
                    ps.setString(3, entry.description());
                    ps.setString(4, entry.sourceType().name());
                    ps.setString(5, entry.sourceReference());
                    ps.setTimestamp(6, now);
                });
        List<Object[]> lines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            int lineNo = 1;
            for (JournalLine line : entries.get(i).lines()) {
                lines.add(new Object[] {ids.get(i), lineNo++, line.role().name(), line.accountCode(), line.debit().amount(),
                        line.credit().amount(), line.amount().currency().getCurrencyCode(), line.memo()});
            }
        }
        batch.batchUpdate("""
                insert into journal_line (entry_id, line_no, account_role, account_code, debit, credit, currency, memo)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """, lines);
        return ids;
    }

    /**
     * Inserts those of {@code entries} whose idempotency key is not stored yet, as PENDING, and returns the ids of
     * the entries this call stored, in the order given; an entry whose key exists (booked by an earlier run, or by
     * a concurrent transaction that committed first) is skipped, not an error. Call inside the business
     * transaction.
     */
    public List<Long> insertAllIfAbsent(List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        // no conflict target: H2 accepts only the bare form; the key is the table's only unique column but the id
        batch.batchUpdate("""
                insert into journal_entry (idempotency_key, entry_date, description, source_type, source_reference,
                                           posting_status, attempts, created_at)
                values (?, ?, ?, ?, ?, 'PENDING', 0, ?)
                on conflict do nothing
                """, entries, entries.size(), (ps, entry) -> {
            ps.setString(1, entry.idempotencyKey());
            ps.setObject(2, entry.entryDate());
            ps.setString(3, entry.description());
            ps.setString(4, entry.sourceType().name());
            ps.setString(5, entry.sourceReference());
            ps.setTimestamp(6, now);
        });
        // an entry is always stored with its lines in one transaction, so the entries without lines are this call's
        Map<String, Long> stored = new HashMap<>();
        jdbc.sql("""
                        select e.id, e.idempotency_key from journal_entry e
                         where e.idempotency_key in (:keys)
                           and not exists (select 1 from journal_line l where l.entry_id = e.id)
                        """)
                .param("keys", entries.stream().map(JournalEntry::idempotencyKey).distinct().toList())
                .query(rs -> {
                    stored.put(rs.getString("idempotency_key"), rs.getLong("id"));
                });
        List<Long> ids = new ArrayList<>();
        List<Object[]> lines = new ArrayList<>();
        for (JournalEntry entry : entries) {
            Long id = stored.remove(entry.idempotencyKey());
            if (id == null) {
                continue;
            }
            ids.add(id);
            int lineNo = 1;
            for (JournalLine line : entry.lines()) {
                lines.add(new Object[] {id, lineNo++, line.role().name(), line.accountCode(), line.debit().amount(),
                        line.credit().amount(), line.amount().currency().getCurrencyCode(), line.memo()});
            }
        }
        batch.batchUpdate("""
                insert into journal_line (entry_id, line_no, account_role, account_code, debit, credit, currency, memo)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """, lines);
        return ids;
    }

    /** Inserts a balanced entry as PENDING and returns its id. Call inside the business transaction. */
    public long insert(JournalEntry entry) {
        return insertAll(List.of(entry)).get(0);
    }

    /** Loads an entry back; the constructor re-checks the balance, so a corrupted row cannot be posted. */
    public Optional<StoredJournalEntry> find(long id) {
        return findAll(List.of(id)).stream().findFirst();
    }

    /**
     * Loads entries with their lines in two queries whatever their number (one for the entries, one for all
     * their lines), in the order of {@code ids}; ids that do not exist are left out.
     */
    public List<StoredJournalEntry> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, List<JournalLine>> lines = new HashMap<>();
        jdbc.sql("""
                        select entry_id, account_role, account_code, debit, credit, currency, memo
                        from journal_line where entry_id in (:ids) order by entry_id, line_no
                        """)
                .param("ids", ids)
                .query(rs -> {
                    Currency currency = Currency.getInstance(rs.getString("currency").trim());
                    BigDecimal debit = rs.getBigDecimal("debit");
                    boolean isDebit = debit.signum() > 0;
                    Money amount = Money.of(isDebit ? debit : rs.getBigDecimal("credit"), currency);
                    lines.computeIfAbsent(rs.getLong("entry_id"), id -> new ArrayList<>())
                            .add(new JournalLine(AccountRole.valueOf(rs.getString("account_role")), rs.getString("account_code"),
                                    isDebit ? JournalLine.Side.DEBIT : JournalLine.Side.CREDIT, amount, rs.getString("memo")));
                });
        Map<Long, StoredJournalEntry> entries = new HashMap<>();
        jdbc.sql("""
                        select id, idempotency_key, entry_date, description, source_type, source_reference,
                               posting_status, attempts, target_reference
                        from journal_entry where id in (:ids)
                        """)
                .param("ids", ids)
                .query(rs -> {
                    long id = rs.getLong("id");
                    entries.put(id, new StoredJournalEntry(
                            id,
                            new JournalEntry(rs.getString("idempotency_key"), rs.getObject("entry_date", LocalDate.class),
                                    rs.getString("description"), JournalEntry.SourceType.valueOf(rs.getString("source_type")),
                                    rs.getString("source_reference"), lines.getOrDefault(id, List.of())),
                            PostingStatus.valueOf(rs.getString("posting_status")),
                            rs.getInt("attempts"),
                            rs.getString("target_reference")));
                });
        List<StoredJournalEntry> ordered = new ArrayList<>(entries.size());
        for (Long id : ids) {
            StoredJournalEntry entry = entries.get(id);
            if (entry != null) {
                ordered.add(entry);
            }
        }
        return ordered;
    }

    /** A journal entry with its outbox state. */
    public record StoredJournalEntry(long id, JournalEntry entry, PostingStatus status, int attempts,
            String targetReference) {
    }

    /** Where an entry is on its way to the ledger. */
    public enum PostingStatus {
        /** Stored, not yet accepted by the target. */
        PENDING,
        /** The target has it; {@code target_reference} says under which id. */
        POSTED,
        /** Refused by the target, or every retry failed: waits for a person to re-drive it. */
        DEAD
    }
}
