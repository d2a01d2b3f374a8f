package com.ledgerbridge.storage;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The few places where PostgreSQL (production) and H2 (the embedded default) need different SQL: PostgreSQL loads
 * bulk rows with COPY, and sorts text by code point only when told to ({@code collate "C"}), whatever the database's
 * own collation. Everything else is the portable SQL both run.
 */
@Component
public class SqlDialect {

    private final boolean postgres;

    public SqlDialect(DataSource dataSource) {
        String product = new JdbcTemplate(dataSource).execute((ConnectionCallback<String>) connection -> {
            DatabaseMetaData meta = connection.getMetaData();
            return meta.getDatabaseProductName();
        });
        this.postgres = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** {@code expression} ordered by code point, as {@link String#compareTo} orders (H2 already compares so). */
    String codePointOrder(String expression) {
        return postgres ? expression + " collate \"C\"" : expression;
    }
}
