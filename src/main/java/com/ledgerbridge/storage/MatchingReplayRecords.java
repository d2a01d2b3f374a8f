package com.ledgerbridge.storage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Matching replays (README "Matching replay"): their inputs, read with streaming queries in one read-only snapshot,
 * and their decisions, written in bulk — on PostgreSQL with COPY, on H2 with JDBC batches. Inputs and decisions use
 * two connections of their own: a connection with an open COPY takes no other statement, and the inputs are read
 * while decisions are written. Nothing here touches an invoice, a payment event or the journal.
 */
@Repository
public class MatchingReplayRecords {

    /** Rows a streaming query fetches per round trip. */
    static final int FETCH_SIZE = 5_000;
    /** COPY data is sent in pieces of about this many characters (below half a G1 region: no humongous objects). */
    private static final int COPY_FLUSH_CHARS = 128 * 1024;
    /** H2: decisions per JDBC batch. */
    private static final int INSERT_BATCH = 1_000;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Clock clock;

    public MatchingReplayRecords(DataSource dataSource, JdbcClient jdbc, SqlDialect dialect, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** An open invoice as stored: what is still owed is {@code gross - allocated}, always positive here. */
    public record OpenInvoiceRow(String invoiceNumber, String crmOrderId, String customerId, Currency currency,
            BigDecimal gross, BigDecimal allocated, LocalDate issueDate, LocalDate dueDate,
            List<com.ledgerbridge.domain.invoicing.Instalment> instalments) {
    }

    /** A stored PAYMENT event, as a replay reads it. */
    public record StoredPayment(long eventId, String paymentKey, BigDecimal amount, Currency currency,
            Instant occurredAt, String payerId, String merchantReference, String memo) {
    }

    /**
     * Which payment events a replay reads: event type PAYMENT, one of {@code statuses}, received in
     * [{@code receivedFrom}, {@code receivedTo}) (each bound optional).
     */
    public record Selection(List<String> statuses, Instant receivedFrom, Instant receivedTo) {

        public Selection {
            statuses = List.copyOf(statuses);
            if (statuses.isEmpty()) {
                throw new IllegalArgumentException("a selection names at least one status");
            }
        }

        public String describe() {
            return "PAYMENT events with status " + String.join(", ", statuses)
                    + (receivedFrom == null ? "" : ", received from " + receivedFrom)
                    + (receivedTo == null ? "" : ", received before " + receivedTo);
        }
    }

    /** Opens the replay's inputs: one read-only, repeatable-read transaction, so all inputs are one snapshot. */
    public Inputs openInputs() {
        return new Inputs();
    }

    /** Stores a new replay as RUNNING (committed at once, so it can be looked at while it runs); its id. */
    public long start(String rulesVersion, String rulesSource, String requestedBy, Selection selection, int threads) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into matching_replay (rules_version, rules_source, requested_by, selection, threads, status,
                                                     started_at, heartbeat_at)
                        values (:version, :source, :by, :selection, :threads, 'RUNNING', :now, :now)
                        """)
                .param("version", rulesVersion)
                .param("source", truncate(rulesSource, 300))
                .param("by", truncate(requestedBy, 200))
                .param("selection", truncate(selection.describe(), 500))
                .param("threads", threads)
                .param("now", Timestamp.from(Instant.now(clock)))
                .update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    /** The running replay is alive (committed at once). */
    public void heartbeat(long replayId) {
        jdbc.sql("update matching_replay set heartbeat_at = :now where id = :id and status = 'RUNNING'")
                .param("now", Timestamp.from(Instant.now(clock))).param("id", replayId).update();
    }

    /**
     * Marks FAILED every RUNNING replay silent for longer than {@code silence}: its instance stopped (a crash, a
     * restart) and it will never finish, so it must not stay RUNNING (and undeletable) for ever. Its decisions were
     * never committed. Returns how many.
     */
    public int abandonSilent(java.time.Duration silence) {
        Instant now = Instant.now(clock);
        return jdbc.sql("""
                        update matching_replay set status = 'FAILED', finished_at = :now,
                               failure = 'abandoned: no sign of life since ' || cast(heartbeat_at as varchar(40))
                                         || ' (its instance stopped); its decisions were never committed'
                        where status = 'RUNNING' and heartbeat_at < :cutoff
                        """)
                .param("now", Timestamp.from(now)).param("cutoff", Timestamp.from(now.minus(silence))).update();
    }

    /** Marks a replay FAILED with the reason (its decisions were rolled back). */
    public void failed(long replayId, String reason) {
        jdbc.sql("update matching_replay set status = 'FAILED', failure = :why, finished_at = :now where id = :id")
                .param("why", truncate(reason == null ? "unknown" : reason, 1000))
                .param("now", Timestamp.from(Instant.now(clock)))
                .param("id", replayId)
                .update();
    }

    /** Deletes a replay that is not RUNNING, with its decisions, in one transaction; whether there was one. */
    @org.springframework.transaction.annotation.Transactional
    public boolean delete(long replayId) {
        jdbc.sql("delete from matching_replay_decision where replay_id = :id and exists "
                        + "(select 1 from matching_replay where id = :id and status <> 'RUNNING')")
                .param("id", replayId).update();
        return jdbc.sql("delete from matching_replay where id = :id and status <> 'RUNNING'").param("id", replayId)
                .update() == 1;
    }

    /** How a finished replay came out. */
    public record Totals(int openItems, int payments, Map<String, Integer> byOutcome, String ruleCountsJson) {
    }

    /** Writes decisions of one replay; {@link DecisionWriter#finish} stores them and the totals in one commit. */
    public DecisionWriter decisionWriter(long replayId) {
        return new DecisionWriter(replayId);
    }

    /** A replay's summary row, or empty. */
    public Optional<Map<String, Object>> summary(long replayId) {
        return jdbc.sql("""
                        select id, rules_version, rules_source, requested_by, selection, threads, status, failure,
                               started_at, finished_at, open_items, payments, matched, partial, overpayment, suggestion,
                               no_match, rule_counts
                        from matching_replay where id = :id
                        """)
                .param("id", replayId)
                .query().listOfRows().stream().findFirst();
    }

    /** One stored decision of a replay. */
    public record StoredDecision(long paymentEventId, String paymentKey, String outcome, String ruleId,
            String rulesVersion, String decisionJson) {
    }

    /** Decisions of a replay after {@code afterEventId}, by payment event id; only {@code outcome} when not null. */
    public List<StoredDecision> decisions(long replayId, String outcome, long afterEventId, int limit) {
        return jdbc.sql("""
                        select payment_event_id, payment_key, outcome, rule_id, rules_version, decision_json
                        from matching_replay_decision
                        where replay_id = :id and payment_event_id > :after
                          and (cast(:outcome as varchar(20)) is null or outcome = :outcome)
                        order by payment_event_id
                        limit :limit
                        """)
                .param("id", replayId).param("after", afterEventId).param("outcome", outcome).param("limit", limit)
                .query((rs, n) -> new StoredDecision(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .list();
    }

    /**
     * How a replay's decisions compare with the live ones (match_decision) for the same payment events: how many
     * events have a live decision, how many of those agree on outcome and rule, and the first differing ones.
     */
    public Map<String, Object> comparison(long replayId, int examples) {
        Map<String, Object> counts = jdbc.sql("""
                        select count(*) as replayed,
                               count(m.id) as with_live_decision,
                               coalesce(sum(case when m.id is not null and m.outcome = r.outcome
                                                  and coalesce(m.rule_id, '-') = coalesce(r.rule_id, '-')
                                                 then 1 else 0 end), 0) as same_outcome_and_rule,
                               coalesce(sum(case when m.id is not null and m.decision_json = r.decision_json
                                                 then 1 else 0 end), 0) as identical
                        from matching_replay_decision r
                        left join match_decision m on m.payment_event_id = r.payment_event_id
                        where r.replay_id = :id
                        """)
                .param("id", replayId).query().singleRow();
        List<Map<String, Object>> differing = jdbc.sql("""
                        select r.payment_event_id, r.payment_key, m.outcome as live_outcome, m.rule_id as live_rule,
                               m.rules_version as live_rules_version, r.outcome as replay_outcome,
                               r.rule_id as replay_rule
                        from matching_replay_decision r
                        join match_decision m on m.payment_event_id = r.payment_event_id
                        where r.replay_id = :id
                          and (m.outcome <> r.outcome or coalesce(m.rule_id, '-') <> coalesce(r.rule_id, '-'))
                        order by r.payment_event_id
                        limit :limit
                        """)
                .param("id", replayId).param("limit", examples).query().listOfRows();
        Map<String, Object> result = new LinkedHashMap<>();
        long replayed = ((Number) counts.get("replayed")).longValue();
        long live = ((Number) counts.get("with_live_decision")).longValue();
        long same = ((Number) counts.get("same_outcome_and_rule")).longValue();
        result.put("replayed", replayed);
        result.put("withLiveDecision", live);
        result.put("withoutLiveDecision", replayed - live);
        result.put("sameOutcomeAndRule", same);
        result.put("differentOutcomeOrRule", live - same);
        result.put("identicalDecision", ((Number) counts.get("identical")).longValue());
        result.put("firstDifferences", differing);
        return result;
    }

    /** The inputs of one replay, read in one read-only snapshot on a connection of their own. */
    public final class Inputs implements AutoCloseable {

        private final Connection connection;

        private Inputs() {
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false); // PostgreSQL streams (fetch size) only inside a transaction
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setReadOnly(true);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open the replay's inputs: " + e.getMessage(), e);
            }
        }

        /**
         * Every open invoice (gross above what is allocated), streamed in invoice number order. Repeated customer
         * ids and currencies are handed out as one instance each, so a million invoices of a hundred thousand
         * customers hold a hundred thousand customer strings.
         */
        public void openInvoices(Consumer<OpenInvoiceRow> each) {
            Map<String, String> customers = new HashMap<>();
            Map<String, Currency> currencies = new HashMap<>();
            // the schedules of open invoices under split terms first (a few of them), then every open invoice
            Map<String, List<com.ledgerbridge.domain.invoicing.Instalment>> schedules = new HashMap<>();
            stream("""
                    select i.invoice_number, i.currency, s.instalment_no, s.due_date, s.amount
                    from invoice_instalment s join invoice i on i.id = s.invoice_id
                    where i.gross_total > i.allocated_total
                    order by s.invoice_id, s.instalment_no
                    """, List.of(), rs -> schedules.computeIfAbsent(rs.getString(1), n -> new ArrayList<>())
                    .add(new com.ledgerbridge.domain.invoicing.Instalment(rs.getInt(3), rs.getDate(4).toLocalDate(),
                            com.ledgerbridge.domain.money.Money.of(rs.getBigDecimal(5),
                                    currencies.computeIfAbsent(rs.getString(2).trim(), Currency::getInstance)))));
            stream("""
                    select invoice_number, crm_order_id, customer_id, currency, gross_total, allocated_total, issue_date,
                           due_date
                    from invoice where gross_total > allocated_total
                    """, List.of(), rs -> each.accept(new OpenInvoiceRow(rs.getString(1), rs.getString(2),
                    customers.computeIfAbsent(rs.getString(3), c -> c),
                    currencies.computeIfAbsent(rs.getString(4).trim(), Currency::getInstance), rs.getBigDecimal(5),
                    rs.getBigDecimal(6), rs.getDate(7).toLocalDate(), rs.getDate(8).toLocalDate(),
                    schedules.getOrDefault(rs.getString(1), List.of()))));
        }

        /**
         * Which customer each payer is, learned as {@link PaymentStore#customersOfPayers} learns it (a payer whose
         * earlier applied payments went to one customer's invoices is that customer; one seen paying for several is
         * left out), for every payer at once with one streaming query.
         */
        public Map<String, String> customersOfPayers() {
            Map<String, String> customers = new HashMap<>();
            Map<String, String> interned = new HashMap<>();
            Set<String> ambiguous = new HashSet<>();
            stream("""
                    select distinct p.payer_id, i.customer_id from payment_event p
                    join allocation a on a.payment_event_id = p.id
                    join invoice i on i.id = a.invoice_id
                    where p.payer_id is not null and p.payer_id <> ''
                    """, List.of(), rs -> {
                        String payer = rs.getString(1);
                        String customer = interned.computeIfAbsent(rs.getString(2), c -> c);
                        if (customers.putIfAbsent(payer, customer) != null) {
                            ambiguous.add(payer);
                        }
                    });
            ambiguous.forEach(customers::remove);
            return customers;
        }

        /** The selected PAYMENT events by id, handed over in lists of up to {@code batchSize}. */
        public void payments(Selection selection, int batchSize, Consumer<List<StoredPayment>> batch) {
            StringBuilder sql = new StringBuilder("""
                    select id, gateway, gateway_trade_id, amount, currency, occurred_at, payer_id, merchant_reference, memo
                    from payment_event
                    where event_type = 'PAYMENT' and status in (""");
            List<Object> params = new ArrayList<>(selection.statuses());
            for (int i = 0; i < selection.statuses().size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
            if (selection.receivedFrom() != null) {
                sql.append(" and received_at >= ?");
                params.add(Timestamp.from(selection.receivedFrom()));
            }
            if (selection.receivedTo() != null) {
                sql.append(" and received_at < ?");
                params.add(Timestamp.from(selection.receivedTo()));
            }
            sql.append(" order by id");
            Map<String, Currency> currencies = new HashMap<>();
            List<StoredPayment> pending = new ArrayList<>(batchSize);
            stream(sql.toString(), params, rs -> {
                String gateway = rs.getString(2);
                pending.add(new StoredPayment(rs.getLong(1), gateway + ":" + rs.getString(3), rs.getBigDecimal(4),
                        currencies.computeIfAbsent(rs.getString(5).trim(), Currency::getInstance),
                        rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8), rs.getString(9)));
                if (pending.size() == batchSize) {
                    batch.accept(List.copyOf(pending));
                    pending.clear();
                }
            });
            if (!pending.isEmpty()) {
                batch.accept(List.copyOf(pending));
            }
        }

        private void stream(String sql, List<Object> params, RowHandler row) {
            try (PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                for (int i = 0; i < params.size(); i++) {
                    statement.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        row.handle(rs);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the replay's inputs: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                connection.rollback(); // read only: nothing to keep
            } catch (SQLException ignored) {
                // closing is what matters
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the pool replaces a broken connection
            }
        }
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    /**
     * Collects one replay's decisions on a connection of its own, in one transaction: nothing of a replay that
     * fails half-way is kept. PostgreSQL: one COPY for all of them, fed as they come by a sender thread, so that
     * deciding the next payments and PostgreSQL storing the last ones overlap (a million decisions are over a
     * gigabyte of JSON); the sender is the only user of the connection until the COPY ends. H2: JDBC batches.
     */
    public final class DecisionWriter implements AutoCloseable {

        private static final byte[] END = new byte[0];

        private final long replayId;
        private final Connection connection;
        private final StringBuilder buffer = new StringBuilder(COPY_FLUSH_CHARS + 8192);
        private CopyIn copy;
        private Thread sender;
        private final java.util.concurrent.BlockingQueue<byte[]> pieces = new java.util.concurrent.ArrayBlockingQueue<>(8);
        private volatile SQLException sendFailure;
        private PreparedStatement insert;
        private int batched;
        private boolean finished;

        private DecisionWriter(long replayId) {
            this.replayId = replayId;
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot store replay decisions: " + e.getMessage(), e);
            }
        }

        /**
         * One decision. {@code json} renders the canonical decision JSON into the builder it is given (which it
         * must only append to).
         */
        public void add(long paymentEventId, String paymentKey, String outcome, String ruleId, String rulesVersion,
                Consumer<StringBuilder> json) {
            try {
                if (dialect.isPostgres()) {
                    buffer.append(replayId).append('\t').append(paymentEventId).append('\t');
                    copyField(paymentKey).append('\t');
                    copyField(outcome).append('\t');
                    copyField(ruleId).append('\t');
                    copyField(rulesVersion).append('\t');
                    int from = buffer.length();
                    json.accept(buffer);
                    // COPY text format: JSON has no raw tab, newline or carriage return (it escapes control
                    // characters), so only its backslashes need doubling
                    escapeBackslashesFrom(from);
                    buffer.append('\n');
                    if (buffer.length() >= COPY_FLUSH_CHARS) {
                        flush();
                    }
                } else {
                    if (insert == null) {
                        insert = connection.prepareStatement("""
                                insert into matching_replay_decision (replay_id, payment_event_id, payment_key, outcome,
                                                                      rule_id, rules_version, decision_json)
                                values (?, ?, ?, ?, ?, ?, ?)
                                """);
                    }
                    StringBuilder text = new StringBuilder(1024);
                    json.accept(text);
                    insert.setLong(1, replayId);
                    insert.setLong(2, paymentEventId);
                    insert.setString(3, paymentKey);
                    insert.setString(4, outcome);
                    insert.setString(5, ruleId);
                    insert.setString(6, rulesVersion);
                    insert.setString(7, text.toString());
                    insert.addBatch();
                    if (++batched == INSERT_BATCH) {
                        insert.executeBatch();
                        batched = 0;
                    }
                }
            } catch (SQLException e) {
                throw failed(e);
            }
        }

        private StringBuilder copyField(String value) {
            return CopyText.field(buffer, value);
        }

        private void escapeBackslashesFrom(int from) {
            int first = buffer.indexOf("\\", from); // most decisions have none; indexOf is the fast scan
            if (first < 0) {
                return;
            }
            String rest = buffer.substring(first);
            buffer.setLength(first);
            for (int i = 0; i < rest.length(); i++) {
                char c = rest.charAt(i);
                buffer.append(c);
                if (c == '\\') {
                    buffer.append('\\');
                }
            }
        }

        private void flush() throws SQLException {
            if (buffer.isEmpty()) {
                return;
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            if (copy == null) {
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy matching_replay_decision "
                        + "(replay_id, payment_event_id, payment_key, outcome, rule_id, rules_version, decision_json) "
                        + "from stdin");
                CopyIn started = copy;
                sender = new Thread(() -> send(started), "matching-replay-copy-" + replayId);
                sender.setDaemon(true);
                sender.start();
            }
            hand(bytes);
        }

        /** Gives a piece to the sender, waiting while it is eight pieces behind; fails if the sender has. */
        private void hand(byte[] piece) throws SQLException {
            try {
                while (!pieces.offer(piece, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    checkSender();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while storing replay decisions", e);
            }
            checkSender();
        }

        private void checkSender() throws SQLException {
            if (sendFailure != null) {
                throw sendFailure;
            }
            if (!sender.isAlive() && !pieces.isEmpty()) {
                throw new SQLException("the COPY sender stopped");
            }
        }

        /** The sender thread: writes pieces to the COPY until the end marker (or a failure, which it keeps). */
        private void send(CopyIn target) {
            try {
                while (true) {
                    byte[] piece = pieces.take();
                    if (piece == END) {
                        return;
                    }
                    target.writeToCopy(piece, 0, piece.length);
                }
            } catch (SQLException e) {
                sendFailure = e;
            } catch (InterruptedException e) {
                sendFailure = new SQLException("interrupted while storing replay decisions", e);
            }
        }

        /** Waits until the sender has written every piece; the connection is then this thread's again. */
        private void stopSender(boolean drain) throws SQLException {
            if (sender == null) {
                return;
            }
            if (drain) {
                hand(END);
            } else {
                sender.interrupt();
            }
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while storing replay decisions", e);
            } finally {
                sender = null;
            }
            if (sendFailure != null) {
                throw sendFailure;
            }
        }

        /** Ends the bulk load, stores the totals and marks the replay FINISHED, all in one commit. */
        public void finish(Totals totals) {
            try {
                if (dialect.isPostgres()) {
                    flush();
                    stopSender(true);
                    if (copy != null) {
                        copy.endCopy(); // the connection takes other statements only after this
                        copy = null;
                    }
                } else if (insert != null) {
                    if (batched > 0) {
                        insert.executeBatch();
                    }
                    insert.close();
                    insert = null;
                }
                try (PreparedStatement update = connection.prepareStatement("""
                        update matching_replay set status = 'FINISHED', finished_at = ?, open_items = ?, payments = ?,
                               matched = ?, partial = ?, overpayment = ?, suggestion = ?, no_match = ?, rule_counts = ?
                        where id = ?
                        """)) {
                    update.setTimestamp(1, Timestamp.from(Instant.now(clock)));
                    update.setInt(2, totals.openItems());
                    update.setInt(3, totals.payments());
                    update.setInt(4, totals.byOutcome().getOrDefault("MATCH", 0));
                    update.setInt(5, totals.byOutcome().getOrDefault("PARTIAL", 0));
                    update.setInt(6, totals.byOutcome().getOrDefault("OVERPAYMENT", 0));
                    update.setInt(7, totals.byOutcome().getOrDefault("SUGGESTION", 0));
                    update.setInt(8, totals.byOutcome().getOrDefault("NO_MATCH", 0));
                    update.setString(9, truncate(totals.ruleCountsJson(), 4000));
                    update.setLong(10, replayId);
                    update.executeUpdate();
                }
                connection.commit();
                finished = true;
            } catch (SQLException e) {
                throw failed(e);
            }
        }

        private RuntimeException failed(SQLException e) {
            cancel();
            return new IllegalStateException("could not store replay decisions: " + e.getMessage(), e);
        }

        private void cancel() {
            try {
                stopSender(false);
            } catch (SQLException ignored) {
                // cancelled next
            }
            if (copy != null && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // rolled back next
                }
            }
            copy = null;
        }

        @Override
        public void close() {
            if (!finished) {
                cancel();
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // closing discards it anyway
                }
            }
            try {
                if (insert != null) {
                    insert.close();
                }
                connection.close();
            } catch (SQLException ignored) {
                // the pool replaces a broken connection
            }
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
