package com.ledgerbridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * c. Reconciliation of a stored backlog: N open invoices and N RECEIVED Alipay payment events (each paying one
 * invoice in full) are inserted by SQL in one transaction each ({@link AppContract#INSERT_PAYMENT_EVENTS}); the
 * application must find them in its database (no queue message prompts them). The clock starts when the events
 * are committed and stops when every event is RECONCILED and every payment entry POSTED.
 */
final class ReconciliationBenchmark {

    static final double TARGET_RATE = 10_000;

    private ReconciliationBenchmark() {
    }

    static void run(BenchOptions options, Report report) {
        int n = options.reconciliationEvents();
        String scenario = Report.count(n) + " stored payment events";
        System.out.println();
        System.out.println("== reconciliation: " + scenario);
        try (AppProcess app = AppProcess.start(options, "reconciliation", Map.of())) {
            Database db = app.database();
            long t0 = System.nanoTime();
            db.update(AppContract.INSERT_ORDERS, n);
            int invoices = db.update(AppContract.INSERT_INVOICES);
            System.out.printf("  inserted %s orders with open invoices in %s%n", Report.count(invoices),
                    Report.seconds((System.nanoTime() - t0) / 1e9));
            app.startSampling();
            Instant start = Instant.now();
            int events = db.update(AppContract.INSERT_PAYMENT_EVENTS);
            Instant committed = Instant.now();
            System.out.printf("  inserted %s RECEIVED payment events in %s%n", Report.count(events),
                    Report.seconds(Duration.between(start, committed).toMillis() / 1000.0));
            Waits.Outcome outcome = Waits.until("reconciliation " + n, events, () -> {
                long[] v = db.longs(AppContract.PAYMENTS_PROGRESS);
                String failure = v[2] > 0 ? v[2] + " event(s) became reconciliation exceptions"
                        : v[5] > 0 ? v[5] + " journal entr(ies) DEAD" : null;
                return new Waits.Probe(Math.min(v[1], v[4]), events, "received " + Report.count(v[0]) + ", reconciled "
                        + Report.count(v[1]) + ", entries posted " + Report.count(v[4]), failure);
            }, app::alive, committed, options);
            long peakHeap = app.stopSampling();
            Instant end = outcome.endedAt();
            if (outcome.complete()) {
                Instant lastPosted = db.instant(AppContract.LAST_POSTED_AT).orElse(end);
                if (!lastPosted.isBefore(committed) && !lastPosted.isAfter(end)) {
                    end = lastPosted;
                }
            }
            double seconds = Math.max(0.001, Duration.between(committed, end).toMillis() / 1000.0);
            long done = outcome.last().done();
            double rate = done / seconds;
            String pickup = outcome.firstProgressAt() == null ? "no event was picked up"
                    : "first event done " + Report.seconds(Duration.between(committed, outcome.firstProgressAt()).toMillis()
                            / 1000.0) + " after the insert";
            String note = (outcome.complete()
                    ? Report.count(n) + " reconciled and posted in " + Report.seconds(seconds)
                    : "PARTIAL: " + Report.count(done) + " of " + Report.count(n) + " after " + Report.seconds(seconds)
                            + " (" + outcome.stopReason() + "); " + outcome.last().state())
                    + "; " + pickup;
            System.out.println("  " + note);
            report.add("reconciliation", scenario, "events/s reconciled and posted", Report.rate(rate),
                    "≥ " + Report.rate(TARGET_RATE), outcome.complete() && rate >= TARGET_RATE, note);
            if (outcome.firstProgressAt() != null && done > 1) {
                double afterPickup = Math.max(0.001, Duration.between(outcome.firstProgressAt(), end).toMillis() / 1000.0);
                report.add("reconciliation", scenario, "events/s after the first was done", Report.rate((done - 1) / afterPickup),
                        null, null, "excludes the wait until the application found the backlog");
            }
            report.add("reconciliation", scenario, "peak used heap (app)", Report.mebibytes(peakHeap));
            report.add("reconciliation", scenario, "peak RSS (app)", Report.mebibytes(app.peakRss()));
            if (!outcome.complete()) {
                System.out.println("  last app log lines:\n" + app.tail(15).indent(4));
            }
        } catch (RuntimeException e) {
            report.failed("reconciliation " + scenario, e.getMessage());
        }
    }
}
