package com.ledgerbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * b. Payment webhooks: signed Alipay notifications (10 % duplicates), closed loop at each connection count,
 * against the application's POST /webhooks/alipay and against {@link HandWrittenAlipayReceiver}, with the same
 * pre-signed requests. Each target first gets a warm-up batch (not reported). After each application run the
 * harness waits until the application has reconciled what it stored (the notifications name no invoice, so each
 * becomes a reconciliation exception), so that one run's backlog does not slow the next.
 */
final class WebhooksBenchmark {

    static final double TARGET_RATIO = 2.0;
    static final double TARGET_P99_MS_AT_16 = 50;

    private WebhooksBenchmark() {
    }

    record Run(String target, int connections, ClosedLoopLoad.Result load, int uniquesSent, long stored, String note) {
    }

    static void run(BenchOptions options, Report report) {
        System.out.println();
        System.out.println("== webhooks: signing notifications with the Alipay SDK (before any timing)");
        AlipayNotifications notifications = new AlipayNotifications(
                options.projectDir().resolve(AppContract.ALIPAY_PRIVATE_KEY_FILE));
        long t0 = System.nanoTime();
        int warmCount = Math.max(500, Math.min(2000, options.webhookRequests() / 5));
        AlipayNotifications.Batch warm = notifications.batch(0, warmCount);
        List<AlipayNotifications.Batch> batches = new ArrayList<>();
        for (int i = 0; i < options.connections().size(); i++) {
            batches.add(notifications.batch(i + 1, options.webhookRequests()));
        }
        System.out.printf("  %s warm-up + %d × %s requests signed in %s%n", Report.count(warmCount),
                batches.size(), Report.count(options.webhookRequests()), Report.seconds((System.nanoTime() - t0) / 1e9));

        Map<Integer, Run> app = new LinkedHashMap<>();
        Map<Integer, Run> hand = new LinkedHashMap<>();
        System.out.println();
        System.out.println("== webhooks: the application, POST " + AppContract.ALIPAY_WEBHOOK);
        try (AppProcess target = AppProcess.start(options, "webhooks", Map.of())) {
            URI uri = target.url(AppContract.ALIPAY_WEBHOOK);
            Database db = target.database();
            warmUp(uri, warm, options);
            drain(options, target, "warm-up");
            for (int i = 0; i < batches.size(); i++) {
                int connections = options.connections().get(i);
                long before = db.longs("select count(*) from payment_event")[0];
                target.startSampling();
                ClosedLoopLoad.Result load = ClosedLoopLoad.run(uri, batches.get(i).bodies(), connections,
                        Duration.ofSeconds(options.webhookMaxSeconds()));
                long peakHeap = target.stopSampling();
                long stored = db.longs("select count(*) from payment_event")[0] - before;
                String drained = drain(options, target, connections + " connections");
                Run run = new Run("application", connections, load, batches.get(i).uniquesIn(load.sent()), stored,
                        "peak heap " + Report.mebibytes(peakHeap) + "; " + drained);
                app.put(connections, run);
                reportRun(report, run, true);
            }
        } catch (RuntimeException e) {
            report.failed("webhooks application", e.getMessage());
        }

        System.out.println();
        System.out.println("== webhooks: hand-written receiver (JDK HttpServer + AlipaySignature.rsaCheckV1 + one INSERT)");
        try (HandWrittenAlipayReceiver.Launched target = HandWrittenAlipayReceiver.launch(options,
                AppProcess.jvmOptions())) {
            URI uri = target.url(AppContract.ALIPAY_WEBHOOK);
            Database db = target.database();
            warmUp(uri, warm, options);
            String count = "select count(*) from " + HandWrittenAlipayReceiver.TABLE;
            for (int i = 0; i < batches.size(); i++) {
                int connections = options.connections().get(i);
                long before = db.longs(count)[0];
                ClosedLoopLoad.Result load = ClosedLoopLoad.run(uri, batches.get(i).bodies(), connections,
                        Duration.ofSeconds(options.webhookMaxSeconds()));
                long stored = db.longs(count)[0] - before;
                Run run = new Run("hand-written", connections, load, batches.get(i).uniquesIn(load.sent()), stored, "");
                hand.put(connections, run);
                reportRun(report, run, false);
            }
        } catch (IOException e) {
            report.failed("webhooks hand-written", e.getMessage());
        } catch (RuntimeException e) {
            report.failed("webhooks hand-written", e.getMessage());
        }

        for (int connections : options.connections()) {
            Run a = app.get(connections);
            Run h = hand.get(connections);
            if (a != null && h != null) {
                double ratio = a.load().throughput() / h.load().throughput();
                report.add("webhooks", connections + " connections", "throughput ratio application / hand-written",
                        Report.ratio(ratio), "≥ " + Report.ratio(TARGET_RATIO), ratio >= TARGET_RATIO, null);
            }
        }
    }

    private static void warmUp(URI uri, AlipayNotifications.Batch warm, BenchOptions options) {
        ClosedLoopLoad.Result r = ClosedLoopLoad.run(uri, warm.bodies(), 16, Duration.ofSeconds(options.webhookMaxSeconds()));
        System.out.printf("  warm-up: %s requests at 16 connections, %s/s, %d not success%n", Report.count(r.sent()),
                Report.rate(r.throughput()), r.notSuccess());
    }

    /** Waits until the application has decided on every stored event (none RECEIVED); returns a note. */
    private static String drain(BenchOptions options, AppProcess target, String after) {
        Instant start = Instant.now();
        long total = target.database().longs(AppContract.PAYMENTS_PROGRESS)[3];
        Waits.Outcome outcome = Waits.until("webhooks drain after " + after, total, () -> {
            long[] v = target.database().longs(AppContract.PAYMENTS_PROGRESS);
            return new Waits.Probe(v[1] + v[2], v[3], "received " + Report.count(v[0]) + ", reconciled "
                    + Report.count(v[1]) + ", exceptions " + Report.count(v[2]), null);
        }, target::alive, start, options);
        double s = Duration.between(start, outcome.endedAt()).toMillis() / 1000.0;
        return outcome.complete() ? "backlog reconciled " + Report.seconds(s) + " after the load"
                : "backlog NOT reconciled after " + Report.seconds(s) + " (" + outcome.stopReason() + ")";
    }

    private static void reportRun(Report report, Run run, boolean application) {
        ClosedLoopLoad.Result r = run.load();
        String scenario = run.target() + ", " + run.connections() + " connections";
        String note = Report.count(r.sent()) + " requests in " + Report.seconds(r.seconds())
                + "; stored " + Report.count(run.stored()) + " of " + Report.count(run.uniquesSent()) + " distinct"
                + (run.note().isEmpty() ? "" : "; " + run.note());
        report.add("webhooks", scenario, "notifications/s", Report.rate(r.throughput()), null, null, note);
        boolean p99Target = application && run.connections() == 16;
        report.add("webhooks", scenario, "p50 latency", Report.millis(r.percentileMillis(50)));
        report.add("webhooks", scenario, "p99 latency", Report.millis(r.percentileMillis(99)),
                p99Target ? "≤ " + Report.millis(TARGET_P99_MS_AT_16) : null,
                p99Target ? r.percentileMillis(99) <= TARGET_P99_MS_AT_16 : null, null);
        String failures = r.failures().entrySet().stream().limit(3)
                .map(e -> e.getValue() + " × " + e.getKey()).reduce((x, y) -> x + "; " + y).orElse("");
        report.add("webhooks", scenario, "answers not 200 \"success\"", Report.count(r.notSuccess()),
                application ? "0" : null, application ? r.notSuccess() == 0 : null, failures);
        if (run.stored() != run.uniquesSent()) {
            report.add("webhooks", scenario, "distinct notifications stored", Report.count(run.stored()),
                    "= " + Report.count(run.uniquesSent()), false, "each distinct notification must be stored once");
        }
    }
}
