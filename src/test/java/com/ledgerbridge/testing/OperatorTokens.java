package com.ledgerbridge.testing;

import org.springframework.test.context.DynamicPropertyRegistry;
import com.ledgerbridge.security.ApiTokens;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Calls the operations API as an authenticated caller. config/application.yml (which integration tests run with)
 * accepts the demo operator's sandbox token, role OPERATOR (README, "Security and access").
 */
public final class OperatorTokens {

    /** The embedded run's demo operator (OPERATOR, and VIEWER by implication). */
    public static final String DEMO_OPERATOR = "demo-operator-token-sandbox-only";

    private OperatorTokens() {
    }

    /** Configures API token number {@code index} for {@code name} with one role; only its hash reaches the app. */
    public static void apiToken(DynamicPropertyRegistry registry, int index, String name, String token, String role) {
        String key = "ledgerbridge.security.api-tokens[" + index + "].";
        registry.add(key + "name", () -> name);
        registry.add(key + "sha256", () -> ApiTokens.sha256(token));
        registry.add(key + "roles[0]", () -> role);
    }

    public static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    /** GET as the demo operator; the body. */
    public static String get(TestRestTemplate http, String path) {
        return exchange(http, HttpMethod.GET, path, DEMO_OPERATOR).getBody();
    }

    /** POST (no body) as the demo operator; the body. */
    public static String post(TestRestTemplate http, String path) {
        return exchange(http, HttpMethod.POST, path, DEMO_OPERATOR).getBody();
    }

    public static ResponseEntity<String> exchange(TestRestTemplate http, HttpMethod method, String path, String token) {
        return http.exchange(path, method, new HttpEntity<>(token == null ? new HttpHeaders() : bearer(token)),
                String.class);
    }
}
