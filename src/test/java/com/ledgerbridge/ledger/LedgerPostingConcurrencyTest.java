package com.ledgerbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.ledger.csv.CsvJournalTarget;
import com.ledgerbridge.pipeline.RetryProperties;
import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** Several instances drain the same outbox side by side (select ... for update skip locked): each entry once. */
@DirtiesContext
class LedgerPostingConcurrencyTest extends IntegrationTest {

    static final int ENTRIES = 2_000;
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = configure(registry, TestDatabase.standard());
        // the application's own stage stays asleep: only the two instances below drain
        LedgerTestSupport.ledgerProperties(registry, 3_600_000);
        registry.add("ledgerbridge.ledger.target", () -> "csv");
    }

    @Autowired
    JournalStore journal;
    @Autowired
    JournalOutbox outbox;
    @Autowired
    CsvJournalTarget target;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    RetryProperties retry;
    @Autowired
    JdbcClient jdbc;

    @Test
    void twoStageInstancesPostEveryEntryExactlyOnce() throws Exception {
        transaction.executeWithoutResult(status -> {
            for (int i = 1; i <= ENTRIES; i++) {
                journal.insert(SampleEntries.invoice("INV-P%05d".formatted(i), LocalDate.of(2026, 5, 1), "parallel " + i));
            }
        });
        long started = System.nanoTime();
        LedgerPostingStage one = new LedgerPostingStage(outbox, journal, target, transaction, 50, retry, Clock.systemUTC());
        LedgerPostingStage two = new LedgerPostingStage(outbox, journal, target, transaction, 50, retry, Clock.systemUTC());

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> handled = new ArrayList<>();
        try {
            CompletableFuture<Integer> a = CompletableFuture.supplyAsync(one::drain, pool);
            CompletableFuture<Integer> b = CompletableFuture.supplyAsync(two::drain, pool);
            handled.add(a.get(120, TimeUnit.SECONDS));
            handled.add(b.get(120, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }

        System.out.printf("two stages posted %d entries in %d ms (%s each)%n", ENTRIES,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), handled);
        assertThat(handled.get(0) + handled.get(1)).as("no entry handled by both").isEqualTo(ENTRIES);
        assertThat(jdbc.sql("select count(*) from journal_entry where posting_status = 'POSTED'").query(Long.class).single())
                .isEqualTo(ENTRIES);
        assertThat(jdbc.sql("select count(distinct target_reference) from journal_entry").query(Long.class).single())
                .as("every entry has rows of its own").isEqualTo(ENTRIES);
        List<CSVRecord> rows = CSVFormat.RFC4180.parse(new StringReader(
                Files.readString(dataDir.resolve("out").resolve("journal-2026-05-01.csv")))).getRecords();
        assertThat(rows).hasSize(1 + 3 * ENTRIES);
        Map<String, Long> rowsPerEntry = rows.stream().skip(1)
                .collect(Collectors.groupingBy(r -> r.get(0), Collectors.counting()));
        assertThat(rowsPerEntry).hasSize(ENTRIES);
        assertThat(rowsPerEntry.values()).containsOnly(3L);
        assertThat(handled).as("both instances took part").allMatch(n -> n > 0);
    }
}
