package com.ledgerbridge.ledger.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.ledger.PostingRejectedException;
import com.ledgerbridge.ledger.SampleEntries;
import com.ledgerbridge.storage.JournalStore.PostingStatus;
import com.ledgerbridge.storage.JournalStore.StoredJournalEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvJournalFileTest {

    static final String HEADER = "idempotency_key,entry_date,source_type,source_reference,line_no,account_code,"
            + "account_role,debit,credit,currency,memo,description\r\n";

    @TempDir
    Path dir;

    CsvJournalFile target;

    @BeforeEach
    void setUp() {
        target = new CsvJournalFile(dir.resolve("out"));
    }

    static StoredJournalEntry stored(JournalEntry entry) {
        return new StoredJournalEntry(1, entry, PostingStatus.PENDING, 0, null);
    }

    Path file() {
        return dir.resolve("out").resolve("journal-2026-03-01.csv");
    }

    String content() throws Exception {
        return Files.readString(file(), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheHeaderOnceAndOneRowPerLineWithDebitOrCredit() throws Exception {
        String first = target.append(stored(SampleEntries.invoice("INV-1")));
        String second = target.append(stored(SampleEntries.invoice("INV-2")));

        assertThat(first).isEqualTo("journal-2026-03-01.csv rows 2-4");
        assertThat(second).isEqualTo("journal-2026-03-01.csv rows 5-7");
        assertThat(content()).isEqualTo(HEADER
                + "invoice:INV-1,2026-03-01,INVOICE,INV-1,1,1122,ACCOUNTS_RECEIVABLE,113.00,,CNY,receivable INV-1,Invoice INV-1 to C-1\r\n"
                + "invoice:INV-1,2026-03-01,INVOICE,INV-1,2,6001,REVENUE,,100.00,CNY,revenue INV-1,Invoice INV-1 to C-1\r\n"
                + "invoice:INV-1,2026-03-01,INVOICE,INV-1,3,222101,OUTPUT_VAT,,13.00,CNY,output VAT INV-1,Invoice INV-1 to C-1\r\n"
                + "invoice:INV-2,2026-03-01,INVOICE,INV-2,1,1122,ACCOUNTS_RECEIVABLE,113.00,,CNY,receivable INV-2,Invoice INV-2 to C-1\r\n"
                + "invoice:INV-2,2026-03-01,INVOICE,INV-2,2,6001,REVENUE,,100.00,CNY,revenue INV-2,Invoice INV-2 to C-1\r\n"
                + "invoice:INV-2,2026-03-01,INVOICE,INV-2,3,222101,OUTPUT_VAT,,13.00,CNY,output VAT INV-2,Invoice INV-2 to C-1\r\n");
    }

    @Test
    void eachEntryDateHasItsOwnFileWithItsOwnHeader() throws Exception {
        target.append(stored(SampleEntries.invoice("INV-1")));
        target.append(stored(SampleEntries.invoice("INV-9", LocalDate.of(2026, 3, 2), "next day")));

        Path nextDay = dir.resolve("out").resolve("journal-2026-03-02.csv");
        assertThat(Files.readString(nextDay)).startsWith(HEADER).contains("invoice:INV-9");
        assertThat(content()).doesNotContain("INV-9");
        assertThat(content().split(HEADER, -1)).hasSize(2);
    }

    @Test
    void anEntryAlreadyInTheFileIsNotAppendedAgain() throws Exception {
        String first = target.append(stored(SampleEntries.invoice("INV-1")));
        target.append(stored(SampleEntries.invoice("INV-2")));
        byte[] before = Files.readAllBytes(file());

        String again = target.append(stored(SampleEntries.invoice("INV-1")));

        assertThat(again).isEqualTo(first);
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void concurrentAppendsOfOneEntryWriteItOnce() throws Exception {
        JournalEntry entry = SampleEntries.invoice("INV-RACE");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                tasks.add(() -> target.append(stored(entry)));
            }
            List<String> references = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(tasks)) {
                references.add(f.get());
            }
            assertThat(references).containsOnly("journal-2026-03-01.csv rows 2-4");
        } finally {
            pool.shutdownNow();
        }
        assertThat(Rfc4180.parse(content())).hasSize(4);
    }

    @Test
    void quotesCommasQuotesAndLineBreaksAndKeepsUtf8() throws Exception {
        JournalEntry entry = SampleEntries.payment("ALI-7", "88.80", "支付宝 \"快捷\", 第1笔\r\nsecond line");

        target.append(stored(entry));

        String text = content();
        assertThat(text).contains(",\"支付宝 \"\"快捷\"\", 第1笔\r\nsecond line\",");
        List<Rfc4180.Record> records = Rfc4180.parse(text);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).fields()).containsExactly("payment:ALI-7", "2026-03-01", "PAYMENT", "ALI-7", "1",
                "101201", "GATEWAY_CLEARING", "88.80", "", "CNY", "支付宝 \"快捷\", 第1笔\r\nsecond line", "Payment ALI-7");
        assertThat(Files.readAllBytes(file())).startsWith("idempotency_key".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void textThatASpreadsheetWouldEvaluateIsDefused() throws Exception {
        target.append(stored(SampleEntries.payment("P-1", "1.00", "=HYPERLINK(\"http://x\")")));

        assertThat(Rfc4180.parse(content()).get(1).fields().get(10)).isEqualTo("'=HYPERLINK(\"http://x\")");
    }

    @Test
    void aRecordTornByACrashIsCutOffBeforeTheNextAppend() throws Exception {
        target.append(stored(SampleEntries.invoice("INV-1")));
        String intact = content();
        Files.writeString(file(), intact + "invoice:INV-2,2026-03-01,INVOICE,INV-2,1,1122,ACCOUNTS_REC",
                StandardCharsets.UTF_8);

        String reference = target.append(stored(SampleEntries.invoice("INV-2")));

        assertThat(reference).isEqualTo("journal-2026-03-01.csv rows 5-7");
        List<Rfc4180.Record> records = Rfc4180.parse(content());
        assertThat(records).hasSize(7).allMatch(Rfc4180.Record::terminated);
        assertThat(records.subList(4, 7)).extracting(r -> r.fields().get(0)).containsOnly("invoice:INV-2");
        assertThat(content()).startsWith(intact);
    }

    @Test
    void anIncompleteCopyAtTheEndOfTheFileIsWrittenAgainInFull() throws Exception {
        target.append(stored(SampleEntries.invoice("INV-1")));
        String intact = content();
        String firstRowOfInv2 = Rfc4180.format(CsvJournalFile.rowsFor(SampleEntries.invoice("INV-2")).get(0));
        Files.writeString(file(), intact + firstRowOfInv2, StandardCharsets.UTF_8);

        String reference = target.append(stored(SampleEntries.invoice("INV-2")));

        assertThat(reference).isEqualTo("journal-2026-03-01.csv rows 5-7");
        assertThat(Rfc4180.parse(content())).hasSize(7);
        assertThat(content()).startsWith(intact + firstRowOfInv2);
    }

    @Test
    void aDifferentCopyOfTheEntryInsideTheFileIsRefusedForAPersonToResolve() throws Exception {
        target.append(stored(SampleEntries.invoice("INV-1")));
        target.append(stored(SampleEntries.invoice("INV-2")));
        Files.writeString(file(), content().replace("113.00,,CNY,receivable INV-1", "112.00,,CNY,receivable INV-1"));
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(() -> target.append(stored(SampleEntries.invoice("INV-1"))))
                .isInstanceOf(PostingRejectedException.class)
                .hasMessageContaining("journal-2026-03-01.csv already holds different rows for journal entry invoice:INV-1");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void aFileWithAnotherLayoutIsNotAppendedTo() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "Journal No.,Journal Date,Account Name,Debits,Credits\r\n");

        assertThatThrownBy(() -> target.append(stored(SampleEntries.invoice("INV-1"))))
                .isInstanceOf(PostingRejectedException.class)
                .hasMessageContaining("does not start with the journal header");
    }
}
