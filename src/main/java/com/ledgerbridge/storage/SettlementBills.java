package com.ledgerbridge.storage;

import com.ledgerbridge.domain.settlement.BillLine;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * Settlement bill files and their lines. A file is one {@code settlement_bill} row, named by its content's SHA-256;
 * its lines go to {@code settlement_line}, unique on the gateway's line key, so a file imported twice, or two files
 * that overlap, store each line once. Everything of one import happens in the caller's transaction: a file refused
 * half-way leaves nothing.
 *
 * <p>Lines are loaded in bulk: on PostgreSQL with COPY straight into {@code settlement_line} while the file is read
 * (or, for a file that repeats stored lines, COPY into a temporary staging table and one
 * {@code insert ... select ... on conflict do nothing}); on H2 with JDBC batches of that insert.
 */
@Repository
public class SettlementBills {

    static final String LINE_COLUMNS = "gateway, line_key, bill_date, kind, gateway_trade_id, merchant_reference, "
            + "movement_id, amount, fee, currency, occurred_at, bill_id, line_number";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Clock clock;

    public SettlementBills(JdbcClient jdbc, JdbcTemplate batch, DataSource dataSource, SqlDialect dialect, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
    }

    /**
     * The bill row of a file, created when new and locked until the caller's transaction ends: a second import of
     * the same content (here or on another instance) waits, then finds it imported.
     *
     * @param imported  the file was imported before (its lines are stored); otherwise it is new or failed before
     * @param firstDate the first business day its lines cover, when imported
     */
    public record Claim(long billId, boolean imported, LocalDate firstDate, LocalDate lastDate) {
    }

    /**
     * Call inside the import's transaction. A new row is IMPORTING, which only this transaction ever sees: it is
     * IMPORTED when the transaction commits ({@link #finish}) and gone when it rolls back.
     */
    public Claim claim(String gateway, String sha256, String fileName) {
        // no conflict target: H2 accepts only the bare form; the content key is the table's only unique key but the id
        jdbc.sql("""
                        insert into settlement_bill (gateway, file_name, content_sha256, status, line_count, new_line_count,
                                                     rejected_count, imported_at)
                        values (:gateway, :file, :sha, 'IMPORTING', 0, 0, 0, :now)
                        on conflict do nothing
                        """)
                .param("gateway", gateway)
                .param("file", truncate(fileName, 300))
                .param("sha", sha256)
                .param("now", Timestamp.from(Instant.now(clock)))
                .update();
        return jdbc.sql("""
                        select id, status, bill_date, last_bill_date from settlement_bill
                         where gateway = :gateway and content_sha256 = :sha
                         for update
                        """)
                .param("gateway", gateway)
                .param("sha", sha256)
                .query((rs, n) -> new Claim(rs.getLong("id"), "IMPORTED".equals(rs.getString("status")),
                        localDate(rs.getDate("bill_date")), localDate(rs.getDate("last_bill_date"))))
                .single();
    }

    /** What a finished import stored. */
    public void finish(long billId, String fileName, long lines, long newLines, long rejected, LocalDate firstDate,
            LocalDate lastDate) {
        jdbc.sql("""
                        update settlement_bill
                           set status = 'IMPORTED', file_name = :file, line_count = :lines, new_line_count = :newLines,
                               rejected_count = :rejected, bill_date = :first, last_bill_date = :last,
                               failure_reason = null, failure_detail = null, imported_at = :now
                         where id = :id
                        """)
                .param("file", truncate(fileName, 300))
                .param("lines", lines)
                .param("newLines", newLines)
                .param("rejected", rejected)
                .param("first", firstDate)
                .param("last", lastDate)
                .param("now", Timestamp.from(Instant.now(clock)))
                .param("id", billId)
                .update();
    }

    /**
     * Records a file refused as a whole (nothing of it is stored). Runs on its own, after the import's transaction
     * rolled back; a file that fails again updates its row. Never touches an imported bill's row.
     */
    public long recordFailure(String gateway, String sha256, String fileName, String reason, String detail) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        jdbc.sql("""
                        insert into settlement_bill (gateway, file_name, content_sha256, status, line_count, new_line_count,
                                                     rejected_count, failure_reason, failure_detail, imported_at)
                        values (:gateway, :file, :sha, 'FAILED', 0, 0, 0, :reason, :detail, :now)
                        on conflict do nothing
                        """)
                .param("gateway", gateway)
                .param("file", truncate(fileName, 300))
                .param("sha", sha256)
                .param("reason", truncate(reason, 40))
                .param("detail", truncate(detail, 2000))
                .param("now", now)
                .update();
        jdbc.sql("""
                        update settlement_bill
                           set file_name = :file, failure_reason = :reason, failure_detail = :detail, imported_at = :now
                         where gateway = :gateway and content_sha256 = :sha and status = 'FAILED'
                        """)
                .param("gateway", gateway)
                .param("file", truncate(fileName, 300))
                .param("sha", sha256)
                .param("reason", truncate(reason, 40))
                .param("detail", truncate(detail, 2000))
                .param("now", now)
                .update();
        return jdbc.sql("select id from settlement_bill where gateway = :gateway and content_sha256 = :sha")
                .param("gateway", gateway)
                .param("sha", sha256)
                .query(Long.class)
                .single();
    }

    /** Rejected lines of a bill: replaced wholesale (a failed file imported again has a fresh list). */
    public void replaceRejected(long billId, List<RejectedLine> rejected) {
        jdbc.sql("delete from settlement_rejected_line where bill_id = :id").param("id", billId).update();
        addRejected(billId, rejected);
    }

    /** Adds rejected lines of a bill being imported. */
    public void addRejected(long billId, List<RejectedLine> rejected) {
        batch.batchUpdate("""
                insert into settlement_rejected_line (bill_id, line_number, reason) values (?, ?, ?)
                on conflict do nothing
                """, rejected, rejected.size(), (ps, r) -> {
            ps.setLong(1, billId);
            ps.setLong(2, r.lineNumber());
            ps.setString(3, truncate(r.reason(), 1000));
        });
    }

    /** A line a bill's reader could not use. */
    public record RejectedLine(long lineNumber, String reason) {
    }

    /**
     * Opens the bulk load of one bill's lines, in the caller's transaction. Close it (it is finished by
     * {@link LineLoader#finish()}; closing an unfinished loader abandons what it was given).
     *
     * @param direct PostgreSQL: COPY straight into {@code settlement_line}, the fast path for a file whose lines are
     *               all new; a line stored before (or twice in the file) then fails the load with
     *               {@link LinesStoredBefore}, and the caller rolls back to a savepoint and loads again with
     *               {@code direct} false (COPY into a staging table, then an insert that skips known lines). H2 always
     *               skips known lines.
     */
    public LineLoader lineLoader(long billId, int batchSize, boolean direct) {
        if (!dialect.isPostgres()) {
            return new BatchLoader(billId, batchSize);
        }
        return new CopyLoader(billId, direct);
    }

    /** A direct load met a line stored before: roll back to before the load and load again skipping known lines. */
    public static final class LinesStoredBefore extends RuntimeException {
        LinesStoredBefore(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Takes a bill's lines one by one and stores them in bulk. */
    public interface LineLoader extends AutoCloseable {

        void add(BillLine line);

        /**
         * Lets other statements use the transaction's connection (on PostgreSQL an open COPY holds it); the next
         * {@link #add} resumes loading.
         */
        void pause();

        /** Stores what is left and returns how many of the lines given were new (the rest were stored before). */
        long finish();

        @Override
        void close();
    }

    /** H2: JDBC batches of {@code insert ... on conflict do nothing}, each row's count saying whether it was new. */
    private final class BatchLoader implements LineLoader {
        private final long billId;
        private final int batchSize;
        private final List<BillLine> pending = new ArrayList<>();
        private long stored;

        BatchLoader(long billId, int batchSize) {
            this.billId = billId;
            this.batchSize = batchSize;
        }

        @Override
        public void add(BillLine line) {
            pending.add(line);
            if (pending.size() >= batchSize) {
                flush();
            }
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            int[][] counts = batch.batchUpdate("insert into settlement_line (" + LINE_COLUMNS + ") "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", pending, pending.size(),
                    (ps, l) -> {
                        ps.setString(1, l.gateway());
                        ps.setString(2, l.lineKey());
                        ps.setObject(3, l.billDate());
                        ps.setString(4, l.kind().name());
                        ps.setString(5, l.gatewayTradeId());
                        ps.setString(6, l.merchantReference());
                        ps.setString(7, l.movementId());
                        ps.setBigDecimal(8, l.amount().amount());
                        ps.setBigDecimal(9, l.fee().amount());
                        ps.setString(10, l.amount().currency().getCurrencyCode());
                        ps.setTimestamp(11, Timestamp.from(l.occurredAt()));
                        ps.setLong(12, billId);
                        ps.setLong(13, l.lineNumber());
                    });
            for (int[] chunk : counts) {
                for (int count : chunk) {
                    if (count > 0) {
                        stored += count;
                    }
                }
            }
            pending.clear();
        }

        @Override
        public void pause() {
            flush();
        }

        @Override
        public long finish() {
            flush();
            return stored;
        }

        @Override
        public void close() {
            pending.clear();
        }
    }

    /**
     * PostgreSQL: COPY (text format), straight into {@code settlement_line} ({@code direct}: the table's indexes are
     * maintained while the file is still being read), or into a temporary table that lives until the transaction
     * ends followed by one insert-select that skips the lines stored before. COPY is several times faster than any
     * batch of inserts.
     */
    private final class CopyLoader implements LineLoader {
        private static final int FLUSH_BYTES = 1 << 16;
        private static final String UNIQUE_VIOLATION = "23505";
        private final long billId;
        private final boolean direct;
        private final Connection connection;
        private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 1024);
        /** the COPY in progress, null while paused: no other statement can run on the connection during a COPY */
        private CopyIn copy;
        private long copied;
        private boolean finished;

        CopyLoader(long billId, boolean direct) {
            this.billId = billId;
            this.direct = direct;
            this.connection = DataSourceUtils.getConnection(dataSource);
            if (!direct) {
                try (Statement s = connection.createStatement()) {
                    s.execute("create temporary table settlement_line_staging (like settlement_line) on commit drop");
                } catch (SQLException e) {
                    throw new IllegalStateException("could not start loading bill lines: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void add(BillLine l) {
            field(l.gateway()).append('\t');
            field(l.lineKey()).append('\t');
            buffer.append(l.billDate()).append('\t');
            buffer.append(l.kind().name()).append('\t');
            field(l.gatewayTradeId()).append('\t');
            field(l.merchantReference()).append('\t');
            field(l.movementId()).append('\t');
            buffer.append(l.amount().amount().toPlainString()).append('\t');
            buffer.append(l.fee().amount().toPlainString()).append('\t');
            buffer.append(l.amount().currency().getCurrencyCode()).append('\t');
            buffer.append(l.occurredAt()).append('\t');
            buffer.append(billId).append('\t');
            buffer.append(l.lineNumber()).append('\n');
            if (buffer.length() >= FLUSH_BYTES) {
                flush();
            }
        }

        /** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
        private StringBuilder field(String value) {
            return CopyText.field(buffer, value);
        }

        private void flush() {
            if (buffer.isEmpty()) {
                return;
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            try {
                if (copy == null) {
                    copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy "
                            + (direct ? "settlement_line" : "settlement_line_staging") + " (" + LINE_COLUMNS
                            + ") from stdin");
                }
                copy.writeToCopy(bytes, 0, bytes.length);
            } catch (SQLException e) {
                throw failed(e);
            }
        }

        @Override
        public void pause() {
            flush();
            if (copy != null) {
                try {
                    copied += copy.endCopy();
                } catch (SQLException e) {
                    throw failed(e);
                } finally {
                    copy = null;
                }
            }
        }

        private RuntimeException failed(SQLException e) {
            cancel();
            if (direct && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return new LinesStoredBefore("a line of bill #" + billId + " is stored already: " + e.getMessage(), e);
            }
            return new IllegalStateException("could not load bill lines: " + e.getMessage(), e);
        }

        @Override
        public long finish() {
            pause();
            finished = true;
            if (direct) {
                return copied;
            }
            // no conflict target, as everywhere (H2); the primary key is the table's only unique key
            return batch.update("insert into settlement_line (" + LINE_COLUMNS + ") select " + LINE_COLUMNS
                    + " from settlement_line_staging on conflict do nothing");
        }

        private void cancel() {
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    // the caller rolls back anyway
                }
            }
            copy = null;
        }

        @Override
        public void close() {
            if (!finished) {
                cancel();
            }
        }
    }

    /** A stored bill, for operators. */
    public record StoredBill(long id, String gateway, String fileName, String status, LocalDate billDate,
            LocalDate lastBillDate, long lines, long newLines, long rejected, String failureReason,
            String failureDetail, Instant importedAt) {
    }

    /** Bills of {@code gateway} (all when null) with {@code status} (all when null), newest first. */
    public List<StoredBill> list(String gateway, String status, int limit) {
        return jdbc.sql(SELECT_BILL + """
                         where (cast(:gateway as varchar(20)) is null or gateway = :gateway)
                           and (cast(:status as varchar(10)) is null or status = :status)
                           and status <> 'IMPORTING'
                         order by imported_at desc, id desc
                         limit :limit
                        """)
                .param("gateway", gateway)
                .param("status", status)
                .param("limit", limit)
                .query(SettlementBills::storedBill)
                .list();
    }

    /** One bill. */
    public Optional<StoredBill> find(long id) {
        return jdbc.sql(SELECT_BILL + " where id = :id").param("id", id).query(SettlementBills::storedBill).optional();
    }

    private static final String SELECT_BILL = """
            select id, gateway, file_name, status, bill_date, last_bill_date, line_count, new_line_count,
                   rejected_count, failure_reason, failure_detail, imported_at
              from settlement_bill
            """;

    private static StoredBill storedBill(java.sql.ResultSet rs, int n) throws SQLException {
        return new StoredBill(rs.getLong("id"), rs.getString("gateway"), rs.getString("file_name"),
                rs.getString("status"), localDate(rs.getDate("bill_date")), localDate(rs.getDate("last_bill_date")),
                rs.getLong("line_count"), rs.getLong("new_line_count"), rs.getLong("rejected_count"),
                rs.getString("failure_reason"), rs.getString("failure_detail"), rs.getTimestamp("imported_at").toInstant());
    }

    /** The rejected lines of a bill, by line number. */
    public List<RejectedLine> rejected(long billId, int limit) {
        return jdbc.sql("""
                        select line_number, reason from settlement_rejected_line where bill_id = :id
                         order by line_number limit :limit
                        """)
                .param("id", billId)
                .param("limit", limit)
                .query((rs, n) -> new RejectedLine(rs.getLong("line_number"), rs.getString("reason")))
                .list();
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }

    private static String truncate(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

}
