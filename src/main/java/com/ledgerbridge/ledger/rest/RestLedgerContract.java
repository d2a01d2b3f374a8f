package com.ledgerbridge.ledger.rest;

import com.ledgerbridge.failure.RetryAfterHeader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;

/**
 * What the generic REST ledger's answers mean (contract: mappings/ledger/generic-rest/README.md). The
 * target does the HTTP; this class decides, from status code, body and Retry-After, whether the entry is
 * there (and under which id), must be looked up, should be retried, or can never succeed without a person.
 *
 * <p>Transient answers throw {@link TransientFailure} (carrying the ledger's Retry-After when it sent one):
 * the entry is tried again later. Permanent ones throw {@link PermanentFailure}: the entry is refused, with
 * the ledger's error body as the reason.
 */
@Component
public class RestLedgerContract {

    /** What a status code means for one call; {@link #meaningOf} is the whole decision table. */
    public enum Meaning {
        /** 200/201: the call did what was asked. */
        SUCCESS,
        /** 409 on create: the ledger already holds an entry with this idempotency key. */
        ALREADY_EXISTS,
        /** 408, 425, 429, 5xx, and any status the contract does not name: try again later. */
        RETRY,
        /** 400/422 validation, 401/403 credentials, 404/405/413/415 wrong endpoint or payload: a person must act. */
        REJECT
    }

    /** The two calls of the contract. */
    public enum Call { LOOKUP, CREATE }

    private static final int MAX_BODY_IN_REASON = 1500;

    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    public RestLedgerContract(Clock clock) {
        this.clock = clock;
    }

    /** One HTTP answer: status code, body, and the Retry-After header when there was one. */
    public record Answer(int status, String body, String retryAfter) {
        public Answer(int status, String body) {
            this(status, body, null);
        }
    }

    public static Meaning meaningOf(Call call, int status) {
        if (status == 200 || (status == 201 && call == Call.CREATE)) {
            return Meaning.SUCCESS;
        }
        if (status == 409 && call == Call.CREATE) {
            return Meaning.ALREADY_EXISTS;
        }
        if (status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599)) {
            return Meaning.RETRY;
        }
        if (status >= 400 && status <= 499) {
            return Meaning.REJECT;
        }
        return Meaning.RETRY;
    }

    /** The lookup's query string: {@code idempotencyKey=<key, URL-encoded>}. */
    public String lookupQuery(String idempotencyKey) {
        return "idempotencyKey=" + URLEncoder.encode(idempotencyKey, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The answer to {@code GET <entries>?idempotencyKey=<key>}: the ledger's id of the entry carrying exactly
     * this key, or null when it has none. Items with any other key are ignored, so a ledger that ignores the
     * filter cannot make us take someone else's entry for ours.
     */
    public String lookupResult(Answer answer, String idempotencyKey) {
        int status = answer.status();
        String body = answer.body();
        Meaning meaning = meaningOf(Call.LOOKUP, status);
        if (meaning != Meaning.SUCCESS) {
            throw failure(Call.LOOKUP, meaning, answer);
        }
        JsonNode items = parse(Call.LOOKUP, status, body).path("items");
        if (!items.isArray()) {
            throw new TransientFailure("ledger lookup answered HTTP 200 without an \"items\" array: "
                    + excerpt(body));
        }
        for (JsonNode item : items) {
            if (idempotencyKey.equals(item.path("idempotencyKey").asText(null))) {
                String id = idOf(item.path("id"));
                if (id == null) {
                    throw new TransientFailure("ledger lookup found " + idempotencyKey + " without an id: "
                            + excerpt(body));
                }
                return id;
            }
        }
        return null;
    }

    /**
     * The answer to {@code POST <entries>}: the id the ledger gave the entry; after a 409 the id of the
     * entry it already holds, or null when the 409 body does not name it (the route then looks it up).
     */
    public String createResult(Answer answer) {
        int status = answer.status();
        String body = answer.body();
        Meaning meaning = meaningOf(Call.CREATE, status);
        if (meaning == Meaning.SUCCESS) {
            String id = idOf(parse(Call.CREATE, status, body).path("id"));
            if (id == null) {
                throw new TransientFailure("ledger answered HTTP " + status
                        + " to the create but named no id; the next attempt looks the entry up: " + excerpt(body));
            }
            return id;
        }
        if (meaning == Meaning.ALREADY_EXISTS) {
            return idOf(parseQuietly(body).path("error").path("existingId"));
        }
        throw failure(Call.CREATE, meaning, answer);
    }

    private RuntimeException failure(Call call, Meaning meaning, Answer answer) {
        int status = answer.status();
        String body = answer.body();
        String what = call == Call.LOOKUP ? "the lookup" : "the journal entry";
        if (meaning == Meaning.REJECT) {
            String hint = switch (status) {
                case 401, 403 -> " (check ledgerbridge.ledger.rest.token / LEDGER_API_TOKEN)";
                case 404, 405 -> " (check ledgerbridge.ledger.rest.base-url and entries-path)";
                default -> "";
            };
            return new PermanentFailure("ledger rejected " + what + " with HTTP " + status + hint + ": "
                    + excerpt(body));
        }
        Duration wait = RetryAfterHeader.parse(answer.retryAfter(), clock);
        return new TransientFailure("ledger answered HTTP " + status + " to " + what
                + (wait == null ? "" : " (Retry-After " + wait.toSeconds() + " s)") + ": " + excerpt(body), wait, null);
    }


    private JsonNode parse(Call call, int status, String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new TransientFailure("ledger answered HTTP " + status + " to the "
                    + call.name().toLowerCase() + " with a body that is not JSON: " + excerpt(body));
        }
    }

    private JsonNode parseQuietly(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            return node == null ? json.missingNode() : node;
        } catch (IOException e) {
            return json.missingNode();
        }
    }

    /** Ids are strings in the contract; a ledger that sends a number is taken at its exact text. */
    private static String idOf(JsonNode id) {
        if (id.isTextual() && !id.asText().isBlank()) {
            return id.asText();
        }
        if (id.isIntegralNumber()) {
            return id.bigIntegerValue().toString();
        }
        return null;
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String text = body.strip();
        return text.length() <= MAX_BODY_IN_REASON ? text : text.substring(0, MAX_BODY_IN_REASON) + "…";
    }
}
