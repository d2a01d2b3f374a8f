package com.ledgerbridge.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

@EnabledIf(value = "com.ledgerbridge.testing.TestDatabase#postgresRequiredOrReachable",
        disabledReason = "PostgreSQL is not reachable on 127.0.0.1:5432 and CI is not set")
class AuditTrailOnPostgresTest extends AuditTrailTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }

    /** As a superuser who switches the append-only triggers off for this session. */
    @Override
    void tamper(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            execute(c, "set session_replication_role = replica");
            try {
                execute(c, statements);
            } finally {
                execute(c, "set session_replication_role = origin");
            }
        }
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveEntries() {
        appendSome(3);
        for (String sql : new String[] {
                "update audit_event set after_json = '{}' where sequence = 2",
                "delete from audit_event where sequence = 3",
                "truncate audit_event",
                "delete from audit_chain_head",
                "update audit_chain_head set last_sequence = 2",
                "update audit_chain_head set last_sequence = 4, last_hash = '" + "0".repeat(64) + "'"}) {
            assertThatThrownBy(() -> jdbc.sql(sql).update()).as(sql).rootCause()
                    .hasMessageMatching("(?s).*(audit_event is append-only: (UPDATE|DELETE|TRUNCATE) refused"
                            + "|audit_chain_head: DELETE refused|audit_chain_head may only advance).*");
        }
        assertThat(trail.verify().entriesChecked()).isEqualTo(3);
        assertThat(trail.verify().intact()).isTrue();
    }
}
