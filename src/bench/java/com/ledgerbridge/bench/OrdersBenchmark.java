package com.ledgerbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * a. Orders end to end: N billable orders enter through the CSV drop folder (one file, moved into the inbox at
 * once) or the generic REST CRM contract (pages of 200 from {@link GenericRestCrm}), and the run ends when every
 * order has its invoice and every invoice entry is POSTED to the CSV ledger target ({@link AppContract#ORDERS_PROGRESS}).
 * The clock starts when the file lands in the inbox, or when the application first asks the CRM for orders; it
 * stops at the last entry's posted_at. Each size runs in its own application, schema and data dir.
 */
final class OrdersBenchmark {

    static final double TARGET_RATE = 5_000;
    static final double TARGET_RATIO = 0.8;

    private OrdersBenchmark() {
    }

    record Result(int orders, boolean complete, long posted, double seconds, double rate, long peakHeap, long peakRss,
            String note) {
    }

    static void run(BenchOptions options, Report report) {
        for (String path : options.orderPaths()) {
            Map<Integer, Result> results = new LinkedHashMap<>();
            for (int count : options.orderCounts()) {
                String scenario = path + ", " + Report.count(count) + " orders";
                System.out.println();
                System.out.println("== orders: " + scenario);
                try {
                    Result r = path.equals("csv") ? csv(options, count) : rest(options, count);
                    results.put(count, r);
                    report.add("orders", scenario, "orders/s end to end", Report.rate(r.rate()),
                            "≥ " + Report.rate(TARGET_RATE), r.complete() && r.rate() >= TARGET_RATE, r.note());
                    report.add("orders", scenario, "peak used heap (app, -Xmx512m)", Report.mebibytes(r.peakHeap()),
                            null, null, "sampled every 1 s from " + AppContract.HEAP_USED);
                    report.add("orders", scenario, "peak RSS (app)", Report.mebibytes(r.peakRss()), null, null,
                            "VmHWM");
                } catch (RuntimeException e) {
                    report.failed("orders " + scenario, e.getMessage());
                }
            }
            List<Integer> sizes = List.copyOf(results.keySet());
            if (sizes.size() >= 2) {
                Result small = results.get(sizes.get(0));
                Result large = results.get(sizes.get(sizes.size() - 1));
                double ratio = large.rate() / small.rate();
                boolean bothComplete = small.complete() && large.complete();
                report.add("orders", path, "rate ratio " + Report.count(large.orders()) + " / "
                                + Report.count(small.orders()), Report.ratio(ratio), "≥ " + TARGET_RATIO,
                        bothComplete && ratio >= TARGET_RATIO, bothComplete ? "" : "from partial run(s)");
            }
        }
    }

    private static Result csv(BenchOptions options, int count) {
        try (AppProcess app = AppProcess.start(options, "orders-csv", Map.of())) {
            Path staging = Files.createDirectories(app.dataDir().resolve("staging"));
            Path file = staging.resolve("bench-orders.csv");
            OrderData.writeCsv(file, count);
            System.out.printf("  wrote %s orders (%s lines, %s) to %s%n", Report.count(count), Report.count(2L * count),
                    Report.mebibytes(Files.size(file)), file);
            Path inbox = Files.createDirectories(AppProcess.csvInbox(app.dataDir()));
            app.startSampling();
            Instant start = Instant.now();
            Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            return await(options, app, "orders csv " + count, count, () -> start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result rest(BenchOptions options, int count) {
        List<String> orders = OrderData.restOrders(count);
        try (GenericRestCrm crm = new GenericRestCrm(orders);
                AppProcess app = AppProcess.start(options, "orders-rest", Map.of("crmBaseUrl", crm.baseUrl()))) {
            app.startSampling();
            crm.open();
            Result r = await(options, app, "orders rest " + count, count,
                    () -> crm.firstRequest() != null ? crm.firstRequest() : Instant.now());
            String crmNote = crm.pagesServed() + " pages served, first pull "
                    + (crm.firstRequest() == null ? "never came"
                            : Report.millis(Duration.between(crm.openedAt(), crm.firstRequest()).toMillis())
                                    + " after the orders were published (not timed)")
                    + (crm.errors() > 0 ? ", " + crm.errors() + " bad requests" : "");
            return new Result(r.orders(), r.complete(), r.posted(), r.seconds(), r.rate(), r.peakHeap(), r.peakRss(),
                    r.note() + "; " + crmNote);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result await(BenchOptions options, AppProcess app, String label, int count,
            java.util.function.Supplier<Instant> startOf) {
        Database db = app.database();
        Instant waitStart = Instant.now();
        Waits.Outcome outcome = Waits.until(label, count, () -> {
            long[] v = db.longs(AppContract.ORDERS_PROGRESS);
            String failure = v[2] > 0 ? v[2] + " journal entr(ies) DEAD" : null;
            return new Waits.Probe(v[1], count, "invoices " + Report.count(v[0]) + ", entries posted " + Report.count(v[1]),
                    failure);
        }, app::alive, waitStart, options);
        long peakHeap = app.stopSampling();
        long peakRss = app.peakRss();
        Instant start = startOf.get();
        Instant end = outcome.endedAt();
        if (outcome.complete()) {
            // the last posting's own timestamp is exact; the poll only noticed it up to 100 ms later
            Instant lastPosted = db.instant(AppContract.LAST_POSTED_AT).orElse(end);
            if (!lastPosted.isBefore(start) && !lastPosted.isAfter(end)) {
                end = lastPosted;
            }
        }
        double seconds = Math.max(0.001, Duration.between(start, end).toMillis() / 1000.0);
        long posted = outcome.last().done();
        double rate = posted / seconds;
        long errors = app.logLinesWith(" ERROR ");
        String note = outcome.complete()
                ? Report.count(count) + " invoiced and posted in " + Report.seconds(seconds)
                : "PARTIAL: " + Report.count(posted) + " of " + Report.count(count) + " posted after "
                        + Report.seconds(seconds) + " (" + outcome.stopReason() + "); " + outcome.last().state();
        if (errors > 0) {
            note += "; " + errors + " ERROR log lines";
        }
        System.out.printf("  %s: %s%n", label, note);
        if (!outcome.complete()) {
            System.out.println("  last app log lines:\n" + app.tail(15).indent(4));
        }
        return new Result(count, outcome.complete(), posted, seconds, rate, peakHeap, peakRss, note);
    }
}
