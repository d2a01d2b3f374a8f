package com.ledgerbridge.storage;

import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.failure.TransientFailure;
import jakarta.annotation.PreDestroy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payment inbox: every accepted gateway event with its raw notification, unique on (gateway, event key).
 * Storing the same event twice stores nothing the second time.
 *
 * <p>Group commit: webhook requests hand their events to {@link #store} and wait; one writer thread takes
 * whatever is waiting (up to {@code max-batch-size}), inserts it with one JDBC batch
 * ({@code insert ... on conflict do nothing}) in one transaction, commits, and only then releases each request
 * with its outcome. When idle, a request goes straight in; requests that arrive while a commit is in flight
 * form the next batch, so under load many notifications share one commit instead of waiting in line for their
 * own. A twin in the same batch, in another batch or on another instance is a duplicate, never an error: the
 * database's unique constraint decides which one is new.
 */
@Repository
public class PaymentInbox {

    private static final Logger log = LoggerFactory.getLogger(PaymentInbox.class);
    private static final long IDLE_CHECK_MS = 200;

    // no conflict target: H2 (MODE=PostgreSQL) accepts only the bare form; the table's one other unique key is
    // its generated id, so on both databases only uq_payment_event_key can make a row a duplicate
    private static final String INSERT = """
            insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                       merchant_reference, amount, currency, occurred_at, payer_id,
                                       raw_payload, received_at, movement_id, memo, status)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED')
            on conflict do nothing
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final PaymentInboxProperties properties;
    private final BlockingQueue<Submission> waiting;
    private final Thread writer;
    private volatile boolean running = true;

    public PaymentInbox(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions,
            Clock clock, PaymentInboxProperties properties) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.properties = properties;
        this.waiting = new ArrayBlockingQueue<>(properties.maxWaiting());
        this.writer = new Thread(this::writeWhileRunning, "payment-inbox-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * The outcome of storing one notification's events, known only after their commit.
     *
     * @param isNew              at least one of the events was stored by this call (the others are duplicates)
     * @param announcesNewEvents this is the one notification of its commit that says the commit stored new
     *                           events, so that a commit wakes the next stage once, not once per notification
     */
    public record Stored(boolean isNew, boolean announcesNewEvents) {
    }

    /**
     * Stores the events of one notification and returns once they are committed (or found stored before).
     *
     * @throws TransientFailure when they could not be stored: database unavailable, too many notifications
     *         waiting, or no commit within {@code commit-timeout-ms}. Nothing is promised then; the gateway
     *         must send the notification again (if the commit did happen after all, that is a duplicate).
     */
    public Stored store(List<PaymentEvent> events, String notificationId, String rawPayload) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events to store");
        }
        if (!running) {
            throw new TransientFailure("payment inbox: shutting down");
        }
        Submission submission = new Submission(List.copyOf(events), notificationId, rawPayload);
        if (!waiting.offer(submission)) {
            throw new TransientFailure("payment inbox: " + properties.maxWaiting() + " notifications already waiting");
        }
        try {
            return submission.result.get(properties.commitTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof TransientFailure failure ? failure
                    : new TransientFailure("payment inbox: could not store", e.getCause());
        } catch (TimeoutException e) {
            throw new TransientFailure("payment inbox: no commit within " + properties.commitTimeoutMs() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("payment inbox: interrupted while waiting for the commit");
        }
    }

    private record Submission(List<PaymentEvent> events, String notificationId, String rawPayload,
            CompletableFuture<Stored> result) {

        Submission(List<PaymentEvent> events, String notificationId, String rawPayload) {
            this(events, notificationId, rawPayload, new CompletableFuture<>());
        }
    }

    /** One row to insert; {@code submission} is the index of the notification it came from. */
    private record Row(int submission, PaymentEvent event, String notificationId, String rawPayload) {
    }

    private static final Comparator<Row> ROW_ORDER = Comparator.<Row, String>comparing(r -> r.event.gateway())
            .thenComparing(r -> r.event.eventKey());

    private void writeWhileRunning() {
        List<Submission> batch = new ArrayList<>(properties.maxBatchSize());
        while (running) {
            Submission first;
            try {
                // no lingering: the first request after a quiet spell goes straight in
                first = waiting.poll(IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            waiting.drainTo(batch, properties.maxBatchSize() - 1);
            write(batch);
            batch.clear();
        }
        List<Submission> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(s -> s.result.completeExceptionally(new TransientFailure("payment inbox: shutting down")));
    }

    private void write(List<Submission> batch) {
        List<Row> rows = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Submission s = batch.get(i);
            for (PaymentEvent event : s.events) {
                // a twin within the batch is left out: the first occurrence decides, the twin is a duplicate
                if (keys.add(event.gateway() + '\u0000' + event.eventKey())) {
                    rows.add(new Row(i, event, s.notificationId, s.rawPayload));
                }
            }
        }
        // every instance inserts in key order, so two batches that share keys wait for each other, never deadlock
        rows.sort(ROW_ORDER);
        int[] counts;
        try {
            counts = insert(rows);
        } catch (DuplicateKeyException | TransientDataAccessException e) {
            // "on conflict do nothing" skips a committed twin; a twin still uncommitted in another instance's
            // transaction can instead fail this one (H2: duplicate key; PostgreSQL: a deadlock, were two batches
            // ever to cross): the retry finds the twin committed and reports a duplicate
            log.debug("Payment inbox batch retried once: {}", e.getMessage());
            try {
                counts = insert(rows);
            } catch (RuntimeException again) {
                fail(batch, again);
                return;
            }
        } catch (RuntimeException e) {
            fail(batch, e);
            return;
        }
        boolean[] isNew = new boolean[batch.size()];
        for (int r = 0; r < rows.size(); r++) {
            // SUCCESS_NO_INFO (a driver that rewrites batches) cannot tell; waking reconciliation once too often is harmless
            if (counts[r] > 0 || counts[r] == Statement.SUCCESS_NO_INFO) {
                isNew[rows.get(r).submission] = true;
            }
        }
        boolean announced = false;
        for (int i = 0; i < batch.size(); i++) {
            boolean announces = isNew[i] && !announced;
            announced |= announces;
            batch.get(i).result.complete(new Stored(isNew[i], announces));
        }
    }

    private int[] insert(List<Row> rows) {
        Timestamp receivedAt = Timestamp.from(Instant.now(clock));
        return transaction.execute(status -> jdbcTemplate.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Row row = rows.get(i);
                PaymentEvent e = row.event;
                ps.setString(1, e.gateway());
                ps.setString(2, e.eventKey());
                ps.setString(3, row.notificationId);
                ps.setString(4, e.type().name());
                ps.setString(5, e.gatewayTradeId());
                ps.setString(6, e.merchantReference());
                ps.setBigDecimal(7, e.amount().amount());
                ps.setString(8, e.amount().currency().getCurrencyCode());
                ps.setTimestamp(9, Timestamp.from(e.occurredAt()));
                ps.setString(10, e.payerId());
                ps.setString(11, row.rawPayload);
                ps.setTimestamp(12, receivedAt);
                ps.setString(13, e.movementId());
                ps.setString(14, e.memo());
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        }));
    }

    private static void fail(List<Submission> batch, RuntimeException cause) {
        log.error("Payment inbox: a batch of {} notifications could not be stored; each is answered 'not stored' "
                + "and the gateways send them again: {}", batch.size(), cause.toString());
        TransientFailure failure = new TransientFailure("payment inbox unavailable: " + cause.getMessage(), cause);
        batch.forEach(s -> s.result.completeExceptionally(failure));
    }

    /** Lets the batch in flight commit (an interrupt could break a database's file I/O), then fails the rest. */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        writer.join(properties.commitTimeoutMs() + IDLE_CHECK_MS);
    }
}
