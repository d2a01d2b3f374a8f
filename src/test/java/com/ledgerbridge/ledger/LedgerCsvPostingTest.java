package com.ledgerbridge.ledger;

import static com.ledgerbridge.ledger.LedgerTestSupport.WAKE;
import static com.ledgerbridge.ledger.LedgerTestSupport.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.ledger.csv.CsvJournalTarget;
import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalOutbox.OutboxState;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.JournalStore.PostingStatus;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Ledger posting end to end with the CSV journal file target: wake-up, outbox state, the day's file, operations. */
@DirtiesContext
class LedgerCsvPostingTest extends IntegrationTest {

    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = configure(registry, TestDatabase.standard());
        LedgerTestSupport.ledgerProperties(registry, 300);
        registry.add("ledgerbridge.ledger.target", () -> "csv");
    }

    @Autowired
    JournalStore journal;
    @Autowired
    JournalOutbox outbox;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    TestRestTemplate http;

    final ObjectMapper json = new ObjectMapper();

    static JournalEntry invoiceOn(String number, int day) {
        return SampleEntries.invoice(number, LocalDate.of(2026, 4, day), "Invoice " + number);
    }

    Path journalFile(int day) {
        return dataDir.resolve("out").resolve("journal-2026-04-%02d.csv".formatted(day));
    }

    List<CSVRecord> rowsOf(Path file, String idempotencyKey) throws Exception {
        return CSVFormat.RFC4180.parse(new StringReader(Files.readString(file))).getRecords().stream()
                .filter(r -> r.get(0).equals(idempotencyKey)).toList();
    }

    /** A previous run of the application: it wrote these entries' rows, then died before marking them POSTED. */
    CsvJournalTarget previousRun() {
        return new CsvJournalTarget(dataDir.resolve("out"));
    }

    @Test
    void anEntryIsAppendedToItsDaysJournalFileAndMarkedPosted() throws Exception {
        long id = journal.insert(invoiceOn("INV-C1", 1));

        producer.sendBody(WAKE, "wake");

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(state.targetReference()).isEqualTo("journal-2026-04-01.csv rows 2-4");
        assertThat(state.postedAt()).isNotNull();
        assertThat(state.attempts()).isZero();
        assertThat(Files.readString(journalFile(1))).startsWith("idempotency_key,entry_date,source_type,source_reference,"
                + "line_no,account_code,account_role,debit,credit,currency,memo,description\r\n");
        assertThat(rowsOf(journalFile(1), "invoice:INV-C1")).extracting(r -> r.get(6))
                .containsExactly("ACCOUNTS_RECEIVABLE", "REVENUE", "OUTPUT_VAT");
    }

    @Test
    void moreWakeUpsChangeNothing() throws Exception {
        long id = journal.insert(invoiceOn("INV-C2", 2));
        producer.sendBody(WAKE, "wake");
        OutboxState posted = awaitStatus(outbox, id, PostingStatus.POSTED);
        byte[] file = Files.readAllBytes(journalFile(2));

        NotifyBuilder twoMore = new NotifyBuilder(camel).fromRoute("ledger-posting-wake").whenDone(2).create();
        producer.sendBody(WAKE, "wake");
        producer.sendBody(WAKE, "wake");

        assertThat(twoMore.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllBytes(journalFile(2))).isEqualTo(file);
        assertThat(outbox.state(id).orElseThrow()).isEqualTo(posted);
    }

    @Test
    void anEntryWithoutWakeUpIsSweptUp() {
        long id = journal.insert(invoiceOn("INV-C4", 4));

        // no wake-up is sent: the sweep finds the entry in the database
        assertThat(awaitStatus(outbox, id, PostingStatus.POSTED).targetReference())
                .isEqualTo("journal-2026-04-04.csv rows 2-4");
    }

    @Test
    void entriesWrittenBeforeACrashAreFoundInTheFileNotWrittenTwice() throws Exception {
        List<JournalEntry> entries = List.of(invoiceOn("INV-C3A", 3), invoiceOn("INV-C3B", 3), invoiceOn("INV-C3C", 3));
        previousRun().post(entries);
        byte[] written = Files.readAllBytes(journalFile(3));
        List<Long> ids = entries.stream().map(journal::insert).toList();

        producer.sendBody(WAKE, "wake");

        assertThat(awaitStatus(outbox, ids.get(0), PostingStatus.POSTED).targetReference())
                .isEqualTo("journal-2026-04-03.csv rows 2-4");
        assertThat(awaitStatus(outbox, ids.get(1), PostingStatus.POSTED).targetReference())
                .isEqualTo("journal-2026-04-03.csv rows 5-7");
        assertThat(awaitStatus(outbox, ids.get(2), PostingStatus.POSTED).targetReference())
                .isEqualTo("journal-2026-04-03.csv rows 8-10");
        assertThat(Files.readAllBytes(journalFile(3))).isEqualTo(written);
    }

    @Test
    void aRefusedEntryIsDeadWithItsReasonTheRestOfTheBatchIsPostedAndARedriveBringsItBack() throws Exception {
        Path file = journalFile(6);
        previousRun().post(List.of(invoiceOn("INV-C6B", 6)));
        String good = Files.readString(file);
        // someone changed the amount in the file: the entry no longer matches its rows
        Files.writeString(file, good.replace("113.00,,CNY,receivable INV-C6B,", "131.00,,CNY,receivable INV-C6B,"));
        long first = journal.insert(invoiceOn("INV-C6A", 6));
        long refused = journal.insert(invoiceOn("INV-C6B", 6));
        long last = journal.insert(invoiceOn("INV-C6C", 6));

        producer.sendBody(WAKE, "wake");

        OutboxState dead = awaitStatus(outbox, refused, PostingStatus.DEAD);
        assertThat(dead.attempts()).as("a refusal is not retried").isEqualTo(1);
        assertThat(dead.lastError()).contains("already holds different rows for journal entry invoice:INV-C6B");
        assertThat(awaitStatus(outbox, first, PostingStatus.POSTED).targetReference()).isEqualTo("journal-2026-04-06.csv rows 5-7");
        assertThat(awaitStatus(outbox, last, PostingStatus.POSTED).targetReference()).isEqualTo("journal-2026-04-06.csv rows 8-10");

        JsonNode deadLetters = json.readTree(OperatorTokens.get(http, "/operations/ledger/dead-letters"));
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).path("idempotencyKey").asText()).isEqualTo("invoice:INV-C6B");
        assertThat(deadLetters.get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(deadLetters.get(0).path("reason").asText()).contains("already holds different rows");

        Files.writeString(file, Files.readString(file).replace("131.00,,CNY,receivable INV-C6B,", "113.00,,CNY,receivable INV-C6B,"));
        JsonNode answer = json.readTree(OperatorTokens.post(http, "/operations/ledger/dead-letters/redrive"));

        assertThat(answer.path("redriven").asInt()).isEqualTo(1);
        assertThat(awaitStatus(outbox, refused, PostingStatus.POSTED).targetReference())
                .isEqualTo("journal-2026-04-06.csv rows 2-4");
        assertThat(rowsOf(file, "invoice:INV-C6B")).hasSize(3);
        assertThat(json.readTree(OperatorTokens.get(http, "/operations/ledger/dead-letters"))).isEmpty();
    }
}
