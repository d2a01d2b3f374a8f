package com.ledgerbridge.bench;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The yardstick for the webhook benchmark: what a merchant would write by hand for Alipay notifications. A JDK
 * HttpServer endpoint (200 worker threads and TCP_NODELAY, like Tomcat's defaults) that decodes the form, verifies it with the
 * official SDK's {@code AlipaySignature.rsaCheckV1}, does one JDBC INSERT per notification into its own table
 * (HikariCP, 10 connections, like Spring Boot's default; a duplicate trade is caught as the unique-key violation)
 * and answers {@code success}. It runs in its own JVM with the app's -Xmx, started by {@link #launch}.
 */
public final class HandWrittenAlipayReceiver {

    static final String TABLE = "handwritten_alipay_notification";

    private HandWrittenAlipayReceiver() {
    }

    /** args: port, JDBC URL (with currentSchema), user, public key PEM file. */
    public static void main(String[] args) throws Exception {
        // as Tomcat does: answer without Nagle's delay (the JDK server's default would add ~40 ms a request)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(args[0]);
        String publicKey = AlipayNotifications.pemBody(Files.readString(Path.of(args[3]), StandardCharsets.US_ASCII));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setUsername(args[2]);
        config.setPassword("");
        config.setMaximumPoolSize(10);
        HikariDataSource dataSource = new HikariDataSource(config);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists " + TABLE + " ("
                    + " trade_no varchar(64) primary key,"
                    + " notify_id varchar(64) not null,"
                    + " out_trade_no varchar(64) not null,"
                    + " trade_status varchar(32) not null,"
                    + " total_amount numeric(19, 2) not null,"
                    + " raw_payload text not null,"
                    + " received_at timestamp with time zone not null default now())");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(200));
        server.createContext("/health", exchange -> answer(exchange, 200, "UP"));
        server.createContext(AppContract.ALIPAY_WEBHOOK, exchange -> {
            try {
                receive(exchange, publicKey, dataSource);
            } catch (RuntimeException e) {
                answer(exchange, 500, "failure");
            }
        });
        server.start();
        System.out.println("hand-written Alipay receiver listening on 127.0.0.1:" + port);
    }

    private static void receive(HttpExchange exchange, String publicKey, HikariDataSource dataSource) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> params = decode(body);
        String charset = params.getOrDefault("charset", "utf-8");
        boolean valid;
        try {
            valid = AlipaySignature.rsaCheckV1(new HashMap<>(params), publicKey, charset,
                    params.getOrDefault("sign_type", "RSA2"));
        } catch (AlipayApiException e) {
            valid = false;
        }
        if (!valid) {
            answer(exchange, 400, "failure");
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("insert into " + TABLE
                        + " (trade_no, notify_id, out_trade_no, trade_status, total_amount, raw_payload)"
                        + " values (?, ?, ?, ?, ?::numeric, ?)")) {
            insert.setString(1, params.get("trade_no"));
            insert.setString(2, params.get("notify_id"));
            insert.setString(3, params.get("out_trade_no"));
            insert.setString(4, params.get("trade_status"));
            insert.setString(5, params.get("total_amount"));
            insert.setString(6, new String(body, StandardCharsets.ISO_8859_1));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) { // unique_violation: a duplicate is still "success"
                answer(exchange, 500, "failure");
                return;
            }
        }
        answer(exchange, 200, "success");
    }

    /** Form decoding in the charset the notification names (Alipay sends it as a parameter). */
    private static Map<String, String> decode(byte[] body) {
        String ascii = new String(body, StandardCharsets.ISO_8859_1);
        Charset charset = StandardCharsets.UTF_8;
        for (String pair : ascii.split("&")) {
            if (pair.startsWith("charset=")) {
                charset = Charset.forName(URLDecoder.decode(pair.substring(8), StandardCharsets.ISO_8859_1));
            }
        }
        Map<String, String> params = new HashMap<>();
        for (String pair : ascii.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), charset), URLDecoder.decode(pair.substring(eq + 1), charset));
            }
        }
        return params;
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
    }

    // --- launched by the harness ------------------------------------------------------------------------------

    /** The receiver running in its own JVM, on a fresh schema; closing stops it and drops the schema. */
    static final class Launched implements AutoCloseable {
        private final Process process;
        private final Database database;
        private final int port;
        private final Path log;

        private Launched(Process process, Database database, int port, Path log) {
            this.process = process;
            this.database = database;
            this.port = port;
            this.log = log;
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        Database database() {
            return database;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() {
            AppProcess.stop(process, 10);
            database.close();
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    static Launched launch(BenchOptions options, String jvm) throws IOException {
        Database database = Database.freshSchema(options, "webhooks_hand");
        int port = AppProcess.freePort();
        Path log = Files.createTempFile("ledgerbridge-bench-receiver-", ".log");
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : jvm.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HandWrittenAlipayReceiver.class.getName(),
                String.valueOf(port), database.schemaUrl(), database.user(),
                options.projectDir().resolve(AppContract.ALIPAY_PUBLIC_KEY_FILE).toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AppProcess.track(process);
        Launched launched = new Launched(process, database, port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String out = Files.readString(log);
                launched.close();
                throw new IllegalStateException("the hand-written receiver exited: " + out);
            }
            try {
                if (http.send(HttpRequest.newBuilder(launched.url("/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return launched;
                }
            } catch (IOException e) {
                // not yet listening
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Waits.sleep(50);
        }
        launched.close();
        throw new IllegalStateException("the hand-written receiver did not start within 60 s");
    }
}
