package com.ledgerbridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application over its real HTTP port with API tokens of every role: each endpoint family answers 401
 * without a token or with a bad one, 403 to a role too low, and works for the right role; webhooks stay open; the
 * audit trail records a re-drive with the caller; the OpenAPI document describes the operations and their roles;
 * no token or token hash reaches the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class OperationsSecurityTest extends IntegrationTest {

    static final String VIEWER = "viewer-token-for-tests-only-7f3a9c";
    static final String OPERATOR = "operator-token-for-tests-only-b21e4d";
    static final String APPROVER_2 = "approver-token-for-tests-only-5c8e11";
    static final String ADMIN = "admin-token-for-tests-only-9d0f62";
    static final String NOT_CONFIGURED = "not-a-configured-token-1234567890";
    static final List<String> TOKENS = List.of(VIEWER, OPERATOR, APPROVER_2, ADMIN);

    static final AlipaySimulator alipay = new AlipaySimulator();
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        OperatorTokens.apiToken(registry, 0, "vera-viewer", VIEWER, "VIEWER");
        OperatorTokens.apiToken(registry, 1, "otto-operator", OPERATOR, "OPERATOR");
        OperatorTokens.apiToken(registry, 2, "anna-approver", APPROVER_2, "approver-2");
        OperatorTokens.apiToken(registry, 3, "ada-admin", ADMIN, "ADMIN");
        registry.add("ledgerbridge.gateways.alipay.public-key", alipay::publicKey);
        registry.add("ledgerbridge.gateways.alipay.app-id", () -> AlipaySimulator.APP_ID);
        registry.add("ledgerbridge.gateways.alipay.seller-id", () -> AlipaySimulator.SELLER_ID);
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    ResponseEntity<String> call(HttpMethod method, String path, String token) {
        return OperatorTokens.exchange(http, method, path, token);
    }

    /** One endpoint of each family, as it reads (GET) or acts (POST). */
    static final List<String> READS = List.of("/operations/ledger/dead-letters", "/operations/reconciliation/exceptions",
            "/operations/payments/alipay/2026000000000000", "/operations/audit/verify", "/operations/audit/entries",
            "/operations/settlement/reports?gateway=alipay&from=2026-01-01&to=2026-01-31");
    static final List<String> ACTS = List.of("/operations/ledger/dead-letters/redrive",
            "/operations/settlement/alipay/reconcile?date=2026-01-01");

    @Test
    void everyOperationsEndpointRefusesACallWithoutAToken() throws Exception {
        long audited = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
        for (String path : READS) {
            assertRefused(call(HttpMethod.GET, path, null), 401, "needs a bearer token");
        }
        for (String path : ACTS) {
            assertRefused(call(HttpMethod.POST, path, null), 401, "needs a bearer token");
        }
        assertRefused(call(HttpMethod.GET, "/actuator/info", null), 401, "needs a bearer token");
        // nothing was done
        assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(audited);
    }

    @Test
    void aTokenThatIsNotConfiguredIsRefused() throws Exception {
        ResponseEntity<String> refused = call(HttpMethod.GET, "/operations/ledger/dead-letters", NOT_CONFIGURED);
        assertRefused(refused, 401, "not accepted");
        assertThat(refused.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
        assertRefused(call(HttpMethod.POST, "/operations/ledger/dead-letters/redrive", NOT_CONFIGURED), 401,
                "not accepted");
        // a configured token with something added, and its hash sent as if it were the token
        assertRefused(call(HttpMethod.GET, "/operations/ledger/dead-letters", OPERATOR + "x"), 401, "not accepted");
        assertRefused(call(HttpMethod.GET, "/operations/ledger/dead-letters", ApiTokens.sha256(OPERATOR)), 401,
                "not accepted");
    }

    /** Proven on the bare port with the JDK's client: no test harness between the request and the filter chain. */
    @Test
    void anUnauthenticatedCallIsRefusedOnTheRealHttpPort() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/operations/ledger/dead-letters/redrive"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("needs a bearer token")
                .contains("OPERATOR");

        HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/operations/ledger/dead-letters"))
                .header("Authorization", "Bearer " + VIEWER).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("[]");
    }

    @Test
    void aViewerReadsEveryFamilyButActsOnNone() throws Exception {
        assertThat(call(HttpMethod.GET, "/operations/ledger/dead-letters", VIEWER).getStatusCode().value()).isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/operations/reconciliation/exceptions", VIEWER).getStatusCode().value()).isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/operations/audit/verify", VIEWER).getStatusCode().value()).isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/operations/audit/entries", VIEWER).getStatusCode().value()).isEqualTo(200);
        // a payment that does not exist: past security, the endpoint itself answers
        assertThat(call(HttpMethod.GET, "/operations/payments/alipay/2026000000000000", VIEWER).getStatusCode().value())
                .isEqualTo(404);
        // settlement's endpoints are covered by their path: reading passes security
        ResponseEntity<String> reports = call(HttpMethod.GET, READS.get(5), VIEWER);
        assertThat(reports.getStatusCode().value()).as(reports.getBody()).isEqualTo(200);

        for (String path : ACTS) {
            ResponseEntity<String> refused = call(HttpMethod.POST, path, VIEWER);
            assertRefused(refused, 403, "needs role OPERATOR");
            assertThat(refused.getBody()).contains("vera-viewer").contains("VIEWER");
        }
        assertRefused(call(HttpMethod.GET, "/actuator/info", VIEWER), 403, "needs role ADMIN");
    }

    @Test
    void anOperatorActsAndTheAuditTrailSaysWho() throws Exception {
        long dead = jdbc.sql("""
                        insert into journal_entry (idempotency_key, entry_date, source_type, source_reference,
                                                   posting_status, attempts, last_error, created_at)
                        values ('test:dead-1', date '2026-01-05', 'TEST', 'security-test', 'DEAD', 3, 'refused', :now)
                        """).param("now", OffsetDateTime.now()).update();
        assertThat(dead).isEqualTo(1);
        long id = jdbc.sql("select id from journal_entry where idempotency_key = 'test:dead-1'").query(Long.class).single();

        ResponseEntity<String> redriven = call(HttpMethod.POST, "/operations/ledger/dead-letters/redrive", OPERATOR);
        assertThat(redriven.getStatusCode().value()).isEqualTo(200);
        assertThat(JSON.readTree(redriven.getBody()).path("redriven").asInt()).isEqualTo(1);

        JsonNode entries = JSON.readTree(call(HttpMethod.GET, "/operations/audit/entries?after=0&limit=10", VIEWER).getBody());
        JsonNode redrive = null;
        for (JsonNode e : entries) {
            if (e.path("action").asText().equals("ledger.dead-letters.redrive") && e.path("afterJson").asText().contains("\"redriven\":1")) {
                redrive = e;
            }
        }
        assertThat(redrive).as(entries.toString()).isNotNull();
        assertThat(redrive.path("actor").asText()).isEqualTo("otto-operator");
        assertThat(JSON.readTree(redrive.path("beforeJson").asText()).path("journalEntryIds").get(0).asLong()).isEqualTo(id);
        assertThat(jdbc.sql("select posting_status from journal_entry where id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("PENDING");

        JsonNode verdict = JSON.readTree(call(HttpMethod.GET, "/operations/audit/verify", VIEWER).getBody());
        assertThat(verdict.path("intact").asBoolean()).as(verdict.toString()).isTrue();
        assertThat(verdict.path("entriesChecked").asLong()).isGreaterThanOrEqualTo(1);

        // settlement's acts pass security for an operator
        assertThat(call(HttpMethod.POST, ACTS.get(1), OPERATOR).getStatusCode().value()).isNotIn(401, 403);
    }

    @Test
    void approversViewAndApproveButDoNotOperateAndAdminsMayDoAll() throws Exception {
        assertThat(call(HttpMethod.GET, "/operations/ledger/dead-letters", APPROVER_2).getStatusCode().value()).isEqualTo(200);
        assertRefused(call(HttpMethod.POST, "/operations/ledger/dead-letters/redrive", APPROVER_2), 403,
                "needs role OPERATOR");

        assertThat(call(HttpMethod.GET, "/operations/ledger/dead-letters", ADMIN).getStatusCode().value()).isEqualTo(200);
        assertThat(call(HttpMethod.POST, "/operations/ledger/dead-letters/redrive", ADMIN).getStatusCode().value()).isEqualTo(200);
        assertThat(call(HttpMethod.GET, "/actuator/info", ADMIN).getStatusCode().value()).isEqualTo(200);
        // health stays open for load balancers
        assertThat(call(HttpMethod.GET, "/actuator/health", null).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void webhooksStayOpen() throws Exception {
        Map<String, String> notification = alipay.signed(alipay.paymentNotification("INV-SEC-1", "12.34", "utf-8"));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/alipay"))
                .header("Content-Type", "application/x-www-form-urlencoded; text/html; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(AlipaySimulator.formBody(notification), StandardCharsets.US_ASCII))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("success");
        assertThat(jdbc.sql("select count(*) from payment_event where gateway_trade_id = :t")
                .param("t", notification.get("trade_no")).query(Long.class).single()).isEqualTo(1);
        // answered as before security: no headers added to what the gateway reads
        assertThat(answer.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();

        // a forged notification is still refused by its signature, not by a token check
        Map<String, String> forged = new java.util.LinkedHashMap<>(notification);
        forged.put("total_amount", "99999.00");
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/alipay"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(AlipaySimulator.formBody(forged), StandardCharsets.US_ASCII))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("failure");
    }

    @Test
    void theOpenApiDocumentDescribesTheOperationsTheirRolesAndTheBearerScheme() throws Exception {
        ResponseEntity<String> answer = call(HttpMethod.GET, "/operations/openapi.json", null);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        JsonNode document = JSON.readTree(answer.getBody());
        assertThat(document.path("openapi").asText()).startsWith("3.");
        // a valid document, as a client generator reads it
        var parsed = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(answer.getBody());
        assertThat(parsed.getMessages()).as("problems the OpenAPI parser reports").isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).containsKey("/operations/ledger/dead-letters/redrive");

        JsonNode scheme = document.path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");

        JsonNode paths = document.path("paths");
        assertOperation(paths, "/operations/ledger/dead-letters", "get", "VIEWER");
        assertOperation(paths, "/operations/ledger/dead-letters/redrive", "post", "OPERATOR");
        assertOperation(paths, "/operations/reconciliation/exceptions", "get", "VIEWER");
        assertOperation(paths, "/operations/payments/{gateway}/{tradeId}", "get", "VIEWER");
        assertOperation(paths, "/operations/audit/verify", "get", "VIEWER");
        assertOperation(paths, "/operations/audit/entries", "get", "VIEWER");
        assertOperation(paths, "/operations/settlement/reports", "get", "VIEWER");
        assertOperation(paths, "/operations/settlement/reports/{gateway}/{date}/discrepancies.csv", "get", "VIEWER");
        assertOperation(paths, "/operations/settlement/{gateway}/reconcile", "post", "OPERATOR");
        assertOperation(paths, "/operations/settlement/{gateway}/download", "post", "OPERATOR");
        JsonNode parameters = paths.path("/operations/audit/entries").path("get").path("parameters");
        assertThat(parameters.findValuesAsText("name")).contains("after", "limit");
        assertThat(parameters.get(0).path("schema").path("type").asText()).isEqualTo("integer");
        // answers are described (OpenAPI requires a description on each)
        paths.forEach(item -> item.forEach(op -> op.path("responses").forEach(r ->
                assertThat(r.path("description").asText()).isNotBlank())));
        assertThat(document.path("tags").findValuesAsText("name")).allMatch(t -> t.startsWith("/operations/"));
        assertThat(answer.getBody()).doesNotContain("x-camel");
        // every path is an operations path, each operation secured by the bearer scheme
        paths.fieldNames().forEachRemaining(p -> assertThat(p).startsWith("/operations/"));
        assertThat(paths.path("/operations/ledger/dead-letters/redrive").path("post").path("responses").has("403")).isTrue();

        ResponseEntity<String> yaml = call(HttpMethod.GET, "/operations/openapi.json.yaml", null);
        assertThat(yaml.getStatusCode().value()).isEqualTo(200);
        assertThat(yaml.getBody()).contains("/operations/ledger/dead-letters/redrive:");

        ResponseEntity<String> ui = http.getForEntity("/operations/swagger-ui/index.html", String.class);
        assertThat(ui.getStatusCode().value()).isEqualTo(200);
        assertThat(ui.getBody()).contains("swagger");
        ResponseEntity<String> uiConfig = http.getForEntity("/operations/openapi.json/swagger-config", String.class);
        assertThat(uiConfig.getStatusCode().value()).isEqualTo(200);
        assertThat(uiConfig.getBody()).contains("/operations/openapi.json");
    }

    static void assertOperation(JsonNode paths, String path, String method, String role) {
        JsonNode operation = paths.path(path).path(method);
        assertThat(operation.isMissingNode()).as(path + " " + method + " in " + paths.toString()).isFalse();
        assertThat(operation.path(OperationsApiDocument.REQUIRED_ROLE).asText()).as(path).isEqualTo(role);
        assertThat(operation.path("security").get(0).path("bearer").get(0).asText()).as(path).isEqualTo(role);
    }

    @Test
    void tokensAndTheirHashesNeverReachTheLog(CapturedOutput output) {
        for (String token : TOKENS) {
            call(HttpMethod.GET, "/operations/ledger/dead-letters", token);
            call(HttpMethod.POST, "/operations/ledger/dead-letters/redrive", token);
        }
        call(HttpMethod.GET, "/operations/ledger/dead-letters", NOT_CONFIGURED);
        String log = output.getAll();
        // the start-up summary names the principals, so the capture did see start-up
        assertThat(log).contains("API token(s) accepted").contains("otto-operator");
        for (String token : TOKENS) {
            assertThat(log).doesNotContain(token).doesNotContain(ApiTokens.sha256(token));
        }
        assertThat(log).doesNotContain(NOT_CONFIGURED).doesNotContain(ApiTokens.sha256(NOT_CONFIGURED));
    }

    static void assertRefused(ResponseEntity<String> answer, int status, String because) throws Exception {
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(status);
        JsonNode body = JSON.readTree(answer.getBody());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("message").asText()).contains(because);
        assertThat(answer.getBody()).doesNotContain("Exception").doesNotContain("\tat ");
        if (status == 401) {
            assertThat(answer.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
        }
    }
}
