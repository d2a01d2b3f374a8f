package com.ledgerbridge.ledger;

import static com.ledgerbridge.ledger.LedgerTestSupport.QUEUE;
import static com.ledgerbridge.ledger.LedgerTestSupport.awaitDeadLetter;
import static com.ledgerbridge.ledger.LedgerTestSupport.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.ledger.csv.CsvJournalFile;
import com.ledgerbridge.ledger.csv.Rfc4180;
import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalOutbox.OutboxState;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.JournalStore.PostingStatus;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Ledger posting end to end with the CSV journal file target: JMS prompt, outbox state, the day's file. */
@DirtiesContext
class LedgerCsvPostingTest extends IntegrationTest {

    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = configure(registry, TestDatabase.standard());
        LedgerTestSupport.ledgerProperties(registry);
        registry.add("ledgerbridge.ledger.target", () -> "csv");
        registry.add("ledgerbridge.ledger.sweep-interval-ms", () -> "300");
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
    CamelContext camel;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CsvJournalFile csvJournalFile;
    @Autowired
    TestRestTemplate http;

    static JournalEntry invoiceOn(String number, int day) {
        return SampleEntries.invoice(number, LocalDate.of(2026, 4, day), "Invoice " + number);
    }

    Path journalFile(int day) {
        return dataDir.resolve("out").resolve("journal-2026-04-%02d.csv".formatted(day));
    }

    List<Rfc4180.Record> rowsOf(Path file, String idempotencyKey) throws Exception {
        return Rfc4180.parse(Files.readString(file)).stream()
                .filter(r -> r.fields().get(0).equals(idempotencyKey)).toList();
    }

    @Test
    void anEntryIsAppendedToItsDaysJournalFileAndMarkedPosted() throws Exception {
        long id = journal.insert(invoiceOn("INV-C1", 1));

        producer.sendBody(QUEUE, String.valueOf(id));

        OutboxState state = awaitStatus(outbox, id, PostingStatus.POSTED);
        assertThat(state.targetReference()).isEqualTo("journal-2026-04-01.csv rows 2-4");
        assertThat(state.postedAt()).isNotNull();
        assertThat(state.attempts()).isZero();
        assertThat(Files.readString(journalFile(1))).startsWith(String.join(",", CsvJournalFile.HEADER) + "\r\n");
        assertThat(rowsOf(journalFile(1), "invoice:INV-C1")).extracting(r -> r.fields().get(6))
                .containsExactly("ACCOUNTS_RECEIVABLE", "REVENUE", "OUTPUT_VAT");
    }

    @Test
    void duplicatePromptsChangeNothing() throws Exception {
        long id = journal.insert(invoiceOn("INV-C2", 2));
        producer.sendBody(QUEUE, String.valueOf(id));
        OutboxState posted = awaitStatus(outbox, id, PostingStatus.POSTED);
        byte[] file = Files.readAllBytes(journalFile(2));

        NotifyBuilder twoMore = new NotifyBuilder(camel).fromRoute("ledger-posting-consume").whenDone(2).create();
        producer.sendBody(QUEUE, String.valueOf(id));
        producer.sendBody(QUEUE, String.valueOf(id));

        assertThat(twoMore.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllBytes(journalFile(2))).isEqualTo(file);
        assertThat(outbox.state(id).orElseThrow()).isEqualTo(posted);
    }

    @Test
    void anEntryWrittenBeforeACrashIsFoundInTheFileNotWrittenTwice() throws Exception {
        long id = journal.insert(invoiceOn("INV-C3", 3));
        // the previous run wrote the rows, then died before it could mark the entry POSTED
        String written = csvJournalFile.append(journal.find(id).orElseThrow());

        producer.sendBody(QUEUE, String.valueOf(id));

        assertThat(awaitStatus(outbox, id, PostingStatus.POSTED).targetReference()).isEqualTo(written);
        assertThat(rowsOf(journalFile(3), "invoice:INV-C3")).hasSize(3);
    }

    @Test
    void aPendingEntryWhosePromptWasLostIsSweptUp() throws Exception {
        long id = journal.insert(invoiceOn("INV-C4", 4));
        jdbc.sql("update journal_entry set created_at = :old where id = :id")
                .param("old", Timestamp.from(Instant.now().minusSeconds(120))).param("id", id).update();

        // no message is sent: the sweeper finds the entry in the database
        assertThat(awaitStatus(outbox, id, PostingStatus.POSTED).targetReference())
                .isEqualTo("journal-2026-04-04.csv rows 2-4");
    }

    @Test
    void aFreshPendingEntryIsLeftToItsOwnPrompt() throws Exception {
        long id = journal.insert(invoiceOn("INV-C5", 5));
        NotifyBuilder sweeps = new NotifyBuilder(camel).fromRoute("ledger-posting-sweep").whenDone(3).create();

        assertThat(sweeps.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(outbox.state(id).orElseThrow().status()).isEqualTo(PostingStatus.PENDING);
    }

    @Test
    void aConflictingCopyInTheFileParksTheEntryUntilAPersonFixesItAndReDrives() throws Exception {
        long id = journal.insert(invoiceOn("INV-C6", 6));
        long other = journal.insert(invoiceOn("INV-C6B", 6));
        csvJournalFile.append(journal.find(id).orElseThrow());
        csvJournalFile.append(journal.find(other).orElseThrow());
        Path file = journalFile(6);
        String good = Files.readString(file);
        Files.writeString(file, good.replace("113.00,,CNY,receivable INV-C6,", "131.00,,CNY,receivable INV-C6,"));

        producer.sendBody(QUEUE, String.valueOf(id));

        OutboxState dead = awaitStatus(outbox, id, PostingStatus.DEAD);
        assertThat(dead.attempts()).as("a permanent refusal is not retried").isEqualTo(1);
        assertThat(dead.lastError()).contains("already holds different rows for journal entry invoice:INV-C6");
        assertThat(awaitDeadLetter(jms, String.valueOf(id)).failure()).contains("INV-C6");

        Files.writeString(file, good); // the person puts the file right
        String answer = http.postForObject("/operations/ledger/dead-letters/redrive", null, String.class);

        assertThat(answer).isEqualTo("{\"redriven\": 1}");
        assertThat(awaitStatus(outbox, id, PostingStatus.POSTED).targetReference())
                .isEqualTo("journal-2026-04-06.csv rows 2-4");
        assertThat(Files.readString(file)).isEqualTo(good);
        assertThat(LedgerTestSupport.deadLetter(jms, String.valueOf(id))).as("the re-drive emptied the DLQ").isNull();
    }

    @Test
    void aMessageThatIsNoEntryIdIsParkedWithItsReason() {
        producer.sendBody(QUEUE, "not-an-id");

        assertThat(awaitDeadLetter(jms, "not-an-id").failure()).contains("must carry a journal entry id");
    }
}
