package com.ledgerbridge.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The harness's own JDBC connection to one schema: creates it, counts in it, drops it. */
final class Database implements AutoCloseable {

    private final String url;
    private final String user;
    private final String schema;
    private Connection connection;

    private Database(String url, String user, String schema) {
        this.url = url;
        this.user = user;
        this.schema = schema;
    }

    /** Creates a fresh schema named {@code bench_<kind>_<time>_<random>} and connects to it. */
    static Database freshSchema(BenchOptions options, String kind) {
        String name = ("bench_" + kind.replaceAll("[^a-z0-9]", "_") + "_"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss")) + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
        try (Connection c = DriverManager.getConnection(options.postgresUrl(), options.postgresUser(), "");
                Statement s = c.createStatement()) {
            s.execute("create schema " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + options.postgresUrl() + " is required: " + e.getMessage(), e);
        }
        return new Database(options.postgresUrl(), options.postgresUser(), name);
    }

    /** Fails fast, before anything is launched, when PostgreSQL cannot be reached. */
    static void check(BenchOptions options) {
        try (Connection ignored = DriverManager.getConnection(options.postgresUrl(), options.postgresUser(), "")) {
            // reachable
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + options.postgresUrl() + " (user " + options.postgresUser()
                    + ") is required by the benchmarks: " + e.getMessage(), e);
        }
    }

    String schema() {
        return schema;
    }

    String schemaUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    String user() {
        return user;
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(schemaUrl(), user, "");
            connection.setAutoCommit(true);
        }
        return connection;
    }

    /** The first row of {@code sql} as longs (counts). */
    long[] longs(String sql) {
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row from " + sql);
            }
            int n = rs.getMetaData().getColumnCount();
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = rs.getLong(i + 1);
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + sql.strip(), e);
        }
    }

    Optional<Instant> instant(String sql) {
        try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Timestamp t = rs.getTimestamp(1);
            return Optional.ofNullable(t).map(Timestamp::toInstant);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /**
     * SHA-256 (hex) of the first column of {@code sql}'s rows, each row's text followed by a newline, read with a
     * streaming cursor (a million decisions are gigabytes of text); and the row count.
     */
    record Digest(String sha256, long rows) {
    }

    Digest sha256(String sql, Object... params) {
        try {
            Connection c = connection();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setFetchSize(5_000);
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
                long rows = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        digest.update(rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        digest.update((byte) '\n');
                        rows++;
                    }
                }
                return new Digest(java.util.HexFormat.of().formatHex(digest.digest()), rows);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e.getMessage() + " in " + sql.strip(), e);
        }
    }

    /** Runs {@code sql} with the given parameters in its own transaction; returns the update count. */
    int update(String sql, Object... params) {
        try (PreparedStatement s = connection().prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + sql.strip(), e);
        }
    }

    /** Closes the connection and drops the schema with everything in it. */
    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // dropping is what matters
        }
        try (Connection c = DriverManager.getConnection(url, user, "");
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            System.out.println("  (could not drop schema " + schema + ": " + e.getMessage() + ")");
        }
    }
}
