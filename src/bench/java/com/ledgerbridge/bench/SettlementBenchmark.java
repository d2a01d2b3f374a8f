package com.ledgerbridge.bench;

import com.ledgerbridge.settlement.TestBillFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.stream.Stream;

/**
 * e. Settlement: a bill of N lines against N stored payment events, imported and reconciled three ways end to end.
 *
 * <p>Before the clock starts (not timed): N payment events (webhook origin, already reconciled) and their payment rows
 * are inserted by SQL, and a bill file of the test-only format of gateway {@code testpay} (src/test/.../settlement/
 * TestBillFormat, added to the app's class path as a plugin folder) is written for bill day 2026-11-20 in
 * Asia/Shanghai. Of N lines: 99 % payments, 1 % refunds. Against the inbox: 0.1 % of the paid trades and 2 % of the
 * refunds were never notified (healed from the bill), ~0.1 % were notified with another amount, ~0.05 % are not
 * booked, and N/2000 trades were notified but are not on the bill; events of an earlier day fill the inbox up to N.
 * The clock starts when the file is moved into the drop folder and stops at the day report's {@code finished_at}.
 */
final class SettlementBenchmark {

    static final double TARGET_SECONDS = 30;
    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private SettlementBenchmark() {
    }

    /** The shape of the data for N lines. */
    record Shape(int lines, int payments, int refunds, int refundStride, int notInBill) {
        static Shape of(int n) {
            int refunds = Math.max(1, n / 100);
            int payments = n - refunds;
            return new Shape(n, payments, refunds, Math.max(1, payments / refunds), Math.max(1, n / 2000));
        }

        int expectedHeals() {
            return payments / 1000 + refunds / 50;
        }
    }

    static void run(BenchOptions options, Report report) {
        Shape shape = Shape.of(options.settlementLines());
        String scenario = Report.count(shape.lines()) + " bill lines × " + Report.count(shape.lines()) + " stored events";
        System.out.println();
        System.out.println("== settlement: " + scenario);
        Path plugin = null;
        try {
            plugin = pluginFolder();
            try (AppProcess app = AppProcess.start(options, "settlement", Map.of(), plugin)) {
                measure(options, report, shape, scenario, app);
            }
        } catch (RuntimeException e) {
            report.failed("settlement " + scenario, e.getMessage());
        } finally {
            AppProcess.deleteTree(plugin);
        }
    }

    private static void measure(BenchOptions options, Report report, Shape shape, String scenario, AppProcess app) {
        Database db = app.database();
        long t0 = System.nanoTime();
        long events = insertInbox(db, shape);
        System.out.printf("  inserted %s payment events and their payments in %s%n", Report.count(events),
                Report.seconds((System.nanoTime() - t0) / 1e9));
        Path staged = app.dataDir().resolve("bill-staging").resolve("testpay-" + DAY + ".csv");
        t0 = System.nanoTime();
        long size = writeBill(staged, shape);
        System.out.printf("  wrote the bill (%s lines, %s MiB) in %s%n", Report.count(shape.lines()),
                Report.count(size >> 20), Report.seconds((System.nanoTime() - t0) / 1e9));
        Path folder = app.dataDir().resolve("in").resolve("bills").resolve("testpay");
        double loadBefore = LoadMonitor.now();

        app.startSampling();
        Instant dropped = Instant.now();
        try {
            Files.createDirectories(folder);
            Files.move(staged, folder.resolve(staged.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Waits.Outcome outcome = Waits.until("settlement " + shape.lines(), 1, () -> {
            long[] v = db.longs("""
                    select count(*) filter (where status = 'IMPORTED'),
                           count(*) filter (where status = 'FAILED'),
                           coalesce(max(line_count), 0),
                           (select count(*) from settlement_report where finished_at is not null)
                      from settlement_bill
                    """);
            String failure = v[1] > 0 ? "the bill was refused (settlement_bill FAILED)" : null;
            String state = v[0] == 0 ? "importing" : v[3] == 0 ? "imported " + Report.count(v[2]) + " lines, reconciling"
                    : "reconciled";
            return new Waits.Probe(v[3], 1, state, failure);
        }, app::alive, dropped, options);
        long peakHeap = app.stopSampling();
        if (!outcome.complete()) {
            report.failed("settlement " + scenario, "not complete: " + outcome.stopReason() + "; " + outcome.last().state()
                    + "\n" + app.tail(20));
            return;
        }
        Instant imported = db.instant("select imported_at from settlement_bill where status = 'IMPORTED'").orElseThrow();
        Instant finished = db.instant("select finished_at from settlement_report").orElseThrow();
        long[] r = db.longs("""
                select trades, matched, missing_notification, not_in_bill, amount_mismatch, status_mismatch, not_booked,
                       healed_events, bill_lines, duration_ms
                  from settlement_report
                """);
        double total = Duration.between(dropped, finished).toMillis() / 1000.0;
        double importSeconds = Duration.between(dropped, imported).toMillis() / 1000.0;
        double reconcileSeconds = r[9] / 1000.0;
        long expectedTrades = shape.payments() + shape.notInBill();
        String check = r[0] == expectedTrades && r[7] == shape.expectedHeals() && r[3] == shape.notInBill()
                && r[8] == shape.lines() ? "report as expected"
                : "UNEXPECTED report: trades " + r[0] + " (expected " + expectedTrades + "), healed " + r[7] + " (expected "
                        + shape.expectedHeals() + "), not in bill " + r[3] + " (expected " + shape.notInBill() + "), lines "
                        + r[8];
        String outcomes = String.format("matched %s, missing notification %s, not in bill %s, amount mismatch %s, "
                        + "status mismatch %s, not booked %s; %s events healed", Report.count(r[1]), Report.count(r[2]),
                Report.count(r[3]), Report.count(r[4]), Report.count(r[5]), Report.count(r[6]), Report.count(r[7]));
        System.out.println("  " + outcomes + " (" + check + ")");
        boolean met = total <= TARGET_SECONDS && check.startsWith("report");
        report.add("settlement", scenario, "seconds from drop to report (import + three-way)", Report.seconds(total),
                "≤ " + Report.seconds(TARGET_SECONDS), met, outcomes + "; " + check);
        report.add("settlement", scenario, "import (drop folder pick-up, parse, COPY, insert)", Report.seconds(importSeconds));
        report.add("settlement", scenario, "three-way reconciliation (merge join, heals, report)",
                Report.seconds(reconcileSeconds));
        report.add("settlement", scenario, "bill lines/s end to end", Report.rate(shape.lines() / Math.max(0.001, total)));
        report.add("settlement", scenario, "peak used heap (app, -Xmx512m)", Report.mebibytes(peakHeap));
        report.add("settlement", scenario, "peak RSS (app)", Report.mebibytes(app.peakRss()));
        report.add("settlement", scenario, "1-min load average when dropped", String.format("%.2f", loadBefore));
    }

    static String trade(int i) {
        return String.format("TP%09d", i);
    }

    static BigDecimal amount(int i) {
        return BigDecimal.valueOf(10 + i % 1000).add(new BigDecimal("0.50"));
    }

    /**
     * N inbox events: payments of the paid trades but every 1000th, with every 997th one a yuan off; the refunds but
     * every 50th; N/2000 payments of trades not on the bill; events of the day before up to N. One payment row per
     * paid trade, booked in full but every 2000th (from the first).
     */
    private static long insertInbox(Database db, Shape s) {
        String dayStart = DAY.atStartOfDay(ZONE).toInstant().toString();
        db.update("""
                insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                           merchant_reference, amount, currency, occurred_at, raw_payload, received_at,
                                           status, origin)
                select 'testpay', t || ':PAYMENT', 'n-' || i, 'PAYMENT', t, 'INV-' || i,
                       (10 + i % 1000) + 0.50 + case when i % 997 = 0 then 1 else 0 end, 'CNY',
                       cast(? as timestamptz) + (i % 80000) * interval '1 second' + interval '1 second', '{}', now(),
                       'RECONCILED', 'WEBHOOK'
                  from (select i, 'TP' || lpad(i::text, 9, '0') as t from generate_series(1, ?) i) g
                 where i % 1000 <> 0
                """, dayStart, s.payments() + s.notInBill());
        db.update("""
                insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                           merchant_reference, amount, currency, occurred_at, raw_payload, received_at,
                                           status, origin)
                select 'testpay', t || ':REFUNDED_TO:500', 'r-' || k, 'REFUND_TOTAL', t, 'INV-' || (k * ?), 5.00, 'CNY',
                       cast(? as timestamptz) + ((k * ?) % 80000) * interval '1 second' + interval '3601 second', '{}', now(),
                       'RECONCILED', 'WEBHOOK'
                  from (select k, 'TP' || lpad((k * ?)::text, 9, '0') as t from generate_series(1, ?) k) g
                 where k % 50 <> 0
                """, s.refundStride(), dayStart, s.refundStride(), s.refundStride(), s.refunds());
        long stored = db.longs("select count(*) from payment_event")[0];
        long history = Math.max(0, s.lines() - stored);
        db.update("""
                insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                           merchant_reference, amount, currency, occurred_at, raw_payload, received_at,
                                           status, origin)
                select 'testpay', 'TH' || lpad(i::text, 9, '0') || ':PAYMENT', 'h-' || i, 'PAYMENT',
                       'TH' || lpad(i::text, 9, '0'), 'INV-H' || i, 12.34, 'CNY',
                       cast(? as timestamptz) - interval '1 day' + (i % 80000) * interval '1 second', '{}', now(),
                       'RECONCILED', 'WEBHOOK'
                  from generate_series(1, ?) i
                """, dayStart, history);
        db.update("""
                insert into payment (gateway, gateway_trade_id, merchant_reference, currency, status, paid_amount, paid_at,
                                     refund_total_seen, refund_increments, dispute_amount, dispute_stage, closed,
                                     booked_paid, booked_refunded, booked_dispute_stage, unapplied_amount, updated_at)
                select e.gateway, e.gateway_trade_id, e.merchant_reference, e.currency, 'PAID', e.amount, e.occurred_at,
                       coalesce(r.amount, 0), 0, 0, 'NONE', false,
                       case when right(e.gateway_trade_id, 9)::int % 2000 = 1 then 0 else e.amount end,
                       coalesce(r.amount, 0), 'NONE', 0, now()
                  from payment_event e
                  left join payment_event r on r.gateway = e.gateway and r.gateway_trade_id = e.gateway_trade_id
                                            and r.event_type = 'REFUND_TOTAL'
                 where e.event_type = 'PAYMENT'
                """);
        db.update("analyze");
        return db.longs("select count(*) from payment_event")[0];
    }

    /** The bill: a payment line per paid trade, a refund line per refunded one (after its payment), the footer. */
    private static long writeBill(Path file, Shape s) {
        try {
            Files.createDirectories(file.getParent());
            Instant start = DAY.atStartOfDay(ZONE).toInstant();
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(String.join(",", TestBillFormat.HEADER));
                out.write('\n');
                for (int i = 1; i <= s.payments(); i++) {
                    BigDecimal amount = amount(i);
                    line(out, "P" + i, "PAYMENT", trade(i), "INV-" + i, "", amount.toPlainString(),
                            amount.multiply(new BigDecimal("0.006")).setScale(2, RoundingMode.HALF_UP).toPlainString(),
                            start.plusSeconds(i % 80000));
                    if (i % s.refundStride() == 0 && i / s.refundStride() <= s.refunds()) {
                        line(out, "R" + i, "REFUND", trade(i), "INV-" + i, "RF" + i, "5.00", "-0.03",
                                start.plusSeconds(i % 80000 + 3600));
                    }
                }
                out.write("#lines," + s.lines() + "\n");
            }
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(BufferedWriter out, String key, String kind, String trade, String reference, String movement,
            String amount, String fee, Instant at) throws IOException {
        out.write(key);
        out.write(',');
        out.write(DAY.toString());
        out.write(',');
        out.write(kind);
        out.write(',');
        out.write(trade);
        out.write(',');
        out.write(reference);
        out.write(',');
        out.write(movement);
        out.write(',');
        out.write(amount);
        out.write(',');
        out.write(fee);
        out.write(",CNY,");
        out.write(at.atZone(ZONE).toOffsetDateTime().toString());
        out.write('\n');
    }

    /**
     * A folder with the test-only bill format's classes (from the harness's class path: target/test-classes) and an
     * auto-configuration entry that makes it a bean: the application reads bills of gateway testpay.
     */
    private static Path pluginFolder() {
        try {
            Path classes = Path.of(TestBillFormat.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path source = classes.resolve("com/ledgerbridge/settlement");
            Path plugin = Files.createTempDirectory("ledgerbridge-bench-plugin-");
            Path target = Files.createDirectories(plugin.resolve("com/ledgerbridge/settlement"));
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("TestBillFormat")).toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
            Path imports = plugin.resolve("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
            Files.createDirectories(imports.getParent());
            Files.writeString(imports, TestBillFormat.class.getName() + "\n");
            return plugin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
