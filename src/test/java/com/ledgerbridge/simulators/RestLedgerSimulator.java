package com.ledgerbridge.simulators;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generic REST ledger on WireMock, speaking the contract in mappings/ledger/generic-rest/README.md:
 * {@code GET /api/journal-entries?idempotencyKey=} answers from an in-memory book, {@code POST} validates the
 * entry like a ledger would (key present and equal to the Idempotency-Key header, amounts as decimal strings,
 * one side per line, balanced per currency), stores it and answers 201 with its id, or 409 when the key is
 * already there. A wrong or missing bearer token gets 401.
 *
 * <p>Failure modes for tests: {@link #failNextCreates} (WireMock scenario: N errors, then normal service),
 * {@link #failAllCreates}, {@link #rejectCreates} (422), {@link #delayCreateAnswers} (the book stores the
 * entry at once, the answer comes late), {@link #holdHiddenFromLookup} (the lookup misses an entry the
 * book holds until a create for it gets 409).
 */
public final class RestLedgerSimulator implements AutoCloseable {

    public static final String TOKEN = "simulated-ledger-token";
    public static final String ENTRIES_PATH = "/api/journal-entries";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILURE_SCENARIO = "create fails, then recovers";

    private final Book book = new Book();
    private final WireMockServer server;

    private RestLedgerSimulator() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(book));
        server.start();
        installContract();
    }

    public static RestLedgerSimulator start() {
        return new RestLedgerSimulator();
    }

    /** For {@code ledgerbridge.ledger.rest.base-url}; entries-path stays the default {@code /journal-entries}. */
    public String baseUrl() {
        return "http://localhost:" + server.port() + "/api";
    }

    /** Back to a healthy, empty ledger: no stubs but the contract's, no requests, no entries. */
    public void reset() {
        server.resetAll();
        book.entries.clear();
        installContract();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- the contract ---------------------------------------------------------------------------------

    private void installContract() {
        server.stubFor(any(urlPathEqualTo(ENTRIES_PATH)).atPriority(10)
                .willReturn(error(401, "unauthorized", "missing or invalid bearer token")));
        server.stubFor(authorized(get(urlPathEqualTo(ENTRIES_PATH)).atPriority(5)
                .withQueryParam("idempotencyKey", matching(".+")))
                .willReturn(aResponse().withTransformers(Book.NAME)));
        server.stubFor(create(5).willReturn(aResponse().withTransformers(Book.NAME)));
    }

    private static MappingBuilder authorized(MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("Bearer " + TOKEN));
    }

    private static MappingBuilder create(int priority) {
        return authorized(post(urlPathEqualTo(ENTRIES_PATH)).atPriority(priority)
                .withHeader("Idempotency-Key", matching(".+"))
                .withHeader("Content-Type", containing("application/json")));
    }

    static ResponseDefinitionBuilder error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    // ---- failure modes --------------------------------------------------------------------------------

    /** The next {@code times} creates answer {@code status} (nothing stored); later ones are served normally. */
    public void failNextCreates(int times, int status) {
        failNextCreates(times, status, "simulated outage");
    }

    /** As {@link #failNextCreates(int, int)}, with {@code message} in the error body. */
    public void failNextCreates(int times, int status, String message) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = i == times ? "recovered" : "failed " + i;
            server.stubFor(create(2).inScenario(FAILURE_SCENARIO).whenScenarioStateIs(state)
                    .willReturn(error(status, "unavailable", message + " " + i))
                    .willSetStateTo(next));
            state = next;
        }
    }

    /** The next {@code times} creates answer 429 with {@code Retry-After: <seconds>}; later ones are served normally. */
    public void throttleNextCreates(int times, int retryAfterSeconds) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = i == times ? "recovered" : "throttled " + i;
            server.stubFor(create(2).inScenario(FAILURE_SCENARIO).whenScenarioStateIs(state)
                    .willReturn(error(429, "rate_limited", "too many requests")
                            .withHeader("Retry-After", String.valueOf(retryAfterSeconds)))
                    .willSetStateTo(next));
            state = next;
        }
    }

    /** Creates of {@code idempotencyKey} only answer 422 with a validation error naming {@code message}. */
    public void rejectCreatesOf(String idempotencyKey, String message) {
        server.stubFor(create(1).withRequestBody(matchingJsonPath("$.idempotencyKey", equalTo(idempotencyKey)))
                .willReturn(error(422, "validation_failed", message)));
    }

    /** Every create answers {@code status} (e.g. 503) until {@link #reset()}. */
    public void failAllCreates(int status) {
        server.stubFor(create(2).willReturn(error(status, "unavailable", "simulated outage")));
    }

    /** Every create answers 422 with a validation error naming {@code message}, until {@link #reset()}. */
    public void rejectCreates(String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", "validation_failed").put("message", message);
        error.putArray("details").addObject().put("field", "lines[0].account").put("message", message);
        server.stubFor(create(2).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody(body.toString())));
    }

    /** Creates are stored at once but answered only after {@code millis}: past the client's read timeout. */
    public void delayCreateAnswers(int millis) {
        server.stubFor(create(2).willReturn(aResponse().withTransformers(Book.NAME).withFixedDelay(millis)));
    }

    /** The ledger holds {@code key} as {@code id} (e.g. entered by hand). */
    public void hold(String key, String id) {
        book.entries.put(key, new Book.Entry(id, key, null, true));
    }

    /** As {@link #hold}, but the lookup does not see it yet (a lagging search index): a create gets 409. */
    public void holdHiddenFromLookup(String key, String id) {
        book.entries.put(key, new Book.Entry(id, key, null, false));
    }

    /** 409 answers leave out {@code existingId}, so that the client has to look the entry up. */
    public void conflictsWithoutExistingId() {
        book.conflictNamesExisting = false;
    }

    // ---- what happened --------------------------------------------------------------------------------

    public int createsReceived(String idempotencyKey) {
        return server.countRequestsMatching(postRequestedFor(urlPathEqualTo(ENTRIES_PATH))
                .withHeader("Idempotency-Key", equalTo(idempotencyKey)).build()).getCount();
    }

    public List<LoggedRequest> requests(RequestPatternBuilder pattern) {
        return server.findAll(pattern);
    }

    /** Every answer given, oldest first: the request and the status it got. */
    public List<ServeEvent> allServeEvents() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events;
    }

    /** Every request received, oldest first. */
    public List<LoggedRequest> allRequests() {
        List<LoggedRequest> requests = new ArrayList<>(server.getAllServeEvents().stream().map(ServeEvent::getRequest).toList());
        Collections.reverse(requests);
        return requests;
    }

    /** The id the book gave {@code key}, or null. */
    public String idOf(String idempotencyKey) {
        Book.Entry entry = book.entries.get(idempotencyKey);
        return entry == null ? null : entry.id();
    }

    /** The request body the book stored for {@code key}, or null. */
    public JsonNode stored(String idempotencyKey) {
        Book.Entry entry = book.entries.get(idempotencyKey);
        return entry == null ? null : entry.request();
    }

    /** The ledger's memory, and its answers to lookups and creates. */
    static final class Book implements ResponseDefinitionTransformerV2 {

        static final String NAME = "ledger-book";

        record Entry(String id, String idempotencyKey, JsonNode request, boolean visibleToLookup) {
        }

        final Map<String, Entry> entries = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger(1000);
        volatile boolean conflictNamesExisting = true;

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.like(event.getResponseDefinition()).but()
                    .withHeader("Content-Type", "application/json");
            return switch (request.getMethod().getName()) {
                case "GET" -> lookup(request, answer);
                case "POST" -> create(request, answer);
                default -> error(405, "method_not_allowed", request.getMethod().getName()).build();
            };
        }

        private ResponseDefinition lookup(LoggedRequest request, ResponseDefinitionBuilder answer) {
            String key = request.queryParameter("idempotencyKey").firstValue();
            ObjectNode body = JSON.createObjectNode();
            ArrayNode items = body.putArray("items");
            Entry entry = entries.get(key);
            if (entry != null && entry.visibleToLookup()) {
                items.addObject().put("id", entry.id()).put("idempotencyKey", key).put("status", "posted");
            }
            return answer.withStatus(200).withBody(body.toString()).build();
        }

        private synchronized ResponseDefinition create(LoggedRequest request, ResponseDefinitionBuilder answer) {
            JsonNode body;
            try {
                body = JSON.readTree(request.getBodyAsString());
            } catch (IOException e) {
                return error(400, "malformed_json", e.getMessage()).build();
            }
            String key = body.path("idempotencyKey").asText("");
            String problem = validate(body, key, request.getHeader("Idempotency-Key"));
            if (problem != null) {
                return error(422, "validation_failed", problem).build();
            }
            Entry existing = entries.get(key);
            if (existing != null) {
                // whatever lagged behind has caught up by now
                entries.put(key, new Entry(existing.id(), key, existing.request(), true));
                ObjectNode conflict = JSON.createObjectNode();
                ObjectNode error = conflict.putObject("error").put("code", "duplicate")
                        .put("message", "an entry with idempotency key " + key + " exists");
                if (conflictNamesExisting) {
                    error.put("existingId", existing.id());
                }
                return answer.withStatus(409).withBody(conflict.toString()).build();
            }
            String id = "JE-" + ids.incrementAndGet();
            entries.put(key, new Entry(id, key, body, true));
            ObjectNode created = JSON.createObjectNode().put("id", id).put("idempotencyKey", key);
            return answer.withStatus(201).withBody(created.toString()).build();
        }

        /** What a ledger checks before it books an entry; null when the entry is acceptable. */
        private static String validate(JsonNode body, String key, String idempotencyHeader) {
            if (key.isEmpty()) {
                return "idempotencyKey is required";
            }
            if (!key.equals(idempotencyHeader)) {
                return "Idempotency-Key header " + idempotencyHeader + " differs from idempotencyKey " + key;
            }
            if (!body.path("date").asText("").matches("\\d{4}-\\d{2}-\\d{2}")) {
                return "date must be yyyy-MM-dd";
            }
            JsonNode lines = body.path("lines");
            if (!lines.isArray() || lines.size() < 2) {
                return "an entry needs at least two lines";
            }
            Map<String, BigDecimal> balance = new HashMap<>();
            for (JsonNode line : lines) {
                JsonNode debit = line.path("debit");
                JsonNode credit = line.path("credit");
                if (!debit.isTextual() || !credit.isTextual()) {
                    return "amounts must be decimal strings";
                }
                BigDecimal dr = new BigDecimal(debit.asText());
                BigDecimal cr = new BigDecimal(credit.asText());
                if ((dr.signum() == 0) == (cr.signum() == 0) || dr.signum() < 0 || cr.signum() < 0) {
                    return "each line needs exactly one positive side";
                }
                if (line.path("account").asText("").isEmpty()) {
                    return "every line needs an account";
                }
                balance.merge(line.path("currency").asText(""), dr.subtract(cr), BigDecimal::add);
            }
            for (Map.Entry<String, BigDecimal> total : balance.entrySet()) {
                if (total.getValue().signum() != 0) {
                    return "debits and credits differ by " + total.getValue() + " " + total.getKey();
                }
            }
            return null;
        }
    }
}
