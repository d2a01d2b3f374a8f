package com.ledgerbridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.simulators.OidcProviderSimulator;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application in mode oidc against a simulated provider (Keycloak-style realm_access.roles): a JWT with
 * the right role acts and is named in the audit trail by its preferred_username; a lower role gets 403; an expired,
 * forged or foreign token, or an API token, gets 401; the OpenAPI document says JWT.
 */
@DirtiesContext
class OidcModeTest extends IntegrationTest {

    static final OidcProviderSimulator provider = new OidcProviderSimulator();
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        registry.add("ledgerbridge.security.mode", () -> "oidc");
        registry.add("ledgerbridge.security.oidc.issuer-uri", provider::issuer);
        registry.add("ledgerbridge.security.oidc.roles-claim", () -> "realm_access.roles");
        registry.add("ledgerbridge.security.oidc.principal-claim", () -> "preferred_username");
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Autowired
    TestRestTemplate http;

    static Map<String, Object> claims(String user, String... roles) {
        return Map.of("sub", "id-" + user, "preferred_username", user, "realm_access", Map.of("roles", List.of(roles)));
    }

    ResponseEntity<String> call(HttpMethod method, String path, String token) {
        return OperatorTokens.exchange(http, method, path, token);
    }

    @Test
    void aProvidersTokenActsWithItsRolesAndIsNamedInTheAuditTrail() throws Exception {
        String operator = provider.token(claims("wang.fang", "operator", "uma_authorization"));
        ResponseEntity<String> redriven = call(HttpMethod.POST, "/operations/ledger/dead-letters/redrive", operator);
        assertThat(redriven.getStatusCode().value()).as(redriven.getBody()).isEqualTo(200);

        String viewer = provider.token(claims("zhao.lei", "viewer"));
        JsonNode entries = JSON.readTree(call(HttpMethod.GET, "/operations/audit/entries", viewer).getBody());
        assertThat(entries.findValuesAsText("actor")).contains("wang.fang");

        ResponseEntity<String> refused = call(HttpMethod.POST, "/operations/ledger/dead-letters/redrive", viewer);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(JSON.readTree(refused.getBody()).path("message").asText()).contains("needs role OPERATOR")
                .contains("zhao.lei");
    }

    @Test
    void tokensTheProviderDidNotIssueNowAreRefused() throws Exception {
        Map<String, Object> admin = claims("mallory", "admin");
        for (String token : List.of(provider.expiredToken(admin), provider.forgedToken(admin),
                OperatorTokens.DEMO_OPERATOR)) {
            ResponseEntity<String> refused = call(HttpMethod.GET, "/operations/ledger/dead-letters", token);
            assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(401);
            assertThat(JSON.readTree(refused.getBody()).path("message").asText()).contains("not accepted");
        }
        assertThat(call(HttpMethod.GET, "/operations/ledger/dead-letters", null).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentNamesJwtBearerTokens() throws Exception {
        JsonNode scheme = JSON.readTree(call(HttpMethod.GET, "/operations/openapi.json", null).getBody())
                .path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");
    }
}
