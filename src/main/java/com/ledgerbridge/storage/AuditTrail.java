package com.ledgerbridge.storage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.ledgerbridge.domain.audit.AuditChain;
import com.ledgerbridge.domain.audit.AuditChainCheck;
import com.ledgerbridge.domain.audit.AuditEvent;
import com.ledgerbridge.domain.audit.AuditVerification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, hash-chained audit trail (table audit_event, Flyway V8): who did what, when, to which subject,
 * with its state before and after. There is no update or delete here, on purpose; on PostgreSQL triggers refuse them
 * too (db/vendor/postgresql/V8_1).
 *
 * <p>{@link #append} joins the caller's transaction (or makes its own), so an action and its audit entry commit
 * together or not at all. It locks the chain's head row until that transaction ends: appends from every thread and
 * instance are serialised into one chain, and a second entry naming the same predecessor fails on a unique
 * constraint. Keep the transactions that append short.
 */
@Repository
public class AuditTrail {

    /** The actor of work no person asked for (schedules, stages). */
    public static final String SYSTEM = "system";

    static final int VERIFY_BATCH = 1000;
    static final int LIST_LIMIT = 1000;

    /** before/after are written with sorted keys and plain decimals, so the same state gives the same text. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int verifyBatch;

    @Autowired
    public AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this(jdbc, transactionManager, clock, VERIFY_BATCH);
    }

    /** For tests: a small batch makes verify cross batch boundaries. */
    AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock, int verifyBatch) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.clock = clock;
        this.verifyBatch = verifyBatch;
    }

    /** Over a bare data source (tests, tools). */
    public static AuditTrail over(DataSource dataSource, Clock clock, int verifyBatch) {
        return new AuditTrail(JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource), clock,
                verifyBatch);
    }

    /**
     * Appends one entry after the chain's head, inside the caller's transaction if there is one.
     *
     * @param actor       the authenticated principal ({@code security/OperatorIdentity}), or {@link #SYSTEM}
     * @param action      what was done, dotted lower case, e.g. {@code ledger.dead-letters.redrive}
     * @param subjectType what kind of thing it was done to, e.g. {@code journal_entry}
     * @param subjectId   which one(s)
     * @param before      its state before (anything Jackson writes, a {@link JsonNode} as it is); null for none
     * @param after       its state after; null for none
     * @return the entry as written, with its sequence and hash
     */
    public AuditEvent append(String actor, String action, String subjectType, String subjectId, Object before,
                             Object after) {
        required(actor, "actor", 200);
        required(action, "action", 100);
        required(subjectType, "subjectType", 100);
        required(subjectId, "subjectId", 200);
        String beforeJson = json(before);
        String afterJson = json(after);
        return transactions.execute(status -> {
            Head head = jdbc.sql("select last_sequence, last_hash from audit_chain_head where id = 1 for update")
                    .query((rs, n) -> new Head(rs.getLong("last_sequence"), rs.getString("last_hash")))
                    .single();
            AuditEvent event = AuditChain.link(head.sequence() + 1, clock.instant(), actor, action, subjectType,
                    subjectId, beforeJson, afterJson, head.hash());
            jdbc.sql("""
                            insert into audit_event (sequence, at, actor, action, subject_type, subject_id, before_json,
                                                     after_json, previous_hash, hash)
                            values (:sequence, :at, :actor, :action, :subjectType, :subjectId, :before, :after,
                                    :previousHash, :hash)
                            """)
                    .param("sequence", event.sequence())
                    .param("at", OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC))
                    .param("actor", event.actor())
                    .param("action", event.action())
                    .param("subjectType", event.subjectType())
                    .param("subjectId", event.subjectId())
                    .param("before", event.beforeJson())
                    .param("after", event.afterJson())
                    .param("previousHash", event.previousHash())
                    .param("hash", event.hash())
                    .update();
            jdbc.sql("update audit_chain_head set last_sequence = :sequence, last_hash = :hash where id = 1")
                    .param("sequence", event.sequence())
                    .param("hash", event.hash())
                    .update();
            return event;
        });
    }

    /**
     * Walks the whole chain from the first entry, a batch at a time, and reports the first broken link (or that there
     * is none) up to the head as it was when the walk began; entries appended meanwhile are left for the next walk.
     */
    public AuditVerification verify() {
        Head head = jdbc.sql("select last_sequence, last_hash from audit_chain_head where id = 1")
                .query((rs, n) -> new Head(rs.getLong("last_sequence"), rs.getString("last_hash")))
                .single();
        AuditChainCheck check = new AuditChainCheck();
        long after = Long.MIN_VALUE;
        while (!check.isBroken()) {
            List<AuditEvent> batch = read(after, head.sequence(), verifyBatch);
            batch.forEach(check::accept);
            if (batch.size() < verifyBatch) {
                break;
            }
            after = batch.get(batch.size() - 1).sequence();
        }
        return check.finish(head.sequence(), head.hash());
    }

    /** Entries after {@code after} (0 for the first), in order, at most {@code limit} (1-1000, default 100). */
    public List<AuditEvent> entries(Long after, Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > LIST_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + LIST_LIMIT + ", was " + size);
        }
        return read(after == null ? 0 : after, Long.MAX_VALUE, size);
    }

    /**
     * One entry as the operations API shows it: {@code at} and the JSON states exactly as they were hashed, so anyone
     * can recompute the chain from these pages (domain/audit/AuditChain states the encoding).
     */
    public record Entry(long sequence, String at, String actor, String action, String subjectType, String subjectId,
                        String beforeJson, String afterJson, String previousHash, String hash) {

        static Entry of(AuditEvent e) {
            return new Entry(e.sequence(), AuditChain.format(e.at()), e.actor(), e.action(), e.subjectType(),
                    e.subjectId(), e.beforeJson(), e.afterJson(), e.previousHash(), e.hash());
        }
    }

    /** {@link #entries} for the operations API. */
    public List<Entry> page(Long after, Integer limit) {
        return entries(after, limit).stream().map(Entry::of).toList();
    }

    private List<AuditEvent> read(long after, long upTo, int size) {
        return jdbc.sql("""
                        select sequence, at, actor, action, subject_type, subject_id, before_json, after_json,
                               previous_hash, hash
                          from audit_event
                         where sequence > :after and sequence <= :upTo
                         order by sequence
                         limit :size
                        """)
                .param("after", after)
                .param("upTo", upTo)
                .param("size", size)
                .query(AuditTrail::event)
                .list();
    }

    private static AuditEvent event(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getLong("sequence"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getString("action"), rs.getString("subject_type"),
                rs.getString("subject_id"), rs.getString("before_json"), rs.getString("after_json"),
                rs.getString("previous_hash"), rs.getString("hash"));
    }

    static String json(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the audit state cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void required(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs its " + name);
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException("an audit entry's " + name + " is at most " + maxLength
                    + " characters, was " + value.length());
        }
    }

    private record Head(long sequence, String hash) {
    }
}
