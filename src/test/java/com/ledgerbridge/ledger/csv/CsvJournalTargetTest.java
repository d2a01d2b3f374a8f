package com.ledgerbridge.ledger.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.ledger.PostingOutcome;
import com.ledgerbridge.ledger.PostingOutcome.Posted;
import com.ledgerbridge.ledger.PostingOutcome.Refused;
import com.ledgerbridge.ledger.SampleEntries;
import java.io.StringReader;
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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvJournalTargetTest {

    static final String HEADER = "idempotency_key,entry_date,source_type,source_reference,line_no,account_code,"
            + "account_role,debit,credit,currency,memo,description\r\n";

    @TempDir
    Path dir;

    CsvJournalTarget target;

    @BeforeEach
    void setUp() {
        target = new CsvJournalTarget(dir.resolve("out"));
    }

    /** Another process (or this one after a restart): knows nothing but what is in the files. */
    CsvJournalTarget restarted() {
        return new CsvJournalTarget(dir.resolve("out"));
    }

    Path file() {
        return dir.resolve("out").resolve("journal-2026-03-01.csv");
    }

    String content() throws Exception {
        return Files.readString(file(), StandardCharsets.UTF_8);
    }

    /** Parsed independently of the code under test: RFC 4180 as any reader sees it. */
    List<CSVRecord> records() throws Exception {
        return CSVFormat.RFC4180.parse(new StringReader(content())).getRecords();
    }

    static PostingOutcome only(List<PostingOutcome> outcomes) {
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    static String reference(List<PostingOutcome> outcomes) {
        return ((Posted) only(outcomes)).targetReference();
    }

    @Test
    void writesTheHeaderOnceAndOneRowPerLineWithDebitOrCredit() throws Exception {
        List<PostingOutcome> outcomes = target.post(List.of(SampleEntries.invoice("INV-1"), SampleEntries.invoice("INV-2")));

        assertThat(outcomes).containsExactly(
                new Posted("invoice:INV-1", "journal-2026-03-01.csv rows 2-4"),
                new Posted("invoice:INV-2", "journal-2026-03-01.csv rows 5-7"));
        assertThat(content()).isEqualTo(HEADER
                + "invoice:INV-1,2026-03-01,INVOICE,INV-1,1,1122,ACCOUNTS_RECEIVABLE,113.00,,CNY,receivable INV-1,Invoice INV-1 to C-1\r\n"
                + "invoice:INV-1,2026-03-01,INVOICE,INV-1,2,6001,REVENUE,,100.00,CNY,revenue INV-1,Invoice INV-1 to C-1\r\n"
                + "invoice:INV-1,2026-03-01,INVOICE,INV-1,3,222101,OUTPUT_VAT,,13.00,CNY,output VAT INV-1,Invoice INV-1 to C-1\r\n"
                + "invoice:INV-2,2026-03-01,INVOICE,INV-2,1,1122,ACCOUNTS_RECEIVABLE,113.00,,CNY,receivable INV-2,Invoice INV-2 to C-1\r\n"
                + "invoice:INV-2,2026-03-01,INVOICE,INV-2,2,6001,REVENUE,,100.00,CNY,revenue INV-2,Invoice INV-2 to C-1\r\n"
                + "invoice:INV-2,2026-03-01,INVOICE,INV-2,3,222101,OUTPUT_VAT,,13.00,CNY,output VAT INV-2,Invoice INV-2 to C-1\r\n");
        assertThat(target.lookup("invoice:INV-2")).contains("journal-2026-03-01.csv rows 5-7");
        assertThat(target.lookup("invoice:INV-3")).isEmpty();
    }

    @Test
    void eachEntryDateHasItsOwnFileWithItsOwnHeader() throws Exception {
        target.post(List.of(SampleEntries.invoice("INV-1"), SampleEntries.invoice("INV-9", LocalDate.of(2026, 3, 2), "next day")));

        Path nextDay = dir.resolve("out").resolve("journal-2026-03-02.csv");
        assertThat(Files.readString(nextDay)).startsWith(HEADER).contains("invoice:INV-9");
        assertThat(content()).doesNotContain("INV-9");
        assertThat(content().split(HEADER, -1)).hasSize(2);
    }

    @Test
    void anEntryAlreadyInTheFileIsNotAppendedAgainByThisProcessOrTheNext() throws Exception {
        String first = reference(target.post(List.of(SampleEntries.invoice("INV-1"))));
        target.post(List.of(SampleEntries.invoice("INV-2")));
        byte[] before = Files.readAllBytes(file());

        assertThat(reference(target.post(List.of(SampleEntries.invoice("INV-1"))))).isEqualTo(first);
        assertThat(reference(restarted().post(List.of(SampleEntries.invoice("INV-1"))))).isEqualTo(first);
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void rowsAnotherProcessAppendedAreKnownWithoutRereadingTheFile() throws Exception {
        target.post(List.of(SampleEntries.invoice("INV-1")));
        CsvJournalTarget other = restarted();
        other.post(List.of(SampleEntries.invoice("INV-2")));

        List<PostingOutcome> again = target.post(List.of(SampleEntries.invoice("INV-2"), SampleEntries.invoice("INV-3")));

        assertThat(again).containsExactly(
                new Posted("invoice:INV-2", "journal-2026-03-01.csv rows 5-7"),
                new Posted("invoice:INV-3", "journal-2026-03-01.csv rows 8-10"));
        assertThat(records()).hasSize(10);
    }

    @Test
    void concurrentPostsOfOneEntryWriteItOnce() throws Exception {
        JournalEntry entry = SampleEntries.invoice("INV-RACE");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                tasks.add(() -> reference(target.post(List.of(entry))));
            }
            List<String> references = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(tasks)) {
                references.add(f.get());
            }
            assertThat(references).containsOnly("journal-2026-03-01.csv rows 2-4");
        } finally {
            pool.shutdownNow();
        }
        assertThat(records()).hasSize(4);
    }

    @Test
    void quotesCommasQuotesAndLineBreaksAndKeepsUtf8() throws Exception {
        JournalEntry entry = SampleEntries.payment("ALI-7", "88.80", "支付宝 \"快捷\", 第1笔\r\nsecond line");

        target.post(List.of(entry));

        String text = content();
        assertThat(text).contains(",\"支付宝 \"\"快捷\"\", 第1笔\r\nsecond line\",");
        List<CSVRecord> records = records();
        assertThat(records).hasSize(3);
        assertThat(records.get(1).toList()).containsExactly("payment:ALI-7", "2026-03-01", "PAYMENT", "ALI-7", "1",
                "101201", "GATEWAY_CLEARING", "88.80", "", "CNY", "支付宝 \"快捷\", 第1笔\r\nsecond line", "Payment ALI-7");
        assertThat(Files.readAllBytes(file())).startsWith("idempotency_key".getBytes(StandardCharsets.US_ASCII));
        assertThat(reference(restarted().post(List.of(entry)))).as("quoted rows are recognised after a restart")
                .isEqualTo("journal-2026-03-01.csv rows 2-3");
    }

    @Test
    void textThatASpreadsheetWouldEvaluateIsDefused() throws Exception {
        target.post(List.of(SampleEntries.payment("P-1", "1.00", "=HYPERLINK(\"http://x\")")));

        assertThat(records().get(1).get(10)).isEqualTo("'=HYPERLINK(\"http://x\")");
    }

    @Test
    void aRecordTornByACrashIsCutOffBeforeTheNextAppend() throws Exception {
        target.post(List.of(SampleEntries.invoice("INV-1")));
        String intact = content();
        Files.writeString(file(), intact + "invoice:INV-2,2026-03-01,INVOICE,INV-2,1,1122,ACCOUNTS_REC",
                StandardCharsets.UTF_8);

        String reference = reference(restarted().post(List.of(SampleEntries.invoice("INV-2"))));

        assertThat(reference).isEqualTo("journal-2026-03-01.csv rows 5-7");
        assertThat(records()).hasSize(7);
        assertThat(records().subList(4, 7)).extracting(r -> r.get(0)).containsOnly("invoice:INV-2");
        assertThat(content()).startsWith(intact).endsWith("\r\n");
    }

    @Test
    void aRecordTornInsideAQuotedFieldIsCutOffToo() throws Exception {
        target.post(List.of(SampleEntries.invoice("INV-1")));
        String intact = content();
        Files.writeString(file(), intact + "payment:P-2,2026-03-01,PAYMENT,P-2,1,101201,GATEWAY_CLEARING,5.00,,CNY,\"a, b\r\nc",
                StandardCharsets.UTF_8);

        String reference = reference(restarted().post(List.of(SampleEntries.payment("P-2", "5.00", "a, b\r\nc"))));

        assertThat(reference).isEqualTo("journal-2026-03-01.csv rows 5-6");
        assertThat(records()).hasSize(6);
        assertThat(content()).startsWith(intact);
    }

    @Test
    void anIncompleteCopyAtTheEndOfTheFileIsWrittenAgainInFull() throws Exception {
        target.post(List.of(SampleEntries.invoice("INV-1")));
        String intact = content();
        String firstRowOfInv2 = JournalFile.format(JournalFile.rowsFor(SampleEntries.invoice("INV-2")).subList(0, 1));
        Files.writeString(file(), intact + firstRowOfInv2, StandardCharsets.UTF_8);

        String reference = reference(restarted().post(List.of(SampleEntries.invoice("INV-2"))));

        assertThat(reference).isEqualTo("journal-2026-03-01.csv rows 5-7");
        assertThat(records()).hasSize(7);
        assertThat(content()).startsWith(intact + firstRowOfInv2);
    }

    @Test
    void aDifferentCopyInsideTheFileRefusesThatEntryOnlyForAPersonToResolve() throws Exception {
        target.post(List.of(SampleEntries.invoice("INV-1"), SampleEntries.invoice("INV-2")));
        Files.writeString(file(), content().replace("113.00,,CNY,receivable INV-1", "112.00,,CNY,receivable INV-1"));
        byte[] before = Files.readAllBytes(file());

        List<PostingOutcome> outcomes = target.post(List.of(SampleEntries.invoice("INV-1"), SampleEntries.invoice("INV-2")));

        assertThat(outcomes.get(0)).isInstanceOf(Refused.class);
        assertThat(((Refused) outcomes.get(0)).reason())
                .contains("journal-2026-03-01.csv already holds different rows for journal entry invoice:INV-1 (rows 2-4)");
        assertThat(outcomes.get(1)).isEqualTo(new Posted("invoice:INV-2", "journal-2026-03-01.csv rows 5-7"));
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void aFileWithAnotherLayoutIsNotAppendedTo() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "Journal No.,Journal Date,Account Name,Debits,Credits\r\n");

        PostingOutcome outcome = only(target.post(List.of(SampleEntries.invoice("INV-1"))));

        assertThat(outcome).isInstanceOf(Refused.class);
        assertThat(((Refused) outcome).reason()).contains("does not start with the journal header");
    }

    @Test
    void aFileThatCannotBeWrittenFailsTheBatchAsTransient() throws Exception {
        Files.createDirectories(file());  // a directory where the file should be

        assertThatThrownBy(() -> target.post(List.of(SampleEntries.invoice("INV-1"))))
                .isInstanceOf(TransientFailure.class)
                .hasMessageContaining("journal-2026-03-01.csv");
    }
}
