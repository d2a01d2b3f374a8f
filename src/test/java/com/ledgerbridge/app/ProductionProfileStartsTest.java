package com.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.gateway.alipay.AlipayProperties;
import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production profile (config/application-production.yml) starts as an operator would run it: the
 * settings it takes from the environment are given under their environment names (DATABASE_URL,
 * ARTEMIS_BROKER_URL, CRM_BASE_URL, ALIPAY_PUBLIC_KEY, ...), the database is PostgreSQL, and the broker is
 * a standalone Artemis reachable only over TCP. Nothing else of the profile is overridden except where the
 * sandbox would send its notification, so that the test can see it send nothing.
 *
 * <p>The outside systems are a JUnit extension declared before the Spring ones, so that they start before
 * the application and stop only after Spring has closed it (its JMS consumers must not outlive the broker).
 */
@ExtendWith(ProductionProfileStartsTest.OutsideSystems.class)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("production")
@DirtiesContext
@EnabledIf(value = "com.ledgerbridge.testing.TestDatabase#postgresRequiredOrReachable",
        disabledReason = "PostgreSQL is not reachable on 127.0.0.1:5432 and CI is not set")
class ProductionProfileStartsTest {

    static final String CHECK_QUEUE = "production-profile.check";
    static final AlipaySimulator alipay = new AlipaySimulator();
    static final ObjectMapper JSON = new ObjectMapper();

    /** The external broker's TCP port. */
    static final int BROKER_PORT = freePort();
    /** Nothing listens here: a scheduled CRM pull or a ledger call during the test fails and is logged. */
    static final int NOTHING_LISTENS = freePort();

    /** Notifications the sandbox sent to where it was told to send them. */
    static final AtomicInteger sandboxPosts = new AtomicInteger();

    static EmbeddedActiveMQ broker;
    static HttpServer sandboxTarget;

    /** The standalone broker (TCP acceptor only, no security, nothing persisted) and the sandbox's target. */
    static final class OutsideSystems implements BeforeAllCallback, AfterAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            Files.createDirectories(Path.of("target", "test-data"));
            Path instance = Files.createTempDirectory(Path.of("target", "test-data"), "external-artemis-").toAbsolutePath();
            Configuration configuration = new ConfigurationImpl();
            configuration.setName("external-broker");
            configuration.setBrokerInstance(instance.toFile());
            configuration.setPersistenceEnabled(false);
            configuration.setSecurityEnabled(false);
            configuration.setJMXManagementEnabled(false);
            configuration.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + BROKER_PORT);
            broker = new EmbeddedActiveMQ().setConfiguration(configuration).start();

            sandboxTarget = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            sandboxTarget.createContext("/", exchange -> {
                sandboxPosts.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            sandboxTarget.start();
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            if (sandboxTarget != null) {
                sandboxTarget.stop(0);
            }
            if (broker != null) {
                int stillConnected = broker.getActiveMQServer().getConnectionCount();
                broker.stop();
                if (stillConnected > 0) {
                    throw new IllegalStateException(stillConnected + " client(s) still connected when the broker stopped: "
                            + "this extension must be declared before the Spring ones, to stop after the application");
                }
            }
        }
    }

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) throws IOException {
        // a fresh PostgreSQL schema, handed over as an operator would: DATABASE_URL / _USER / _PASSWORD
        Map<String, Supplier<Object>> database = new HashMap<>();
        TestDatabase.POSTGRESQL.register(database::put);
        registry.add("DATABASE_URL", database.get("spring.datasource.url"));
        registry.add("DATABASE_USER", database.get("spring.datasource.username"));
        registry.add("DATABASE_PASSWORD", database.get("spring.datasource.password"));
        registry.add("spring.flyway.schemas", database.get("spring.flyway.schemas"));

        registry.add("ARTEMIS_BROKER_URL", () -> "tcp://127.0.0.1:" + BROKER_PORT);
        registry.add("CRM_BASE_URL", () -> "http://127.0.0.1:" + NOTHING_LISTENS + "/crm");
        registry.add("CRM_API_TOKEN", () -> "crm-token-for-the-production-profile-test");
        registry.add("LEDGER_BASE_URL", () -> "http://127.0.0.1:" + NOTHING_LISTENS + "/ledger");
        registry.add("LEDGER_API_TOKEN", () -> "ledger-token-for-the-production-profile-test");
        registry.add("ALIPAY_APP_ID", () -> AlipaySimulator.APP_ID);
        registry.add("ALIPAY_SELLER_ID", () -> AlipaySimulator.SELLER_ID);
        registry.add("ALIPAY_PUBLIC_KEY", alipay::publicKey);

        Files.createDirectories(Path.of("target", "test-data"));
        Path dataDir = Files.createTempDirectory(Path.of("target", "test-data"), "production-").toAbsolutePath();
        registry.add("LEDGERBRIDGE_DATA_DIR", dataDir::toString);
        registry.add("ledgerbridge.gateways.alipay.sandbox.webhook-url",
                () -> "http://127.0.0.1:" + sandboxTarget.getAddress().getPort() + "/webhooks/alipay");
        registry.add("logging.level.org.apache.activemq", () -> "WARN");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JmsTemplate jms;

    @Autowired
    Environment environment;

    @Autowired
    AlipayProperties alipayProperties;

    ActiveMQServer server() {
        return broker.getActiveMQServer();
    }

    @Test
    void startsOnPostgresqlWithTheProductionSettingsAndIsHealthy() throws Exception {
        assertThat(environment.getActiveProfiles()).containsExactly("production");
        assertThat(environment.getProperty("spring.artemis.embedded.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("ledgerbridge.ledger.target")).isEqualTo("rest");
        assertThat(environment.getProperty("ledgerbridge.crm.sources.generic-rest.type")).isEqualTo("generic-rest");

        ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
        assertThat(health.getStatusCode().value()).as(health.getBody()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.getBody());
        assertThat(body.path("status").asText()).as(health.getBody()).isEqualTo("UP");
        assertThat(body.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(body.path("components").path("db").path("details").path("database").asText()).isEqualTo("PostgreSQL");
        assertThat(body.path("components").path("jms").path("status").asText()).isEqualTo("UP");

        // the schema Flyway migrated is the fresh one named in DATABASE_URL
        String schema = environment.getProperty("spring.flyway.schemas");
        assertThat(jdbc.sql("select current_schema()").query(String.class).single()).isEqualTo(schema);
        assertThat(jdbc.sql("select count(*) from information_schema.tables where table_schema = :s and table_name = 'journal_entry'")
                .param("s", schema).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void jmsGoesOverTcpToTheStandaloneBroker() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // the broker has clients only through its TCP acceptor; the application is one of them
            assertThat(server().getRemotingService().getConnections()).as("connections to the standalone broker")
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c.getRemoteAddress()).contains("127.0.0.1:"));
            // the application's consumers listen on the standalone broker's work queues
            for (String queue : List.of("work.invoicing", "work.reconciliation", "work.ledger-posting")) {
                Queue q = server().locateQueue(SimpleString.of(queue));
                assertThat(q).as("queue %s on the standalone broker", queue).isNotNull();
                assertThat(q.getConsumerCount()).as("consumers on %s", queue).isPositive();
            }
        });

        // a message the application sends arrives there, and a separate client reads it back over TCP
        String text = "hello from the production profile " + UUID.randomUUID();
        jms.convertAndSend(CHECK_QUEUE, text);
        Queue check = server().locateQueue(SimpleString.of(CHECK_QUEUE));
        assertThat(check).as("queue %s on the standalone broker", CHECK_QUEUE).isNotNull();
        assertThat(check.getMessageCount()).isEqualTo(1);

        ConnectionFactory outsider = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT);
        try (Connection connection = outsider.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(CHECK_QUEUE));
            TextMessage received = (TextMessage) consumer.receive(10_000);
            assertThat(received).as("message sent by the application").isNotNull();
            assertThat(received.getText()).isEqualTo(text);
        }
    }

    @Test
    void operationsRefuseEveryCallerWhileNoTokenIsConfigured() {
        assertThat(environment.getProperty("ledgerbridge.security.mode")).isEqualTo("api-tokens");
        for (String token : new String[] {null, OperatorTokens.DEMO_OPERATOR}) {
            ResponseEntity<String> refused = OperatorTokens.exchange(http, HttpMethod.GET,
                    "/operations/ledger/dead-letters", token);
            assertThat(refused.getStatusCode().value()).as("token %s: %s", token, refused.getBody()).isEqualTo(401);
        }
        assertThat(OperatorTokens.exchange(http, HttpMethod.POST, "/operations/ledger/dead-letters/redrive",
                OperatorTokens.DEMO_OPERATOR).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void theSandboxPayerIsOff() {
        ResponseEntity<String> answer = http.postForEntity("/sandbox/alipay/pay?invoice=INV-PROD-1&amount=10.00", null,
                String.class);
        assertThat(answer.getStatusCode().is2xxSuccessful()).as("status %s: %s", answer.getStatusCode(), answer.getBody())
                .isFalse();
        assertThat(answer.getBody()).isNotEqualTo("success");
        assertThat(sandboxPosts.get()).as("notifications the sandbox sent").isZero();
        assertThat(jdbc.sql("select count(*) from payment_event where merchant_reference = 'INV-PROD-1'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void theWebhookRefusesANotificationSignedWithTheSandboxKey() throws Exception {
        String sandboxPrivateKey = Files.readString(Path.of("config", "sandbox", "alipay-sandbox-gateway-private-key.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        String sandboxPublicKey = Files.readString(Path.of("config", "sandbox", "alipay-sandbox-gateway-public-key.pem"))
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertThat(alipayProperties.publicKeyText()).as("the configured Alipay public key")
                .isEqualTo(alipay.publicKey()).isNotEqualTo(sandboxPublicKey);

        Map<String, String> forged = signedWith(sandboxPrivateKey,
                alipay.paymentNotification("INV-PROD-2", "99.00", "utf-8"));
        ResponseEntity<String> refused = post(forged);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody()).isEqualTo("failure");
        assertThat(eventsFor(forged)).isZero();

        // the same notification signed with the key that is configured goes through, so the key alone decided
        Map<String, String> genuine = alipay.signed(alipay.paymentNotification("INV-PROD-3", "99.00", "utf-8"));
        ResponseEntity<String> accepted = post(genuine);
        assertThat(accepted.getBody()).isEqualTo("success");
        assertThat(eventsFor(genuine)).isEqualTo(1);
        // ... and is handed to reconciliation through the standalone broker (the invoice is unknown: an exception)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.sql(
                        "select status from payment_event where gateway_trade_id = :t")
                .param("t", genuine.get("trade_no")).query(String.class).single()).isNotEqualTo("RECEIVED"));
    }

    static Map<String, String> signedWith(String privateKey, Map<String, String> params) throws AlipayApiException {
        String content = AlipaySignature.getSignCheckContentV1(new LinkedHashMap<>(params));
        Map<String, String> signed = new LinkedHashMap<>(params);
        signed.put("sign", AlipaySignature.rsaSign(content, privateKey, params.get("charset"), "RSA2"));
        signed.put("sign_type", "RSA2");
        return signed;
    }

    ResponseEntity<String> post(Map<String, String> params) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Content-Type", "application/x-www-form-urlencoded; charset=" + params.get("charset"));
        byte[] body = AlipaySimulator.formBody(params).getBytes(StandardCharsets.US_ASCII);
        return http.postForEntity("/webhooks/alipay", new HttpEntity<>(body, headers), String.class);
    }

    long eventsFor(Map<String, String> params) {
        return jdbc.sql("select count(*) from payment_event where gateway_trade_id = :t")
                .param("t", params.get("trade_no")).query(Long.class).single();
    }
}
