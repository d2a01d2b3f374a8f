package com.ledgerbridge.storage;

import com.ledgerbridge.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;

class AuditTrailOnH2Test extends AuditTrailTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    void tamper(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            execute(c, statements);
        }
    }
}
