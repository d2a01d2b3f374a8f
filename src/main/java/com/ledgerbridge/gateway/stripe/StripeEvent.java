package com.ledgerbridge.gateway.stripe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * A Stripe (v1, "snapshot") event as sent to a webhook endpoint: the envelope fields we check and the
 * {@code data.object} it reports on, read from the raw body with Jackson (the official SDK is not used at runtime).
 *
 * @param id         {@code evt_…}, the same on every delivery of the event
 * @param type       e.g. {@code payment_intent.succeeded}
 * @param livemode   live or test mode
 * @param account    the connected account the event happened on (Connect endpoints), else null
 * @param created    when the event happened
 * @param apiVersion the API version {@code data.object} is rendered in (field names drift between versions)
 * @param object     {@code data.object}
 */
record StripeEvent(String id, String type, boolean livemode, String account, Instant created, String apiVersion,
        JsonNode object) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            // a signed body is what it is; but two values for one field would make "which one did we read" a question
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Reads the envelope; refuses what is not a v1 event. */
    static StripeEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidStripeEventException(InvalidStripeEventException.MALFORMED_JSON,
                    "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidStripeEventException(InvalidStripeEventException.MALFORMED_JSON,
                    "the body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidStripeEventException(InvalidStripeEventException.NOT_AN_EVENT, "the body is not a JSON object");
        }
        String object = root.path("object").asText(null);
        if ("v2.core.event".equals(object)) {
            // a thin event names an object without its state; it is fetched through the v2 API, which we do not use
            throw new InvalidStripeEventException(InvalidStripeEventException.THIN_EVENT,
                    "a v2 thin event (object=v2.core.event): configure the endpoint for snapshot (v1) events");
        }
        if (!"event".equals(object)) {
            throw new InvalidStripeEventException(InvalidStripeEventException.NOT_AN_EVENT,
                    "object is '" + object + "', not 'event'");
        }
        String id = requiredText(root, "id");
        String type = requiredText(root, "type");
        JsonNode livemode = root.get("livemode");
        if (livemode == null || !livemode.isBoolean()) {
            throw malformed("the event has no boolean livemode");
        }
        JsonNode account = root.get("account");
        JsonNode data = root.path("data").path("object");
        if (!data.isObject()) {
            throw malformed("the event has no data.object");
        }
        return new StripeEvent(id, type, livemode.booleanValue(),
                account == null || account.isNull() ? null : account.asText(),
                Instant.ofEpochSecond(requiredLong(root, "created")), root.path("api_version").asText(null), data);
    }

    /** The id, when the body is an object with a textual id; for a refusal's record, whatever else is wrong. */
    static String idOrNull(byte[] body) {
        try {
            JsonNode id = JSON.readTree(body).get("id");
            return id != null && id.isTextual() && id.asText().length() <= 200 ? id.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String requiredText(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw malformed("'" + field + "' is missing");
        }
        return value;
    }

    /** The field's text, or null when it is absent, null or empty; an expanded object gives its {@code id}. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isObject()) {
            value = value.get("id"); // an expanded reference, e.g. "customer": {"id": "cus_…", …}
        }
        if (value == null || value.isNull() || !value.isValueNode() || value.asText().isEmpty()) {
            return null;
        }
        return value.asText();
    }

    static long requiredLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw malformed("'" + field + "' is not an integer");
        }
        return value.longValue();
    }

    static InvalidStripeEventException malformed(String message) {
        return new InvalidStripeEventException(InvalidStripeEventException.MALFORMED_EVENT, message);
    }
}
