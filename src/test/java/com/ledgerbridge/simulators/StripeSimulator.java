package com.ledgerbridge.simulators;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stripe's balance-transactions API on WireMock, as the API reference documents it: {@code GET
 * /v1/balance_transactions} with a bearer secret key (else 401 and Stripe's error object), {@code created[gte]} /
 * {@code created[lt]} filters, newest first, {@code limit} 1..100 (default 10), cursor paging with
 * {@code starting_after} and {@code has_more}, and {@code expand[]=data.source} turning each source id into the
 * object (a charge, a refund or dispute naming its charge, a payout). Balance transactions are added with amounts in
 * the smallest currency unit, like the API's.
 *
 * <p>Failure modes: {@link #rateLimitNext} (429 with {@code Retry-After}), {@link #failNext} (a status, e.g. 500),
 * {@link #delayAnswers} (past the client's read timeout).
 */
public final class StripeSimulator implements AutoCloseable {

    public static final String API_KEY = "sk_test_sandbox_51SimulatorKey0000000000";
    public static final String PATH = "/v1/balance_transactions";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILURE_SCENARIO = "fails, then recovers";

    private final Ledger ledger = new Ledger();
    private final WireMockServer server;

    private StripeSimulator() {
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(ledger));
        server.start();
        installContract();
    }

    public static StripeSimulator start() {
        return new StripeSimulator();
    }

    /** For {@code ledgerbridge.gateways.stripe.download.api-base}. */
    public String apiBase() {
        return "http://localhost:" + server.port();
    }

    public void reset() {
        server.resetAll();
        ledger.transactions.clear();
        installContract();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void installContract() {
        server.stubFor(any(urlPathEqualTo(PATH)).atPriority(10).willReturn(error(401, "invalid_request_error", null,
                "Invalid API Key provided: sk_test_****xxxx")));
        server.stubFor(authorized(get(urlPathEqualTo(PATH))).atPriority(5)
                .willReturn(aResponse().withTransformers(Ledger.NAME)));
    }

    private static MappingBuilder authorized(MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("Bearer " + API_KEY));
    }

    static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("type", type).put("message", message);
        if (code != null) {
            error.put("code", code);
        }
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    // ---- failure modes --------------------------------------------------------------------------------

    /** The next {@code times} requests answer 429 with {@code Retry-After: <seconds>}; later ones are served. */
    public void rateLimitNext(int times, int retryAfterSeconds) {
        scenario(times, error(429, "invalid_request_error", "rate_limit",
                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.")
                .withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                .withHeader("Stripe-Should-Retry", "true"));
    }

    /**
     * The next {@code times} requests answer {@code status}; later ones are served. With {@code afterFirstPage}, the
     * first request is served normally and the failures follow it (a failure in the middle of paging).
     */
    public void failNext(int times, int status, boolean afterFirstPage) {
        if (afterFirstPage) {
            server.stubFor(authorized(get(urlPathEqualTo(PATH))).atPriority(2).inScenario(FAILURE_SCENARIO)
                    .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withTransformers(Ledger.NAME))
                    .willSetStateTo("page 1 served"));
        }
        String state = afterFirstPage ? "page 1 served" : Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = i == times ? "recovered" : "failed " + i;
            server.stubFor(authorized(get(urlPathEqualTo(PATH))).atPriority(2).inScenario(FAILURE_SCENARIO)
                    .whenScenarioStateIs(state)
                    .willReturn(error(status, "api_error", null, "An unknown error occurred"))
                    .willSetStateTo(next));
            state = next;
        }
    }

    private void scenario(int times, ResponseDefinitionBuilder answer) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            String next = i == times ? "recovered" : "failed " + i;
            server.stubFor(authorized(get(urlPathEqualTo(PATH))).atPriority(2).inScenario(FAILURE_SCENARIO)
                    .whenScenarioStateIs(state).willReturn(answer).willSetStateTo(next));
            state = next;
        }
    }

    /** Every answer comes after {@code millis}, until {@link #reset()}. */
    public void delayAnswers(int millis) {
        server.stubFor(authorized(get(urlPathEqualTo(PATH))).atPriority(2)
                .willReturn(aResponse().withTransformers(Ledger.NAME).withFixedDelay(millis)));
    }

    // ---- the account's balance transactions (amounts in the smallest unit, as the API) ----------------

    /** A card charge {@code chargeId} of {@code amount} with Stripe's {@code fee}. */
    public ObjectNode charge(String txnId, String chargeId, long created, long amount, long fee, String currency,
            Map<String, String> metadata, String customer) {
        ObjectNode source = JSON.createObjectNode().put("id", chargeId).put("object", "charge").put("amount", amount)
                .put("currency", currency).put("created", created).put("payment_intent", "pi_" + chargeId.substring(3));
        source.put("customer", customer);
        source.set("metadata", JSON.valueToTree(metadata));
        return add(transaction(txnId, created, amount, fee, currency, "charge", "charge", source));
    }

    /** A refund {@code refundId} of {@code amount} on {@code chargeId}. */
    public ObjectNode refund(String txnId, String refundId, String chargeId, long created, long amount, String currency) {
        ObjectNode source = JSON.createObjectNode().put("id", refundId).put("object", "refund").put("amount", amount)
                .put("charge", chargeId).put("currency", currency).put("created", created).put("status", "succeeded");
        source.putObject("metadata");
        return add(transaction(txnId, created, -amount, 0, currency, "refund", "refund", source));
    }

    /** A dispute {@code disputeId} withdrawing {@code amount} from {@code chargeId}, with the dispute fee. */
    public ObjectNode dispute(String txnId, String disputeId, String chargeId, long created, long amount, long fee,
            String currency) {
        ObjectNode source = JSON.createObjectNode().put("id", disputeId).put("object", "dispute").put("amount", amount)
                .put("charge", chargeId).put("currency", currency).put("created", created).put("status", "needs_response")
                .put("reason", "fraudulent");
        source.putObject("metadata");
        source.putArray("balance_transactions");
        return add(transaction(txnId, created, -amount, fee, currency, "adjustment", "dispute", source));
    }

    /** A payout {@code payoutId} of {@code amount} to the bank. */
    public ObjectNode payout(String txnId, String payoutId, long created, long amount, String currency) {
        ObjectNode source = JSON.createObjectNode().put("id", payoutId).put("object", "payout").put("amount", amount)
                .put("currency", currency).put("created", created).put("status", "paid");
        return add(transaction(txnId, created, -amount, 0, currency, "payout", "payout", source));
    }

    /** A Stripe fee billed on its own (e.g. Radar), no source object. */
    public ObjectNode stripeFee(String txnId, long created, long amount, String currency) {
        return add(transaction(txnId, created, -amount, 0, currency, "stripe_fee", "fee", null));
    }

    private static ObjectNode transaction(String id, long created, long amount, long fee, String currency, String type,
            String category, ObjectNode source) {
        ObjectNode txn = JSON.createObjectNode();
        txn.put("id", id);
        txn.put("object", "balance_transaction");
        txn.put("amount", amount);
        txn.put("available_on", created + 2 * 86_400);
        txn.put("created", created);
        txn.put("currency", currency);
        txn.put("description", category + " " + id);
        txn.putNull("exchange_rate");
        txn.put("fee", fee);
        ArrayNode details = txn.putArray("fee_details");
        if (fee != 0) {
            details.addObject().put("amount", fee).put("currency", currency).put("description", "Stripe processing fees")
                    .put("type", "stripe_fee").putNull("application");
        }
        txn.put("net", amount - fee);
        txn.put("reporting_category", category);
        if (source == null) {
            txn.putNull("source");
        } else {
            txn.set("source", source);
        }
        txn.put("status", "available");
        txn.put("type", type);
        return txn;
    }

    private ObjectNode add(ObjectNode transaction) {
        ledger.transactions.add(transaction);
        return transaction;
    }

    // ---- what happened --------------------------------------------------------------------------------

    /** Every request received, oldest first. */
    public List<LoggedRequest> requests() {
        List<LoggedRequest> requests = new ArrayList<>(server.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .toList());
        Collections.reverse(requests);
        return requests;
    }

    /** The API's answers to list requests. */
    static final class Ledger implements ResponseDefinitionTransformerV2 {

        static final String NAME = "stripe-balance-transactions";

        final List<ObjectNode> transactions = new CopyOnWriteArrayList<>();

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
                    .withHeader("Content-Type", "application/json").withHeader("Request-Id", "req_sim");
            long gte;
            long lt;
            int limit;
            try {
                gte = longParam(request, "created[gte]", Long.MIN_VALUE);
                lt = longParam(request, "created[lt]", Long.MAX_VALUE);
                limit = (int) longParam(request, "limit", 10);
            } catch (NumberFormatException e) {
                return error(400, "invalid_request_error", "parameter_invalid_integer", "Invalid integer: "
                        + e.getMessage()).build();
            }
            if (limit < 1 || limit > 100) {
                return error(400, "invalid_request_error", "parameter_invalid_integer",
                        "Invalid limit: must be at least 1 and less than or equal to 100").build();
            }
            boolean expandSource = values(request, "expand[]").contains("data.source");
            List<ObjectNode> matching = transactions.stream()
                    .filter(t -> t.get("created").asLong() >= gte && t.get("created").asLong() < lt)
                    .sorted(Comparator.comparing((ObjectNode t) -> t.get("created").asLong())
                            .thenComparing(t -> t.get("id").asText()).reversed())
                    .toList();
            List<String> after = values(request, "starting_after");
            int from = 0;
            if (!after.isEmpty()) {
                int at = -1;
                for (int i = 0; i < matching.size(); i++) {
                    if (matching.get(i).get("id").asText().equals(after.get(0))) {
                        at = i;
                    }
                }
                if (at < 0) {
                    return error(400, "invalid_request_error", "resource_missing",
                            "No such balance_transaction: '" + after.get(0) + "'").build();
                }
                from = at + 1;
            }
            List<ObjectNode> page = matching.subList(Math.min(from, matching.size()),
                    Math.min(from + limit, matching.size()));
            ObjectNode body = JSON.createObjectNode();
            body.put("object", "list");
            ArrayNode data = body.putArray("data");
            for (ObjectNode transaction : page) {
                ObjectNode copy = transaction.deepCopy();
                if (!expandSource && copy.get("source").isObject()) {
                    copy.put("source", copy.get("source").get("id").asText());
                }
                data.add(copy);
            }
            body.put("has_more", from + limit < matching.size());
            body.put("url", PATH);
            return answer.withStatus(200).withBody(body.toString()).build();
        }

        private static long longParam(LoggedRequest request, String name, long otherwise) {
            List<String> values = values(request, name);
            return values.isEmpty() ? otherwise : Long.parseLong(values.get(0));
        }

        private static List<String> values(LoggedRequest request, String name) {
            QueryParameter parameter = request.queryParameter(name);
            return parameter == null || !parameter.isPresent() ? List.of() : parameter.values();
        }
    }
}
