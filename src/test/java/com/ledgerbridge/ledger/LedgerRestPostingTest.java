package com.ledgerbridge.ledger;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.ledgerbridge.ledger.LedgerTestSupport.WAKE;
import static com.ledgerbridge.ledger.LedgerTestSupport.awaitStatus;
import static com.ledgerbridge.simulators.RestLedgerSimulator.ENTRIES_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ledgerbridge.simulators.RestLedgerSimulator;
import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalOutbox.OutboxState;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.JournalStore.PostingStatus;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ledger posting end to end against the generic REST ledger simulator: lookup before create, the mapped
 * request, retries that never post twice (Retry-After honoured), DEAD entries and the operator's re-drive.
 */
@DirtiesContext
class LedgerRestPostingTest extends IntegrationTest {

    static final int READ_TIMEOUT_MS = 2500;
    static final RestLedgerSimulator ledger = RestLedgerSimulator.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        LedgerTestSupport.ledgerProperties(registry, 200);
        registry.add("ledgerbridge.ledger.target", () -> "rest");
        registry.add("ledgerbridge.ledger.rest.base-url", ledger::baseUrl);
        registry.add("ledgerbridge.ledger.rest.token", () -> RestLedgerSimulator.TOKEN);
        registry.add("ledgerbridge.ledger.rest.read-timeout-ms", () -> READ_TIMEOUT_MS);
    }

    @AfterAll
    static void stopSimulator() {
        ledger.close();
    }

    @Autowired
    JournalStore journal;
    @Autowired
    JournalOutbox outbox;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcClient jdbc;

    static boolean warm;

    @BeforeEach
    void healthyLedger() {
        if (!warm) {
            // the very first request of a fresh JVM (class loading, JIT, connection set-up) can take longer than
            // the short read timeout these tests use to provoke time-outs; it must not count as an attempt
            awaitStatus(outbox, post("INV-WARM-UP"), PostingStatus.POSTED);
            jdbc.sql("delete from journal_line where entry_id in (select id from journal_entry where idempotency_key = 'invoice:INV-WARM-UP')")
                    .update();
            jdbc.sql("delete from journal_entry where idempotency_key = 'invoice:INV-WARM-UP'").update();
            warm = true;
        }
        ledger.reset();
    }

    long post(String invoiceNumber) {
        long id = journal.insert(SampleEntries.invoice(invoiceNumber));
        producer.sendBody(WAKE, "wake");
        return id;
    }

    int lookups(String key) {
        return ledger.requests(getRequestedFor(urlPathEqualTo(ENTRIES_PATH))
                .withQueryParam("idempotencyKey", equalTo(key))).size();
    }

    @Test
    void looksUpThenCreatesTheEntryWithTheMappedRequest() throws Exception {
        long id = post("INV-000001");

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);

        assertThat(state.targetReference()).startsWith("JE-");
        assertThat(state.attempts()).isZero();
        List<LoggedRequest> requests = ledger.allRequests();
        assertThat(requests).extracting(r -> r.getMethod().getName()).containsExactly("GET", "POST");
        assertThat(requests.get(0).queryParameter("idempotencyKey").firstValue()).isEqualTo("invoice:INV-000001");
        String golden = Files.readString(Path.of("src/test/resources/simulators/generic-rest-ledger/create-request-invoice.json"));
        assertThat(ledger.requests(postRequestedFor(urlPathEqualTo(ENTRIES_PATH))
                .withHeader("Authorization", equalTo("Bearer " + RestLedgerSimulator.TOKEN))
                .withHeader("Idempotency-Key", equalTo("invoice:INV-000001"))
                .withRequestBody(equalToJson(golden)))).hasSize(1);
        // nothing from a message or the lookup's answer leaks into the create
        assertThat(requests.get(1).getAllHeaderKeys()).noneMatch(h -> h.startsWith("JMS") || h.startsWith("Camel"));
        assertThat(ledger.stored("invoice:INV-000001").path("lines").get(0).path("debit").asText()).isEqualTo("113.00");
    }

    @Test
    void anEntryTheLedgerAlreadyHoldsIsTakenNotPostedAgain() {
        ledger.hold("invoice:INV-HELD", "JE-77");

        long id = post("INV-HELD");

        assertThat(awaitStatus(outbox, id, PostingStatus.POSTED).targetReference()).isEqualTo("JE-77");
        assertThat(ledger.createsReceived("invoice:INV-HELD")).isZero();
    }

    @Test
    void aServerErrorIsRetriedAndTheEntryPostedOnce() {
        ledger.failNextCreates(1, 500);

        long id = post("INV-500");

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(state.attempts()).isEqualTo(1);
        assertThat(state.lastError()).contains("HTTP 500");
        assertThat(ledger.createsReceived("invoice:INV-500")).isEqualTo(2);
        assertThat(lookups("invoice:INV-500")).as("every attempt starts with the lookup").isEqualTo(2);
    }

    @Test
    void aCreateAnsweredAfterTheReadTimeoutIsFoundByTheRetryNotPostedTwice() {
        ledger.delayCreateAnswers(READ_TIMEOUT_MS * 3);

        long id = post("INV-SLOW");

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(ledger.createsReceived("invoice:INV-SLOW")).isEqualTo(1);
        assertThat(state.attempts()).isEqualTo(1);
        assertThat(state.lastError()).containsIgnoringCase("timed out");
        assertThat(state.targetReference()).isNotNull().isEqualTo(ledger.idOf("invoice:INV-SLOW"));
        assertThat(lookups("invoice:INV-SLOW")).isEqualTo(2);
    }

    @Test
    void aConflictTakesTheEntryTheLedgerNames() {
        ledger.holdHiddenFromLookup("invoice:INV-409", "JE-55");

        long id = post("INV-409");

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(state.targetReference()).isEqualTo("JE-55");
        assertThat(state.attempts()).isZero();
        assertThat(ledger.createsReceived("invoice:INV-409")).isEqualTo(1);
    }

    @Test
    void aConflictThatNamesNoEntryIsResolvedByALookup() {
        ledger.conflictsWithoutExistingId();
        ledger.holdHiddenFromLookup("invoice:INV-409B", "JE-56");

        long id = post("INV-409B");

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(state.targetReference()).isEqualTo("JE-56");
        assertThat(state.attempts()).isZero();
        assertThat(ledger.createsReceived("invoice:INV-409B")).isEqualTo(1);
        assertThat(lookups("invoice:INV-409B")).isEqualTo(2);
    }

    @Test
    void aValidationErrorMakesTheEntryDeadAtOnceWithTheLedgersReason() {
        ledger.rejectCreates("account 1122 is closed");

        long id = post("INV-422");

        OutboxState dead = awaitStatus(outbox, id, PostingStatus.DEAD);
        assertThat(dead.attempts()).as("no retry of a validation error").isEqualTo(1);
        assertThat(dead.lastError()).contains("HTTP 422", "validation_failed", "account 1122 is closed")
                .doesNotContain(RestLedgerSimulator.TOKEN);
        assertThat(ledger.createsReceived("invoice:INV-422")).isEqualTo(1);
    }

    @Test
    void oneRefusedEntryOfABatchIsDeadTheOthersArePosted() {
        ledger.rejectCreatesOf("invoice:INV-B2", "account 6001 is closed");
        long first = journal.insert(SampleEntries.invoice("INV-B1"));
        long refused = journal.insert(SampleEntries.invoice("INV-B2"));
        long last = journal.insert(SampleEntries.invoice("INV-B3"));

        producer.sendBody(WAKE, "wake");

        assertThat(awaitStatus(outbox, refused, PostingStatus.DEAD).lastError()).contains("HTTP 422", "account 6001 is closed");
        assertThat(awaitStatus(outbox, first, PostingStatus.POSTED).targetReference()).isEqualTo(ledger.idOf("invoice:INV-B1"));
        assertThat(awaitStatus(outbox, last, PostingStatus.POSTED).targetReference()).isEqualTo(ledger.idOf("invoice:INV-B3"));
        assertThat(ledger.createsReceived("invoice:INV-B1")).isEqualTo(1);
        assertThat(ledger.createsReceived("invoice:INV-B3")).isEqualTo(1);
    }

    @Test
    void aRetryAfterIsHonouredBeforeTheNextRequestToTheLedger() {
        ledger.throttleNextCreates(1, 2);
        long throttled = journal.insert(SampleEntries.invoice("INV-429A"));
        long next = journal.insert(SampleEntries.invoice("INV-429B"));

        producer.sendBody(WAKE, "wake");

        OutboxState state = awaitStatus(outbox, throttled, PostingStatus.POSTED);
        awaitStatus(outbox, next, PostingStatus.POSTED);
        assertThat(state.attempts()).isEqualTo(1);
        assertThat(state.lastError()).contains("HTTP 429");
        List<ServeEvent> served = ledger.allServeEvents();
        int answered429 = IntStream.range(0, served.size())
                .filter(i -> served.get(i).getResponse().getStatus() == 429).findFirst().orElseThrow();
        Instant throttledAt = served.get(answered429).getRequest().getLoggedDate().toInstant();
        Instant nextRequestAt = served.get(answered429 + 1).getRequest().getLoggedDate().toInstant();
        assertThat(Duration.between(throttledAt, nextRequestAt)).as("Retry-After: 2")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(ledger.createsReceived("invoice:INV-429A")).isEqualTo(2);
        assertThat(ledger.createsReceived("invoice:INV-429B")).isEqualTo(1);
    }

    @Test
    void afterTheLastRetryTheEntryIsDeadAndARedriveLaterPostsIt() {
        ledger.failAllCreates(503);

        long id = post("INV-DOWN");

        OutboxState dead = awaitStatus(outbox, id, PostingStatus.DEAD);
        assertThat(dead.attempts()).as("1 try + maximum-redeliveries (5)").isEqualTo(6);
        assertThat(dead.lastError()).contains("HTTP 503");
        assertThat(ledger.createsReceived("invoice:INV-DOWN")).isEqualTo(6);

        ledger.reset(); // the ledger is back
        long deadNow = jdbc.sql("select count(*) from journal_entry where posting_status = 'DEAD'").query(Long.class).single();
        String answer = OperatorTokens.post(http, "/operations/ledger/dead-letters/redrive");

        assertThat(answer).isEqualTo("{\"redriven\":" + deadNow + "}");
        OutboxState posted = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(posted.targetReference()).startsWith("JE-");
        assertThat(ledger.createsReceived("invoice:INV-DOWN")).isEqualTo(1);
        assertThat(posted.attempts()).as("a re-drive starts a fresh round of retries").isZero();
    }

    @Test
    void credentialsEchoedByTheLedgerNeverReachTheStoredError() {
        ledger.failNextCreates(1, 500, "request had Authorization: Bearer " + RestLedgerSimulator.TOKEN + ";");

        long id = post("INV-TOKEN");

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(state.lastError()).contains("Bearer ***").doesNotContain(RestLedgerSimulator.TOKEN);
    }
}
