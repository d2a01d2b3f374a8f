package com.ledgerbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database an integration test runs on. PostgreSQL (production's database) is used whenever it is
 * reachable on 127.0.0.1:5432; with CI=true it is required, and a test that cannot reach it fails rather
 * than quietly falling back to H2. Each Spring context gets its own fresh schema (PostgreSQL) or
 * in-memory database (H2), so tests never see each other's rows.
 */
public enum TestDatabase {
    H2,
    POSTGRESQL;

    public static final String POSTGRES_URL = System.getProperty("ledgerbridge.test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = System.getProperty("ledgerbridge.test.postgres.user", "postgres");

    /** PostgreSQL when reachable or when CI insists on it; H2 otherwise. Override with -Dledgerbridge.test.database. */
    public static TestDatabase standard() {
        String chosen = System.getProperty("ledgerbridge.test.database", "");
        if (!chosen.isBlank() && !chosen.startsWith("$")) {
            return valueOf(chosen.toUpperCase(Locale.ROOT));
        }
        return isCi() || postgresReachable() ? POSTGRESQL : H2;
    }

    /** For tests pinned to PostgreSQL: run when CI demands it (and then fail if it is down) or when it is up. */
    public static boolean postgresRequiredOrReachable() {
        return isCi() || postgresReachable();
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static boolean postgresReachable() {
        try (Connection ignored = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Points the Spring context at a fresh database of this kind. */
    public void register(DynamicPropertyRegistry registry) {
        String name = "lb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        switch (this) {
            case H2 -> {
                registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
                registry.add("spring.datasource.username", () -> "sa");
                registry.add("spring.datasource.password", () -> "");
            }
            case POSTGRESQL -> {
                createSchema(name);
                registry.add("spring.datasource.url", () -> POSTGRES_URL + "?currentSchema=" + name);
                registry.add("spring.datasource.username", () -> POSTGRES_USER);
                registry.add("spring.datasource.password", () -> "");
                registry.add("spring.flyway.schemas", () -> name);
            }
        }
    }

    private static void createSchema(String name) {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                Statement s = c.createStatement()) {
            s.execute("create schema " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + POSTGRES_URL + " is required"
                    + (isCi() ? " (CI=true)" : "") + " but could not be used: " + e.getMessage(), e);
        }
    }
}
