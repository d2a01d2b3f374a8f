package com.ledgerbridge.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.storage.PaymentInbox;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Settlement bills of the test gateway {@code testpay} on H2 and on PostgreSQL (subclasses): import, three-way
 * reconciliation, healing, fees and payouts, refused files, concurrent imports, the drop folder and the operations
 * endpoints. Bill day 2026-11-20 in Asia/Shanghai.
 */
@Import({TestBillFormat.class, TestBillDownload.class})
// this context is used by no other test class: close it, and give its database connections back, when done
@DirtiesContext
abstract class SettlementBillsTest extends IntegrationTest {

    static final String DAY = "2026-11-20";
    static final LocalDate BILL_DAY = LocalDate.parse(DAY);
    static Path dataDir;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static void settlementProperties(DynamicPropertyRegistry registry, TestDatabase database) {
        dataDir = configure(registry, database);
        // only this flow's routes: no other stage consumes the wake-ups or touches the rows under test
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/settlement-bills.camel.yaml,file:routes/error-handling.camel.yaml");
        registry.add("ledgerbridge.settlement.gateways.testpay.zone", () -> "Asia/Shanghai");
        // a schedule that never fires during the tests: the route must exist, with its cron read in this zone
        registry.add("ledgerbridge.settlement.gateways.testpay.download-cron", () -> "0 30 10 1 1 ? 2099");
        registry.add("ledgerbridge.settlement.gateways.testpay.download-zone", () -> "Asia/Tokyo");
        registry.add("ledgerbridge.settlement.batch-size", () -> "3");
        registry.add("ledgerbridge.settlement.fetch-size", () -> "100");
    }

    @Autowired
    SettlementImport settlementImport;

    @Autowired
    SettlementReconciliation reconciliation;

    @Autowired
    SettlementProperties settings;

    @Autowired
    PaymentInbox inbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.apache.camel.CamelContext camel;

    @Autowired
    SettlementDownloads downloads;

    @Autowired
    SettlementBillFormats formats;

    @Autowired
    com.ledgerbridge.storage.SettlementBills bills;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @LocalServerPort
    int port;

    Path workDir;

    @BeforeEach
    void cleanSlate() throws IOException {
        for (String table : List.of("settlement_rejected_line", "settlement_line", "settlement_bill", "settlement_report",
                "settlement_report_total", "settlement_discrepancy", "settlement_fee_booking", "journal_line",
                "journal_entry", "payment", "payment_event")) {
            jdbc.sql("delete from " + table).update();
        }
        workDir = Files.createTempDirectory(dataDir, "bills-");
        TestBillDownload.PUBLISHED.clear();
    }

    // ---- fixtures

    static String at(String localTime) {
        return DAY + "T" + localTime + "+08:00";
    }

    static TestBillFormat.Bill bill() {
        return new TestBillFormat.Bill();
    }

    static TestBillFormat.Bill payment(TestBillFormat.Bill bill, String key, String trade, String amount, String fee) {
        return bill.line(key, DAY, BillLineKind.PAYMENT, trade, "INV-" + trade, null, amount, fee, "CNY", at("10:00:00"));
    }

    void webhook(String trade, PaymentEventType type, String key, String amount, String occurredAt) {
        jdbc.sql("""
                        insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                                   merchant_reference, amount, currency, occurred_at, raw_payload,
                                                   received_at, status, origin)
                        values ('testpay', :key, :notification, :type, :trade, :reference, :amount, 'CNY', :occurred, '{}',
                                :now, 'RECONCILED', 'WEBHOOK')
                        """)
                .param("key", key)
                .param("notification", "n-" + key)
                .param("type", type.name())
                .param("trade", trade)
                .param("reference", "INV-" + trade)
                .param("amount", new BigDecimal(amount))
                .param("occurred", Timestamp.from(OffsetDateTime.parse(occurredAt).toInstant()))
                .param("now", Timestamp.from(Instant.now()))
                .update();
    }

    void webhookPayment(String trade, String amount) {
        webhook(trade, PaymentEventType.PAYMENT, trade + ":PAYMENT", amount, at("10:00:02"));
    }

    void booked(String trade, String paid, String bookedPaid) {
        jdbc.sql("""
                        insert into payment (gateway, gateway_trade_id, merchant_reference, currency, status, paid_amount,
                                             paid_at, refund_total_seen, refund_increments, dispute_amount, dispute_stage,
                                             closed, booked_paid, booked_refunded, booked_dispute_stage, unapplied_amount,
                                             updated_at)
                        values ('testpay', :trade, :reference, 'CNY', 'PAID', :paid, :now, 0, 0, 0, 'NONE', false,
                                :booked, 0, 'NONE', 0, :now)
                        """)
                .param("trade", trade)
                .param("reference", "INV-" + trade)
                .param("paid", new BigDecimal(paid))
                .param("booked", new BigDecimal(bookedPaid))
                .param("now", Timestamp.from(Instant.now()))
                .update();
    }

    void unpostedEntry(String sourceReference) {
        jdbc.sql("""
                        insert into journal_entry (idempotency_key, entry_date, description, source_type, source_reference,
                                                   posting_status, attempts, created_at)
                        values (:key, :date, 'test', 'PAYMENT', :ref, 'PENDING', 0, :now)
                        """)
                .param("key", "test:" + sourceReference)
                .param("date", BILL_DAY)
                .param("ref", sourceReference)
                .param("now", Timestamp.from(Instant.now()))
                .update();
    }

    Path file(String name, String content) throws IOException {
        return Files.writeString(workDir.resolve(name), content, StandardCharsets.UTF_8);
    }

    record Imported(ImportedBill bill, SettlementRun run) {
    }

    Imported importAndReconcile(Path file) {
        ImportedBill bill = settlementImport.importFile(TestBillFormat.GATEWAY, file.toFile());
        return new Imported(bill, reconciliation.reconcileImported(bill));
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    record Entry(String key, BigDecimal debitTotal) {
    }

    List<Entry> entries() {
        return jdbc.sql("""
                        select e.idempotency_key, sum(l.debit) as total from journal_entry e
                          join journal_line l on l.entry_id = e.id
                         where e.source_type = 'SETTLEMENT'
                         group by e.idempotency_key order by e.idempotency_key
                        """)
                .query((rs, n) -> new Entry(rs.getString(1), rs.getBigDecimal(2).setScale(2)))
                .list();
    }

    Map<String, Object> report() {
        return jdbc.sql("select * from settlement_report where gateway = 'testpay' and bill_date = :d")
                .param("d", BILL_DAY).query().singleRow();
    }

    List<List<Object>> discrepancies() {
        return jdbc.sql("""
                        select gateway_trade_id, kind, bill_amount, inbox_amount, booked_amount, detail
                          from settlement_discrepancy where gateway = 'testpay' and bill_date = :d order by gateway_trade_id
                        """)
                .param("d", BILL_DAY)
                .query((rs, n) -> {
                    List<Object> row = new ArrayList<>();
                    row.add(rs.getString(1));
                    row.add(rs.getString(2));
                    for (int i = 3; i <= 5; i++) {
                        BigDecimal amount = rs.getBigDecimal(i);
                        row.add(amount == null ? null : amount.setScale(2).toPlainString());
                    }
                    row.add(rs.getString(6));
                    return row;
                })
                .list();
    }

    static final String THREE_PAYMENTS = payment(payment(payment(bill(), "L1", "T1", "100.00", "0.60"), "L2", "T2",
            "50.00", "0.30"), "L3", "T3", "20.00", "0.12").complete();

    // ---- import

    @Test
    void theSameFileImportedTwiceStoresItsLinesOnceAndBooksTheFeesOnce() throws IOException {
        Path file = file("bill-a.csv", THREE_PAYMENTS);
        Imported first = importAndReconcile(file);
        Imported second = importAndReconcile(file("bill-a-again.csv", THREE_PAYMENTS));

        assertThat(first.bill().duplicate()).isFalse();
        assertThat(first.bill().lines()).isEqualTo(3);
        assertThat(first.bill().newLines()).isEqualTo(3);
        assertThat(first.bill().dates()).containsExactly(BILL_DAY);
        assertThat(second.bill().duplicate()).isTrue();
        assertThat(second.bill().dates()).containsExactly(BILL_DAY);
        assertThat(count("select count(*) from settlement_line")).isEqualTo(3);
        assertThat(count("select count(*) from settlement_bill")).isEqualTo(1);
        assertThat(entries()).containsExactly(new Entry("fees:testpay:2026-11-20:CNY", new BigDecimal("1.02")));
        assertThat(first.run().newJournalEntries()).isEqualTo(1);
        assertThat(second.run().newJournalEntries()).isZero();
        assertThat(jdbc.sql("select line_number from settlement_line order by line_key").query(Long.class).list())
                .containsExactly(2L, 3L, 4L);
    }

    @Test
    void aLaterFileThatChangesTheDaysFeesBooksOnlyTheDifferenceAndSkipsEntriesBookedBefore() throws IOException {
        importAndReconcile(file("bill-a.csv", payment(bill(), "L1", "T1", "100.00", "0.60")
                .line("PO1", DAY, BillLineKind.PAYOUT, "po_1", null, "po_1", "80.00", "0.00", "CNY", at("18:00:00"))
                .complete()));
        // the same lines again, one more payment and one more payout
        Imported later = importAndReconcile(file("bill-b.csv", payment(payment(bill(), "L1", "T1", "100.00", "0.60"), "L2",
                "T2", "50.00", "0.40")
                .line("PO1", DAY, BillLineKind.PAYOUT, "po_1", null, "po_1", "80.00", "0.00", "CNY", at("18:00:00"))
                .line("PO2", DAY, BillLineKind.PAYOUT, "po_2", null, "po_2", "40.00", "0.00", "CNY", at("19:00:00"))
                .complete()));

        assertThat(later.bill().duplicate()).isFalse();
        assertThat(later.bill().lines()).isEqualTo(4);
        assertThat(later.bill().newLines()).isEqualTo(2);
        assertThat(count("select count(*) from settlement_line")).isEqualTo(4);
        // the payout booked by the first file is in the same batch as the new entries: skipped, not a failure
        assertThat(later.run().newJournalEntries()).isEqualTo(2);
        assertThat(entries()).containsExactly(
                new Entry("fees:testpay:2026-11-20:CNY", new BigDecimal("0.60")),
                new Entry("fees:testpay:2026-11-20:CNY:adjust-1:to-1.00", new BigDecimal("0.40")),
                new Entry("payout:testpay:po_1", new BigDecimal("80.00")),
                new Entry("payout:testpay:po_2", new BigDecimal("40.00")));
        // and once more: nothing changed, nothing booked
        assertThat(reconciliation.reconcile("testpay", BILL_DAY).newJournalEntries()).isZero();
        assertThat(entries()).hasSize(4);
    }

    @Test
    void badRowsAreRecordedWithTheirLineNumbersAndTheGoodRowsAroundThemAreKept() throws IOException {
        // more rejects than a batch (3 in these tests): recorded while the loading goes on
        String text = payment(bill(), "L1", "T1", "100.00", "0.60")
                .raw("L2," + DAY + ",PAYMENT,T2,INV-T2,,12.3x,0.00,CNY," + at("10:00:00"))
                .line("L3", DAY, BillLineKind.PAYMENT, "T3", "INV-T3", null, "20.00", "0.12", "CNY", at("11:00:00"))
                .raw("L4," + DAY + ",PAYMENT,T4,INV-T4,,1.00,0.00,XXX," + at("10:00:00"))
                .raw("L5," + DAY + ",NOT_A_KIND,T5,INV-T5,,1.00,0.00,CNY," + at("10:00:00"))
                .raw("L6," + DAY + ",PAYMENT,T6,INV-T6,,-1.00,0.00,CNY," + at("10:00:00"))
                .raw("L7,2026-11-31,PAYMENT,T7,INV-T7,,1.00,0.00,CNY," + at("10:00:00"))
                .line("L8", DAY, BillLineKind.PAYMENT, "T8", "INV-T8", null, "8.00", "0.05", "CNY", at("12:00:00"))
                .complete();
        Imported imported = importAndReconcile(file("bill-bad-rows.csv", text));

        assertThat(imported.bill().lines()).isEqualTo(3);
        assertThat(imported.bill().rejected()).isEqualTo(5);
        assertThat(jdbc.sql("select line_key from settlement_line order by line_key").query(String.class).list())
                .containsExactly("L1", "L3", "L8");
        List<Long> lineNumbers = jdbc.sql("select line_number from settlement_rejected_line order by line_number")
                .query(Long.class).list();
        assertThat(lineNumbers).containsExactly(3L, 5L, 6L, 7L, 8L);
        assertThat(jdbc.sql("select reason from settlement_rejected_line where line_number = 3").query(String.class)
                .single()).contains("12.3x");
        assertThat(count("select rejected_count from settlement_bill")).isEqualTo(5);
        assertThat(entries()).containsExactly(new Entry("fees:testpay:2026-11-20:CNY", new BigDecimal("0.77")));
    }

    @Test
    void aFileRefusedAsAWholeChangesNothingAndIsRecordedAsAFailedImport() throws IOException {
        // every line is handed over before the reader finds the footer missing
        String torn = payment(payment(bill(), "L1", "T1", "100.00", "0.60"), "L2", "T2", "50.00", "0.30").truncated();
        Path file = file("bill-torn.csv", torn);

        assertThatThrownBy(() -> settlementImport.importFile("testpay", file.toFile()))
                .isInstanceOf(BadInput.class)
                .hasMessageContaining("TRUNCATED");

        assertThat(count("select count(*) from settlement_line")).isZero();
        assertThat(count("select count(*) from settlement_rejected_line")).isZero();
        assertThat(count("select count(*) from journal_entry")).isZero();
        assertThat(count("select count(*) from payment_event")).isZero();
        assertThat(count("select count(*) from settlement_report")).isZero();
        Map<String, Object> failed = jdbc.sql("select * from settlement_bill").query().singleRow();
        assertThat(failed.get("status")).isEqualTo("FAILED");
        assertThat(failed.get("failure_reason")).isEqualTo("TRUNCATED");
        assertThat((String) failed.get("failure_detail")).contains("incomplete");
        assertThat(Files.readString(workDir.resolve(".failed/bill-torn.csv.reason.txt"))).contains("TRUNCATED");

        // the complete file imports afterwards
        Imported fixed = importAndReconcile(file("bill-fixed.csv",
                payment(payment(bill(), "L1", "T1", "100.00", "0.60"), "L2", "T2", "50.00", "0.30").complete()));
        assertThat(fixed.bill().newLines()).isEqualTo(2);
    }

    @Test
    void twoInstancesImportingTheSameFileAtOnceStoreEachLineOnce() throws Exception {
        // large enough for the two imports to overlap
        TestBillFormat.Bill big = bill();
        for (int i = 1; i <= 3000; i++) {
            payment(big, "L" + i, "T" + i, "10.00", "0.01");
        }
        Path a = file("bill-a.csv", big.complete());
        Path b = file("bill-b.csv", big.complete());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Imported>> results = new ArrayList<>();
            // two importers, as on two instances: only the database keeps them apart
            SettlementImport otherInstance = new SettlementImport(formats, bills, settings, transactions,
                    java.time.Clock.systemUTC());
            for (SettlementImport importer : List.of(settlementImport, otherInstance)) {
                Path file = importer == settlementImport ? a : b;
                results.add(threads.submit(() -> {
                    start.await();
                    ImportedBill bill = importer.importFile(TestBillFormat.GATEWAY, file.toFile());
                    return new Imported(bill, reconciliation.reconcileImported(bill));
                }));
            }
            start.countDown();
            List<Boolean> duplicates = new ArrayList<>();
            for (Future<Imported> result : results) {
                duplicates.add(result.get().bill().duplicate());
            }
            assertThat(duplicates).containsExactlyInAnyOrder(false, true);
        } finally {
            threads.shutdownNow();
        }
        assertThat(count("select count(*) from settlement_line")).isEqualTo(3000);
        assertThat(count("select count(*) from settlement_bill")).isEqualTo(1);
        assertThat(entries()).containsExactly(new Entry("fees:testpay:2026-11-20:CNY", new BigDecimal("30.00")));
    }

    // ---- three-way reconciliation

    @Test
    void aMissedNotificationIsHealedUnderTheWebhooksKeyAndALateWebhookIsADuplicate() throws IOException {
        webhookPayment("T1", "100.00");
        booked("T1", "100.00", "100.00");
        // T2 was paid and later partly refunded twice; only the first refund was notified
        webhook("T2", PaymentEventType.PAYMENT, "T2:PAYMENT", "50.00", "2026-11-19T09:00:00+08:00");
        webhook("T2", PaymentEventType.REFUND_TOTAL, "T2:REFUNDED_TO:1000", "10.00", at("09:00:00"));
        booked("T2", "50.00", "50.00");
        String text = payment(payment(bill(), "L1", "T1", "100.00", "0.60"), "L3", "T3", "20.00", "0.12")
                .line("L2-R1", DAY, BillLineKind.REFUND, "T2", "INV-T2", "R1", "10.00", "0.00", "CNY", at("09:00:00"))
                .line("L2-R2", DAY, BillLineKind.REFUND, "T2", "INV-T2", "R2", "15.00", "0.00", "CNY", at("15:00:00"))
                .complete();

        Imported imported = importAndReconcile(file("bill.csv", text));

        assertThat(imported.run().healedEvents()).isEqualTo(2);
        List<Map<String, Object>> healed = jdbc.sql("""
                        select event_key, event_type, amount, status, origin, occurred_at, merchant_reference
                          from payment_event where origin = 'BILL' order by event_key
                        """).query().listOfRows();
        assertThat(healed).extracting(r -> r.get("event_key"), r -> r.get("event_type"),
                        r -> ((BigDecimal) r.get("amount")).setScale(2).toPlainString(), r -> r.get("status"))
                .containsExactly(
                        tuple("T2:REFUNDED_TO:2500", "REFUND_TOTAL", "25.00", "RECEIVED"),
                        tuple("T3:PAYMENT", "PAYMENT", "20.00", "RECEIVED"));
        assertThat(jdbc.sql("select occurred_at from payment_event where event_key = 'T3:PAYMENT'")
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single()).isEqualTo(Instant.parse("2026-11-20T02:00:00Z"));
        assertThat(healed.get(1).get("merchant_reference")).isEqualTo("INV-T3");

        Map<String, Object> report = report();
        assertThat(((Number) report.get("missing_notification")).longValue()).isEqualTo(2);
        assertThat(((Number) report.get("healed_events")).longValue()).isEqualTo(2);

        // the webhook arrives after all, through the real inbox: the same key, so a duplicate
        PaymentInbox.Stored late = inbox.store(List.of(new PaymentEvent("testpay", "T3:PAYMENT", PaymentEventType.PAYMENT,
                "T3", "INV-T3", Money.of("20.00", "CNY"), Instant.parse("2026-11-20T02:00:00Z"), null)), "late-1", "{}");
        assertThat(late.isNew()).isFalse();
        assertThat(count("select count(*) from payment_event where gateway_trade_id = 'T3'")).isEqualTo(1);

        // and the day again: nothing healed twice, the same report
        SettlementRun again = reconciliation.reconcile("testpay", BILL_DAY);
        assertThat(again.healedEvents()).isZero();
        assertThat(count("select count(*) from payment_event where origin = 'BILL'")).isEqualTo(2);
        assertThat(((Number) report().get("missing_notification")).longValue()).isEqualTo(2);
        assertThat(((Number) report().get("healed_events")).longValue()).isEqualTo(2);
    }

    @Test
    void aDayWithEveryKindOfDiscrepancyIsReportedAndARunAgainGivesTheSameReport() throws IOException {
        webhookPayment("TMATCH", "100.00");
        booked("TMATCH", "100.00", "100.00");
        webhookPayment("TAMT", "70.00");
        booked("TAMT", "70.00", "70.00");
        webhookPayment("TNB", "60.00");
        booked("TNB", "60.00", "0.00");
        webhookPayment("TUNP", "40.00");
        booked("TUNP", "40.00", "40.00");
        unpostedEntry("testpay:TUNP->INV-TUNP");
        // a posted entry of another trade whose id starts the same must not count
        webhook("TNIB", PaymentEventType.PAYMENT, "TNIB:PAYMENT", "30.00", at("12:00:00"));
        booked("TNIB", "30.00", "30.00");
        // notified the next day in Shanghai: no trade of this day
        webhook("TNEXT", PaymentEventType.PAYMENT, "TNEXT:PAYMENT", "9.00", "2026-11-21T00:00:01+08:00");
        String text = payment(payment(payment(payment(payment(bill(), "L1", "TMATCH", "100.00", "0.60"), "L2", "TMISS",
                "50.00", "0.30"), "L3", "TAMT", "80.00", "0.48"), "L4", "TNB", "60.00", "0.36"), "L5", "TUNP", "40.00",
                "0.24")
                .line("L6", DAY, BillLineKind.PAYOUT, "po_1", null, "po_1", "200.00", "0.00", "CNY", at("18:00:00"))
                .line("L7", DAY, BillLineKind.FEE, "fee_1", null, null, "0.00", "1.00", "CNY", at("23:00:00"))
                .complete();

        Imported imported = importAndReconcile(file("bill.csv", text));

        Map<String, Object> report = report();
        assertThat(List.of("trades", "matched", "missing_notification", "not_in_bill", "amount_mismatch",
                "status_mismatch", "not_booked", "healed_events", "bill_lines", "other_lines").stream()
                .map(c -> ((Number) report.get(c)).longValue()).toList())
                .containsExactly(6L, 1L, 1L, 1L, 1L, 0L, 2L, 1L, 7L, 0L);
        List<List<Object>> discrepancies = discrepancies();
        assertThat(discrepancies).extracting(r -> r.get(0), r -> r.get(1), r -> r.get(2), r -> r.get(3), r -> r.get(4))
                .containsExactly(
                        tuple("TAMT", "AMOUNT_MISMATCH", "80.00", "70.00", null),
                        tuple("TMISS", "MISSING_NOTIFICATION", "50.00", null, null),
                        tuple("TNB", "NOT_BOOKED", "60.00", null, "0.00"),
                        tuple("TNIB", "NOT_IN_BILL", null, "30.00", "30.00"),
                        tuple("TUNP", "NOT_BOOKED", null, null, null));
        assertThat((String) discrepancies.get(4).get(5)).contains("not yet posted");
        Map<String, Object> totals = jdbc.sql("select * from settlement_report_total").query().singleRow();
        assertThat(((BigDecimal) totals.get("paid")).setScale(2).toPlainString()).isEqualTo("330.00");
        assertThat(((BigDecimal) totals.get("fees")).setScale(2).toPlainString()).isEqualTo("2.98");
        assertThat(((BigDecimal) totals.get("payouts")).setScale(2).toPlainString()).isEqualTo("200.00");
        assertThat(entries()).containsExactly(
                new Entry("fees:testpay:2026-11-20:CNY", new BigDecimal("2.98")),
                new Entry("payout:testpay:po_1", new BigDecimal("200.00")));
        assertThat(imported.run().newJournalEntries()).isEqualTo(2);

        SettlementRun again = reconciliation.reconcile("testpay", BILL_DAY);
        assertThat(again.newJournalEntries()).isZero();
        assertThat(again.healedEvents()).isZero();
        Map<String, Object> reportAgain = report();
        for (String column : List.of("trades", "matched", "missing_notification", "not_in_bill", "amount_mismatch",
                "status_mismatch", "not_booked", "healed_events", "bill_lines", "other_lines")) {
            assertThat(((Number) reportAgain.get(column)).longValue()).as(column)
                    .isEqualTo(((Number) report.get(column)).longValue());
        }
        assertThat(discrepancies()).isEqualTo(discrepancies);
        assertThat(entries()).hasSize(2);
    }

    // ---- the drop folder and the operations endpoints

    record Answer(int status, String body, String contentType) {
    }

    Answer call(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                // the operations endpoints need a bearer token (README, "Security and access")
                .header("Authorization", "Bearer " + OperatorTokens.DEMO_OPERATOR)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> namesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static void awaitFile(Path folder, String prefix, String suffix) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (namesIn(folder).stream().anyMatch(n -> n.startsWith(prefix) && n.endsWith(suffix))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + prefix + "*" + suffix + " in " + folder + " within 30 s: " + namesIn(folder));
    }

    @Test
    void aDroppedBillIsImportedAndReconciledAndTheEndpointsShowIt() throws Exception {
        webhookPayment("T1", "100.00");
        booked("T1", "100.00", "100.00");
        Path folder = settings.folder("testpay");
        Files.createDirectories(folder);
        String text = payment(payment(bill(), "L1", "T1", "100.00", "0.60"), "L2", "T2", "50.00", "0.30")
                .raw("L9," + DAY + ",NOT_A_KIND,T9,,,1.00,0.00,CNY," + at("10:00:00"))
                .complete();
        Path staged = file("dropped.csv", text);
        Files.move(staged, folder.resolve("dropped.csv"));
        awaitFile(folder.resolve(".done"), "dropped-", ".csv");
        awaitReport();

        Answer reports = call("GET", "/operations/settlement/reports?gateway=testpay&from=2026-11-20&to=2026-11-20");
        assertThat(reports.status()).isEqualTo(200);
        assertThat(reports.contentType()).startsWith("application/json");
        assertThat(reports.body()).contains("\"billDate\":\"2026-11-20\"").contains("\"MISSING_NOTIFICATION\":1")
                .contains("\"MATCHED\":1").contains("\"fees\":\"0.90\"");

        Answer json = call("GET", "/operations/settlement/reports/testpay/2026-11-20/discrepancies");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body()).contains("\"gatewayTradeId\":\"T2\"").contains("\"kind\":\"MISSING_NOTIFICATION\"")
                .contains("\"billAmount\":\"50.00\"").doesNotContain("\"T1\"");

        Answer csv = call("GET", "/operations/settlement/reports/testpay/2026-11-20/discrepancies.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<CSVRecord> rows = CSVFormat.DEFAULT.parse(new StringReader(csv.body())).getRecords();
        assertThat(rows.get(0).toList()).containsExactlyElementsOf(SettlementOperations.DISCREPANCY_COLUMNS);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).toList()).startsWith("testpay", "2026-11-20", "T2", "MISSING_NOTIFICATION", "INV-T2", "CNY",
                "50.00");

        Answer imports = call("GET", "/operations/settlement/imports?gateway=testpay");
        assertThat(imports.body()).contains("\"fileName\":\"dropped.csv\"").contains("\"rejectedLines\":1");
        long billId = count("select id from settlement_bill");
        Answer rejected = call("GET", "/operations/settlement/imports/" + billId + "/rejected-lines");
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.body()).contains("\"lineNumber\":4").contains("NOT_A_KIND");

        Answer again = call("POST", "/operations/settlement/testpay/reconcile?date=2026-11-20");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("\"missingNotification\":1").contains("\"healedEvents\":0");
    }

    void awaitReport() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (count("select count(*) from settlement_report where finished_at is not null") > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no settlement report within 30 s");
    }

    @Test
    void aDroppedFileRefusedAsAWholeMovesToFailedBesideItsReason() throws Exception {
        Path folder = settings.folder("testpay");
        Files.createDirectories(folder);
        Path staged = file("torn.csv", payment(bill(), "L1", "T1", "100.00", "0.60").truncated());
        Files.move(staged, folder.resolve("torn.csv"));

        awaitFile(folder.resolve(".failed"), "torn-", ".csv");
        assertThat(Files.readString(folder.resolve(".failed/torn.csv.reason.txt"))).contains("TRUNCATED")
                .contains("nothing of it was stored");
        assertThat(count("select count(*) from settlement_line")).isZero();
        Answer failed = call("GET", "/operations/settlement/imports?status=FAILED");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.body()).contains("\"fileName\":\"torn.csv\"").contains("\"failureReason\":\"TRUNCATED\"");
    }

    @Test
    void aBillDownloadedOnDemandLandsInTheDropFolderAndADayWithoutABillIsReconciledAtOnce() throws Exception {
        TestBillDownload.PUBLISHED.put(BILL_DAY, THREE_PAYMENTS);
        Answer downloaded = call("POST", "/operations/settlement/testpay/download?date=2026-11-20");
        assertThat(downloaded.status()).isEqualTo(200);
        assertThat(downloaded.body()).contains("testpay-2026-11-20.csv");
        awaitFile(settings.folder("testpay").resolve(".done"), "testpay-2026-11-20-", ".csv");
        awaitReport();
        assertThat(count("select count(*) from settlement_line")).isEqualTo(3);

        webhook("TLATE", PaymentEventType.PAYMENT, "TLATE:PAYMENT", "5.00", "2026-11-21T12:00:00+08:00");
        Answer none = call("POST", "/operations/settlement/testpay/download?date=2026-11-21");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).contains("\"file\":null").contains("\"notInBill\":1");
    }

    @Test
    void theScheduledDownloadFetchesYesterdayInTheGatewaysZone() throws Exception {
        org.apache.camel.Route route = camel.getRoute("settlement-bill-download-testpay");
        assertThat(route).isNotNull();
        assertThat(route.getEndpoint().getEndpointUri()).contains("settlement-download/testpay")
                .contains("0+30+10+1+1+%3F+2099").contains("trigger.timeZone=Asia%2FTokyo");
        assertThat(camel.getRoute("settlement-bill-drop-testpay")).isNotNull();

        LocalDate yesterdayInShanghai = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1);
        TestBillDownload.PUBLISHED.put(yesterdayInShanghai, payment(bill(), "LY1", "TY1", "1.00", "0.01").complete()
                .replace(DAY, yesterdayInShanghai.toString()));
        Map<String, Object> fetched = downloads.downloadPreviousDay("testpay");
        assertThat(fetched.get("billDate")).isEqualTo(yesterdayInShanghai.toString());
        assertThat((String) fetched.get("file")).endsWith("testpay-" + yesterdayInShanghai + ".csv");
        awaitFile(settings.folder("testpay").resolve(".done"), "testpay-" + yesterdayInShanghai + "-", ".csv");
    }

    @Test
    void badOperationsParametersAreAnswered400WithTheReason() {
        Answer badDate = call("GET", "/operations/settlement/reports?from=20-11-2026");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("yyyy-MM-dd");
        Answer unknownGateway = call("POST", "/operations/settlement/nopay/reconcile?date=2026-11-20");
        assertThat(unknownGateway.status()).isEqualTo(400);
        assertThat(unknownGateway.body()).contains("nopay");
        Answer noDownload = call("POST", "/operations/settlement/testpay/download");
        assertThat(noDownload.status()).isEqualTo(400);
        Answer badStatus = call("GET", "/operations/settlement/imports?status=DONE");
        assertThat(badStatus.status()).isEqualTo(400);
    }
}
