package com.ledgerbridge.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ledgerbridge.LedgerbridgeApplication;
import com.ledgerbridge.simulators.crm.GenericRestCrmSimulator;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real instances of the application (forked JVMs) share one database and pull one CRM source on a 2-second
 * schedule. Each instance talks to a CRM simulator of its own, so the simulators tell which instance pulls. The
 * first pull hangs in the CRM; the instance running it is killed (SIGKILL, no shutdown hook runs). Proves:
 * while one instance pulls, the other never pulls the same source (its schedule keeps firing); after the kill,
 * the surviving instance runs the pull again within 30 s, logged as a recovered job, and stores the page.
 */
class CrmPullRecoveryTest {

    static final String EPOCH = "1970-01-01T00:00:00Z";
    static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);

    final List<Process> instances = new ArrayList<>();
    final List<GenericRestCrmSimulator> crms = new ArrayList<>();
    Server h2;

    @AfterEach
    void stopEverything() {
        instances.forEach(Process::destroyForcibly);
        crms.forEach(GenericRestCrmSimulator::close);
        if (h2 != null) {
            h2.stop();
        }
    }

    @Test
    void aKilledInstancesPullRunsAgainOnTheOtherInstanceWithin30Seconds() throws Exception {
        String[] database = database(TestDatabase.standard());
        Path logs = Files.createDirectories(Path.of("target", "test-data", "recovery-" + UUID.randomUUID()));
        for (int i = 0; i < 2; i++) {
            GenericRestCrmSimulator crm = GenericRestCrmSimulator.start();
            crm.slowOnce(EPOCH, 1, 120_000, false, "0101");
            crms.add(crm);
            instances.add(fork(database, crm, logs.resolve("instance-" + i), logs.resolve("instance-" + i + ".log")));
        }

        await("one instance pulls").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> crms.stream().anyMatch(c -> !c.requests().isEmpty()));
        int pulling = crms.get(0).requests().isEmpty() ? 1 : 0;
        int survivor = 1 - pulling;
        // the survivor's CRM answers at once; then both schedules fire a few times while the pull hangs
        crms.get(survivor).reset();
        crms.get(survivor).page(EPOCH, 1, false, "0101");
        Thread.sleep(6_000);
        assertThat(crms.get(survivor).requests()).as("the other instance never pulls while one pull runs").isEmpty();
        assertThat(crms.get(pulling).requests()).as("the hanging pull is the only one").hasSize(1);

        instances.get(pulling).destroyForcibly().waitFor();
        Instant killed = Instant.now();

        await("the survivor pulls").atMost(RECOVERY_LIMIT).pollInterval(Duration.ofMillis(200))
                .until(() -> storedOrders(database) == 1);
        Duration resumedAfter = Duration.between(killed, Instant.now());
        assertThat(resumedAfter).isLessThanOrEqualTo(RECOVERY_LIMIT);
        assertThat(crms.get(survivor).requests()).isNotEmpty();
        await("the recovery is logged").atMost(Duration.ofSeconds(5)).until(() ->
                Files.readString(logs.resolve("instance-" + survivor + ".log"), StandardCharsets.UTF_8)
                        .contains("Recovering scheduled job crm-pull.shop"));
    }

    /** The forked instances' datasource settings: a fresh PostgreSQL schema, or an H2 database served over TCP. */
    String[] database(TestDatabase kind) throws Exception {
        String name = "lb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url;
        String user;
        String schema = null;
        if (kind == TestDatabase.POSTGRESQL) {
            try (Connection c = DriverManager.getConnection(TestDatabase.POSTGRES_URL, TestDatabase.POSTGRES_USER, "");
                    Statement s = c.createStatement()) {
                s.execute("create schema " + name);
            }
            url = TestDatabase.POSTGRES_URL + "?currentSchema=" + name;
            user = TestDatabase.POSTGRES_USER;
            schema = name;
        } else {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
            url = "jdbc:h2:tcp://localhost:" + port + "/mem:" + name
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
            user = "sa";
        }
        // migrated once here, so the two instances start together without racing over the schema
        // the same locations as the application's (db/vendor/<database> holds migrations only one database needs)
        var flyway = Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration",
                "classpath:db/vendor/" + (schema != null ? "postgresql" : "h2"));
        if (schema != null) {
            flyway.schemas(schema);
        }
        flyway.load().migrate();
        return new String[] {url, user, schema == null ? "" : schema};
    }

    long storedOrders(String[] database) throws SQLException {
        try (Connection c = DriverManager.getConnection(database[0], database[1], "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from sales_order where source = 'shop'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Process fork(String[] database, GenericRestCrmSimulator crm, Path dataDir, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LedgerbridgeApplication.class.getName(),
                "--server.port=0",
                "--spring.datasource.url=" + database[0],
                "--spring.datasource.username=" + database[1],
                "--spring.datasource.password=",
                "--ledgerbridge.data-dir=" + dataDir.toAbsolutePath(),
                "--ledgerbridge.sample-data.enabled=false",
                "--spring.artemis.embedded.persistent=false",
                "--camel.main.routes-include-pattern=file:routes/crm-sync.camel.yaml,file:routes/error-handling.camel.yaml",
                "--ledgerbridge.crm.sources.csv.enabled=false",
                "--ledgerbridge.crm.sources.shop.type=generic-rest",
                "--ledgerbridge.crm.sources.shop.base-url=" + crm.baseUrl(),
                "--ledgerbridge.crm.sources.shop.orders-path=" + GenericRestCrmSimulator.ORDERS_PATH,
                "--ledgerbridge.crm.sources.shop.token=" + GenericRestCrmSimulator.TOKEN,
                "--ledgerbridge.crm.sources.shop.overlap=PT0S",
                "--ledgerbridge.crm.sources.shop.mapping=mappings/crm/generic-rest/sales-order.jsonata",
                "--ledgerbridge.crm.sources.shop.cron=0/2 * * * * ?"));
        if (!database[2].isEmpty()) {
            command.add("--spring.flyway.schemas=" + database[2]);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
