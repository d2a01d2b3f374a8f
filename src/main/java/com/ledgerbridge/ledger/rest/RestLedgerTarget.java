package com.ledgerbridge.ledger.rest;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.ledger.FailureText;
import com.ledgerbridge.ledger.JournalEntryDocument;
import com.ledgerbridge.ledger.LedgerTarget;
import com.ledgerbridge.ledger.PostingOutcome;
import com.ledgerbridge.ledger.rest.RestLedgerContract.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The generic REST ledger target ({@code ledgerbridge.ledger.target: rest}; contract and answers:
 * mappings/ledger/generic-rest/README.md). Per entry: look the idempotency key up, and create the entry
 * (mapped by the contract's JSONata file, with an {@code Idempotency-Key} header) only when the ledger does
 * not hold it, so a retry after a timeout or a crash never posts twice. HTTP goes through camel-http, with
 * the application's one client configuration.
 *
 * <p>When the ledger is in trouble (a timeout, a 5xx, a 429) the batch stops at that entry: the entries after
 * it are not tried and wait as they are. After a Retry-After this target sends nothing to the ledger until
 * that time has passed ({@link #post} fails with a {@link TransientFailure} carrying the time left).
 */
@Component
public class RestLedgerTarget implements LedgerTarget {

    private static final Logger log = LoggerFactory.getLogger(RestLedgerTarget.class);

    private final ProducerTemplate http;
    private final RestLedgerContract contract;
    private final JournalEntryDocument documents;
    private final RestLedgerProperties properties;
    private final FailureText failureText;
    private final Clock clock;
    private final String entriesUri;
    private final String mappingUri;
    /** The ledger asked us to wait until then (Retry-After). */
    private volatile Instant quietUntil = Instant.EPOCH;

    public RestLedgerTarget(ProducerTemplate http, RestLedgerContract contract, JournalEntryDocument documents,
            RestLedgerProperties properties, Clock clock) {
        this.http = http;
        this.contract = contract;
        this.documents = documents;
        this.properties = properties;
        this.failureText = new FailureText(properties.token());
        this.clock = clock;
        this.entriesUri = properties.baseUrl() + properties.entriesPath() + "?throwExceptionOnFailure=false"
                + "&connectTimeout=" + properties.connectTimeoutMs()
                + "&responseTimeout=" + properties.readTimeoutMs()
                + "&soTimeout=" + properties.readTimeoutMs();
        this.mappingUri = "jsonata:" + properties.mapping() + "?inputType=JsonString&outputType=JsonString";
    }

    @Override
    public String name() {
        return "rest";
    }

    @Override
    public List<PostingOutcome> post(List<JournalEntry> batch) {
        Duration quiet = Duration.between(Instant.now(clock), quietUntil);
        if (!quiet.isNegative() && !quiet.isZero()) {
            throw new TransientFailure("the REST ledger asked to wait until " + quietUntil + "; nothing sent", quiet, null);
        }
        List<PostingOutcome> outcomes = new ArrayList<>(batch.size());
        for (JournalEntry entry : batch) {
            PostingOutcome outcome;
            MDC.put("correlationId", entry.idempotencyKey());
            try {
                outcome = postOne(entry);
            } finally {
                MDC.remove("correlationId");
            }
            outcomes.add(outcome);
            if (outcome instanceof PostingOutcome.RetryLater retry) {
                retry.waitAtLeast().ifPresent(wait -> quietUntil = Instant.now(clock).plus(wait));
                break; // the ledger is struggling: the rest of the batch waits for the next round
            }
        }
        return outcomes;
    }

    @Override
    public Optional<String> lookup(String idempotencyKey) {
        return Optional.ofNullable(lookupOrNull(idempotencyKey));
    }

    private PostingOutcome postOne(JournalEntry entry) {
        String key = entry.idempotencyKey();
        try {
            String id = lookupOrNull(key);
            if (id == null) {
                id = contract.createResult(create(entry));
                if (id == null) {
                    // a 409 that did not name the entry it holds
                    id = lookupOrNull(key);
                    if (id == null) {
                        throw new TransientFailure("ledger answered 409 to the create of " + key
                                + " but its lookup does not find the entry yet");
                    }
                }
                log.debug("Journal entry {} created in the REST ledger as {}", key, id);
            } else {
                log.info("The REST ledger already holds journal entry {} as {}; not posted again", key, id);
            }
            return new PostingOutcome.Posted(key, id);
        } catch (TransientFailure failure) {
            return new PostingOutcome.RetryLater(key, failureText.describe(failure), failure.retryAfter().orElse(null));
        } catch (PermanentFailure failure) {
            return new PostingOutcome.Refused(key, failureText.describe(failure));
        }
    }

    private String lookupOrNull(String key) {
        Answer answer = call(exchange -> {
            exchange.setHeader(Exchange.HTTP_METHOD, "GET");
            exchange.setHeader(Exchange.HTTP_QUERY, contract.lookupQuery(key));
        });
        return contract.lookupResult(answer, key);
    }

    private Answer create(JournalEntry entry) {
        String request = http.requestBody(mappingUri, documents.toJson(entry), String.class);
        return call(message -> {
            message.setHeader(Exchange.HTTP_METHOD, "POST");
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setHeader("Idempotency-Key", entry.idempotencyKey());
            message.setBody(request);
        });
    }

    /** One request to the entries resource; the message starts empty, so nothing but what is set here is sent. */
    private Answer call(java.util.function.Consumer<Message> request) {
        if (properties.token().isEmpty()) {
            throw new PermanentFailure("no REST ledger token configured (ledgerbridge.ledger.rest.token / LEDGER_API_TOKEN)");
        }
        Exchange result = http.send(entriesUri, exchange -> {
            request.accept(exchange.getIn());
            exchange.getIn().setHeader("Authorization", "Bearer " + properties.token());
        });
        if (result.getException() != null) {
            throw new TransientFailure("cannot reach the REST ledger: " + failureText.describe(result.getException()),
                    result.getException());
        }
        Message answer = result.getMessage();
        Integer status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new TransientFailure("the REST ledger's answer has no status code");
        }
        return new Answer(status, answer.getBody(String.class), answer.getHeader("Retry-After", String.class));
    }
}
