package com.ledgerbridge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.domain.audit.AuditChain;
import com.ledgerbridge.domain.audit.AuditEvent;
import com.ledgerbridge.domain.audit.AuditVerification;
import com.ledgerbridge.testing.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail on a real database, migrated by Flyway as the application migrates it (db/migration plus
 * db/vendor/&lt;database&gt;): one unbroken chain under concurrent appends, and every kind of tampering found by verify.
 * Tampering goes round the application, as someone with database access would (on PostgreSQL with the append-only
 * triggers switched off for that session, which only a superuser or the owner can do).
 */
abstract class AuditTrailTest {

    /** Small, so that verify crosses batch boundaries. */
    static final int BATCH = 7;

    static final ObjectMapper JSON = new ObjectMapper();

    HikariDataSource dataSource;
    JdbcClient jdbc;
    AuditTrail trail;

    abstract TestDatabase database();

    @BeforeEach
    void migrate() {
        Map<String, Supplier<Object>> settings = new HashMap<>();
        database().register(settings::put);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl((String) settings.get("spring.datasource.url").get());
        config.setUsername((String) settings.get("spring.datasource.username").get());
        config.setPassword("");
        config.setMaximumPoolSize(10);
        dataSource = new HikariDataSource(config);
        var flyway = Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor());
        if (settings.containsKey("spring.flyway.schemas")) {
            flyway.schemas((String) settings.get("spring.flyway.schemas").get());
        }
        flyway.load().migrate();
        jdbc = JdbcClient.create(dataSource);
        trail = AuditTrail.over(dataSource, Clock.systemUTC(), BATCH);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    String vendor() {
        return database() == TestDatabase.POSTGRESQL ? "postgresql" : "h2";
    }

    /** Runs SQL as someone with database access who goes round the application. */
    abstract void tamper(String... statements) throws SQLException;

    List<AuditEvent> appendSome(int count) {
        List<AuditEvent> written = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            written.add(trail.append("operator-" + i, "exception.write-off", "invoice", "INV-" + i,
                    Map.of("open", new BigDecimal("0.0" + (i % 10))), Map.of("open", BigDecimal.ZERO.setScale(2))));
        }
        return written;
    }

    @Test
    void appendsFormOneChainThatVerifies() throws Exception {
        assertThat(trail.verify().intact()).as("an empty trail").isTrue();

        List<AuditEvent> written = appendSome(25);
        assertThat(written).extracting(AuditEvent::sequence).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(written.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
        for (int i = 1; i < written.size(); i++) {
            assertThat(written.get(i).previousHash()).isEqualTo(written.get(i - 1).hash());
        }

        AuditVerification verdict = trail.verify();
        assertThat(verdict.intact()).as(verdict.toString()).isTrue();
        assertThat(verdict.entriesChecked()).isEqualTo(25);
        assertThat(verdict.lastGoodSequence()).isEqualTo(25);
        assertThat(verdict.lastGoodHash()).isEqualTo(written.get(24).hash());

        // what is read back is what was hashed: time to the microsecond, JSON with sorted keys and plain decimals
        List<AuditEvent> stored = trail.entries(0L, 1000);
        assertThat(stored).containsExactlyElementsOf(written);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("zeta", 1);
        state.put("alpha", new BigDecimal("1E+3"));
        state.put("at", Instant.parse("2026-03-01T00:00:00Z"));
        AuditEvent withState = trail.append("alice", "payment.refund", "payment", "alipay:2026", null, state);
        assertThat(withState.beforeJson()).isNull();
        assertThat(withState.afterJson()).isEqualTo("{\"alpha\":1000,\"at\":\"2026-03-01T00:00:00Z\",\"zeta\":1}");
        assertThat(trail.entries(25L, 10)).containsExactly(withState);
        assertThat(JSON.readTree(trail.entries(25L, 1).get(0).afterJson()).path("zeta").asInt()).isEqualTo(1);
    }

    @Test
    void anEntryWhoseAfterStateWasChangedIsFound() throws Exception {
        appendSome(12);
        tamper("update audit_event set after_json = '{\"open\":\"999.00\"}' where sequence = 9");
        AuditVerification verdict = trail.verify();
        assertThat(verdict.intact()).isFalse();
        assertThat(verdict.brokenAtSequence()).isEqualTo(9);
        assertThat(verdict.entriesChecked()).isEqualTo(8);
        assertThat(verdict.problem()).contains("changed after it was written");
    }

    @Test
    void anEntryChangedWithItsHashRecomputedIsFoundAtTheNextLink() throws Exception {
        List<AuditEvent> written = appendSome(12);
        AuditEvent fifth = written.get(4);
        AuditEvent forged = AuditChain.link(5, fifth.at(), "someone-else", fifth.action(), fifth.subjectType(),
                fifth.subjectId(), fifth.beforeJson(), fifth.afterJson(), fifth.previousHash());
        tamper("update audit_event set actor = 'someone-else', hash = '" + forged.hash() + "' where sequence = 5");
        AuditVerification verdict = trail.verify();
        assertThat(verdict.brokenAtSequence()).isEqualTo(6);
        assertThat(verdict.problem()).contains("does not link to entry 5");
    }

    @Test
    void aDeletedEntryIsFound() throws Exception {
        appendSome(12);
        tamper("delete from audit_event where sequence = 8");
        AuditVerification verdict = trail.verify();
        assertThat(verdict.brokenAtSequence()).isEqualTo(8);
        assertThat(verdict.problem()).contains("entry 8 is missing");
    }

    @Test
    void entriesDeletedFromTheEndAreFound() throws Exception {
        appendSome(12);
        tamper("delete from audit_event where sequence >= 11");
        AuditVerification verdict = trail.verify();
        assertThat(verdict.intact()).isFalse();
        assertThat(verdict.brokenAtSequence()).isEqualTo(11);
        assertThat(verdict.problem()).contains("removed from the end");
    }

    @Test
    void reorderedEntriesAreFound() throws Exception {
        appendSome(12);
        // entries 3 and 4 trade places: each takes the other's sequence number
        tamper("update audit_event set sequence = -3 where sequence = 3",
                "update audit_event set sequence = 3 where sequence = 4",
                "update audit_event set sequence = 4 where sequence = -3");
        AuditVerification verdict = trail.verify();
        assertThat(verdict.brokenAtSequence()).isEqualTo(3);
        assertThat(verdict.entriesChecked()).isEqualTo(2);
    }

    @Test
    void aSecondEntryAfterTheSamePredecessorIsRefusedByTheSchema() {
        List<AuditEvent> written = appendSome(3);
        AuditEvent fork = AuditChain.link(4, Instant.now(), "mallory", "x", "y", "z", null, null,
                written.get(1).hash());
        assertThatThrownBy(() -> jdbc.sql("""
                        insert into audit_event (sequence, at, actor, action, subject_type, subject_id, previous_hash, hash)
                        values (:s, :at, :actor, 'x', 'y', 'z', :previous, :hash)
                        """)
                .param("s", fork.sequence()).param("at", fork.at().atOffset(ZoneOffset.UTC))
                .param("actor", fork.actor()).param("previous", fork.previousHash()).param("hash", fork.hash())
                .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause().message().containsIgnoringCase("uq_audit_event_previous_hash");
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void concurrentAppendsFromEightThreadsFormOneUnbrokenChain() throws Exception {
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String actor = "thread-" + t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> sequences = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        sequences.add(trail.append(actor, "concurrent", "test", actor + "-" + i, null,
                                Map.of("i", i)).sequence());
                    }
                    return sequences;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * each).doesNotHaveDuplicates();
            assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(threads * each);
        } finally {
            pool.shutdownNow();
        }
        AuditVerification verdict = trail.verify();
        assertThat(verdict.intact()).as(verdict.toString()).isTrue();
        assertThat(verdict.entriesChecked()).isEqualTo(threads * each);
        assertThat(jdbc.sql("select count(distinct actor) from audit_event").query(Long.class).single())
                .isEqualTo(threads);
    }

    @Test
    void anEntryIsWrittenWithTheCallersTransactionOrNotAtAll() {
        TransactionTemplate caller = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        caller.executeWithoutResult(status -> {
            trail.append("alice", "exception.resolve", "exception", "17", null, Map.of("resolved", true));
            status.setRollbackOnly();
        });
        assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isZero();
        assertThat(trail.verify().intact()).isTrue();

        AuditEvent kept = caller.execute(status -> trail.append("alice", "exception.resolve", "exception", "17", null,
                Map.of("resolved", true)));
        assertThat(kept.sequence()).isEqualTo(1);
        assertThat(trail.verify().entriesChecked()).isEqualTo(1);
    }

    @Test
    void anEntryNeedsItsWhoWhatAndSubject() {
        assertThatThrownBy(() -> trail.append(" ", "a", "t", "1", null, null)).hasMessageContaining("actor");
        assertThatThrownBy(() -> trail.append("alice", "a", "t", "x".repeat(201), null, null))
                .hasMessageContaining("subjectId");
        assertThatThrownBy(() -> trail.entries(0L, 1001)).hasMessageContaining("limit");
        assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isZero();
    }

    static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
