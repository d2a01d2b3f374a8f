package com.ledgerbridge.simulators.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A CRM that serves the generic REST contract (mappings/crm/generic-rest/README.md), on WireMock.
 * Orders are JSON fixtures under src/test/resources/simulators/generic-rest-crm/; a test says which orders
 * each (modifiedSince, page) request gets, or which failure. Like a real CRM it answers 401 with an error
 * body to any request without the right bearer token.
 */
public final class GenericRestCrmSimulator implements AutoCloseable {

    public static final String TOKEN = "sim-7f3a9c2e-crm-token";
    public static final String ORDERS_PATH = "/api/v2/orders";

    private static final String FIXTURES = "/simulators/generic-rest-crm/";

    private final WireMockServer server;

    private GenericRestCrmSimulator() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
    }

    public static GenericRestCrmSimulator start() {
        GenericRestCrmSimulator simulator = new GenericRestCrmSimulator();
        simulator.server.start();
        simulator.reset();
        return simulator;
    }

    /** Base URL to configure as ledgerbridge.crm.sources.&lt;name&gt;.base-url (orders path: {@link #ORDERS_PATH}). */
    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /** Forgets every page and request; only the token check stays. */
    public void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withHeader("WWW-Authenticate", "Bearer realm=\"crm\"")
                .withBody("{\"error\": {\"code\": \"unauthorized\", \"message\": \"missing or unknown bearer token\"}}")));
    }

    /** Page {@code page} of the orders modified since {@code modifiedSince}: the given order fixtures. */
    public void page(String modifiedSince, int page, boolean hasMore, String... orderFixtures) {
        server.stubFor(request(modifiedSince, page).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(pageBody(page, hasMore, orderFixtures))));
    }

    private static String pageBody(int page, boolean hasMore, String... orderFixtures) {
        String orders = Arrays.stream(orderFixtures).map(name -> fixture("order-" + name + ".json"))
                .collect(Collectors.joining(",\n"));
        return "{\"orders\": [\n" + orders + "\n], \"page\": {\"number\": " + page + ", \"hasMore\": " + hasMore + "}}";
    }

    /** Page {@code page} is answered only after {@code delayMs} (a CRM busy with a big page). */
    public void slowPage(String modifiedSince, int page, int delayMs, boolean hasMore, String... orderFixtures) {
        server.stubFor(request(modifiedSince, page).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("Content-Type", "application/json").withBody(pageBody(page, hasMore, orderFixtures))));
    }

    /** Page {@code page} is answered after {@code delayMs} the first time it is asked for, at once from then on. */
    public void slowOnce(String modifiedSince, int page, int delayMs, boolean hasMore, String... orderFixtures) {
        String scenario = "slow-" + modifiedSince + "-" + page;
        server.stubFor(request(modifiedSince, page).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                        .withHeader("Content-Type", "application/json").withBody(pageBody(page, hasMore, orderFixtures)))
                .willSetStateTo("asked"));
        server.stubFor(request(modifiedSince, page).inScenario(scenario).whenScenarioStateIs("asked")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(pageBody(page, hasMore, orderFixtures))));
    }

    /**
     * Page {@code page} is answered 429 with {@code Retry-After: retryAfterSeconds} the first time it is asked
     * for, and served normally from then on.
     */
    public void rateLimitedOnce(String modifiedSince, int page, int retryAfterSeconds, boolean hasMore,
            String... orderFixtures) {
        String scenario = "rate-limit-" + modifiedSince + "-" + page;
        server.stubFor(request(modifiedSince, page).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                        .withBody(fixture("error-rate-limited.json")))
                .willSetStateTo("served"));
        server.stubFor(request(modifiedSince, page).inScenario(scenario).whenScenarioStateIs("served")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(pageBody(page, hasMore, orderFixtures))));
    }

    /** Every request to the orders path with the status it was answered, in the order they came. */
    public List<ServeEvent> served() {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(ORDERS_PATH))
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
    }

    /** Page {@code page} fails with {@code status} and the error fixture as its body. */
    public void failure(String modifiedSince, int page, int status, String errorFixture, String... headerNameValues) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(fixture("error-" + errorFixture + ".json"));
        for (int i = 0; i + 1 < headerNameValues.length; i += 2) {
            response = response.withHeader(headerNameValues[i], headerNameValues[i + 1]);
        }
        server.stubFor(request(modifiedSince, page).willReturn(response));
    }

    /** Page {@code page} answers 200 with a body that is not JSON (a proxy error page cut short). */
    public void malformed(String modifiedSince, int page) {
        server.stubFor(request(modifiedSince, page).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"orders\": [ {\"id\": \"SO-1\", ")));
    }

    /** The token has expired: every request, with or without it, gets 401 and the CRM's error body. */
    public void tokenExpired() {
        server.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(fixture("error-invalid-token.json"))));
    }

    public List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(ORDERS_PATH)));
    }

    private static MappingBuilder request(String modifiedSince, int page) {
        return get(urlPathEqualTo(ORDERS_PATH)).atPriority(10)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withQueryParam("modifiedSince", equalTo(modifiedSince))
                .withQueryParam("page", equalTo(Integer.toString(page)));
    }

    private static String fixture(String name) {
        try (InputStream in = GenericRestCrmSimulator.class.getResourceAsStream(FIXTURES + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no simulator fixture " + FIXTURES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
