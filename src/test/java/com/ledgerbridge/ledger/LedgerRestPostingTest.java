package com.ledgerbridge.ledger;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.ledgerbridge.ledger.LedgerTestSupport.QUEUE;
import static com.ledgerbridge.ledger.LedgerTestSupport.awaitDeadLetter;
import static com.ledgerbridge.ledger.LedgerTestSupport.awaitStatus;
import static com.ledgerbridge.simulators.RestLedgerSimulator.ENTRIES_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ledgerbridge.simulators.RestLedgerSimulator;
import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalOutbox.OutboxState;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.JournalStore.PostingStatus;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ledger posting end to end against the generic REST ledger simulator: lookup before create, the mapped
 * request, retries that never post twice, dead letters and the operator's re-drive.
 */
@DirtiesContext
class LedgerRestPostingTest extends IntegrationTest {

    static final int READ_TIMEOUT_MS = 1000;
    static final RestLedgerSimulator ledger = RestLedgerSimulator.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        LedgerTestSupport.ledgerProperties(registry);
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
    JmsTemplate jms;
    @Autowired
    TestRestTemplate http;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void healthyLedger() {
        ledger.reset();
    }

    long post(String invoiceNumber) {
        long id = journal.insert(SampleEntries.invoice(invoiceNumber));
        producer.sendBody(QUEUE, String.valueOf(id));
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
        // nothing from the JMS message or the lookup's answer leaks into the create
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
    void aValidationErrorGoesStraightToTheDeadLetterQueueWithTheLedgersReason() {
        ledger.rejectCreates("account 1122 is closed");

        long id = post("INV-422");

        OutboxState dead = awaitStatus(outbox, id, PostingStatus.DEAD);
        assertThat(dead.attempts()).as("no retry of a validation error").isEqualTo(1);
        assertThat(dead.lastError()).contains("HTTP 422", "validation_failed", "account 1122 is closed");
        assertThat(ledger.createsReceived("invoice:INV-422")).isEqualTo(1);
        LedgerTestSupport.DeadLetter letter = awaitDeadLetter(jms, String.valueOf(id));
        assertThat(letter.failure()).contains("HTTP 422", "account 1122 is closed");
        assertThat(letter.properties()).noneMatch(p -> p.contains("Authorization") || p.contains("Idempotency"));
    }

    @Test
    void afterTheLastRetryTheEntryIsDeadAndARedriveLaterPostsIt() {
        ledger.failAllCreates(503);

        long id = post("INV-DOWN");

        OutboxState dead = awaitStatus(outbox, id, PostingStatus.DEAD);
        assertThat(dead.attempts()).as("1 try + maximum-redeliveries (5)").isEqualTo(6);
        assertThat(dead.lastError()).contains("HTTP 503");
        assertThat(ledger.createsReceived("invoice:INV-DOWN")).isEqualTo(6);
        assertThat(awaitDeadLetter(jms, String.valueOf(id)).failure()).contains("HTTP 503");

        ledger.reset(); // the ledger is back
        long deadNow = jdbc.sql("select count(*) from journal_entry where posting_status = 'DEAD'").query(Long.class).single();
        String answer = http.postForObject("/operations/ledger/dead-letters/redrive", null, String.class);

        assertThat(answer).isEqualTo("{\"redriven\": " + deadNow + "}");
        OutboxState posted = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(posted.targetReference()).startsWith("JE-");
        assertThat(ledger.createsReceived("invoice:INV-DOWN")).isEqualTo(1);
        assertThat(LedgerTestSupport.deadLetter(jms, String.valueOf(id))).as("the re-drive emptied the DLQ").isNull();
    }

    @Test
    void credentialsEchoedByTheLedgerNeverReachTheStoredError() {
        ledger.failNextCreates(1, 500, "request had Authorization: Bearer " + RestLedgerSimulator.TOKEN + ";");

        long id = post("INV-TOKEN");

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(state.lastError()).contains("Bearer ***").doesNotContain(RestLedgerSimulator.TOKEN);
    }
}
