package com.ledgerbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * b. Payment webhooks, per gateway (Alipay, WeChat Pay, Stripe): signed notifications (10 % duplicates), closed
 * loop at each connection count, against the application's {@code POST /webhooks/<gateway>}; for Alipay also
 * against {@link HandWrittenAlipayReceiver} with the same pre-signed requests. Each gateway's requests are signed
 * just before its runs (WeChat Pay and Stripe notifications carry a timestamp the application checks), and each
 * target first gets a warm-up batch (not reported). After each run the harness waits until the application has
 * reconciled what it stored (the notifications name no invoice, so each becomes an exception held as customer
 * credit), so that one run's backlog does not slow the next.
 */
final class WebhooksBenchmark {

    static final double TARGET_RATIO = 2.0;
    static final double TARGET_P99_MS_AT_16 = 50;

    private WebhooksBenchmark() {
    }

    record Run(String target, int connections, ClosedLoopLoad.Result load, int uniquesSent, long stored, String note) {
    }

    static List<GatewayNotifications> gateways(BenchOptions options) {
        List<GatewayNotifications> all = new ArrayList<>();
        for (String name : options.webhookGateways()) {
            switch (name) {
                case "alipay" -> all.add(new AlipayNotifications(
                        options.projectDir().resolve(AppContract.ALIPAY_PRIVATE_KEY_FILE)));
                case "wechatpay" -> all.add(new WechatPayNotifications());
                case "stripe" -> all.add(new StripeNotifications());
                default -> throw new IllegalArgumentException("bench.webhooks.gateways: unknown gateway " + name);
            }
        }
        return all;
    }

    static void run(BenchOptions options, Report report) {
        List<GatewayNotifications> gateways = gateways(options);
        int warmCount = Math.max(500, Math.min(2000, options.webhookRequests() / 5));
        Map<String, String> placeholders = new HashMap<>();
        gateways.forEach(g -> placeholders.putAll(g.appPlaceholders()));

        Map<Integer, Run> alipayApp = new LinkedHashMap<>();
        Map<Integer, Run> hand = new LinkedHashMap<>();
        GatewayNotifications.Batch alipayWarm = null;
        List<GatewayNotifications.Batch> alipayBatches = null;
        try (AppProcess target = AppProcess.start(options, "webhooks", placeholders)) {
            Database db = target.database();
            for (GatewayNotifications gateway : gateways) {
                System.out.println();
                System.out.println("== webhooks: " + gateway.gateway() + ", signing notifications (before any timing)");
                long t0 = System.nanoTime();
                GatewayNotifications.Batch warm = gateway.batch(0, warmCount);
                List<GatewayNotifications.Batch> batches = new ArrayList<>();
                for (int i = 0; i < options.connections().size(); i++) {
                    batches.add(gateway.batch(i + 1, options.webhookRequests()));
                }
                System.out.printf("  %s warm-up + %d × %s requests signed in %s%n", Report.count(warmCount),
                        batches.size(), Report.count(options.webhookRequests()),
                        Report.seconds((System.nanoTime() - t0) / 1e9));
                if (gateway instanceof AlipayNotifications) {
                    alipayWarm = warm;
                    alipayBatches = batches;
                }
                System.out.println("== webhooks: the application, POST /webhooks/" + gateway.gateway());
                URI uri = target.url("/webhooks/" + gateway.gateway());
                warmUp(uri, warm, gateway, options);
                drain(options, target, gateway.gateway() + " warm-up");
                for (int i = 0; i < batches.size(); i++) {
                    int connections = options.connections().get(i);
                    long before = db.longs("select count(*) from payment_event")[0];
                    target.startSampling();
                    ClosedLoopLoad.Result load = ClosedLoopLoad.run(uri, batches.get(i).requests(), gateway::success,
                            connections, Duration.ofSeconds(options.webhookMaxSeconds()));
                    long peakHeap = target.stopSampling();
                    long stored = db.longs("select count(*) from payment_event")[0] - before;
                    String drained = drain(options, target, gateway.gateway() + " " + connections + " connections");
                    Run run = new Run("application " + gateway.gateway(), connections, load,
                            batches.get(i).uniquesIn(load.sent()), stored,
                            "peak heap " + Report.mebibytes(peakHeap) + "; " + drained);
                    if (gateway instanceof AlipayNotifications) {
                        alipayApp.put(connections, run);
                    }
                    reportRun(report, run, true);
                }
            }
        } catch (RuntimeException e) {
            report.failed("webhooks application", e.getMessage());
        }
        if (alipayBatches == null) {
            return;
        }

        System.out.println();
        System.out.println("== webhooks: hand-written receiver (JDK HttpServer + AlipaySignature.rsaCheckV1 + one INSERT)");
        GatewayNotifications alipay = gateways.stream().filter(AlipayNotifications.class::isInstance).findFirst()
                .orElseThrow();
        try (HandWrittenAlipayReceiver.Launched target = HandWrittenAlipayReceiver.launch(options,
                AppProcess.jvmOptions())) {
            URI uri = target.url(AppContract.ALIPAY_WEBHOOK);
            Database db = target.database();
            warmUp(uri, alipayWarm, alipay, options);
            String count = "select count(*) from " + HandWrittenAlipayReceiver.TABLE;
            for (int i = 0; i < alipayBatches.size(); i++) {
                int connections = options.connections().get(i);
                long before = db.longs(count)[0];
                ClosedLoopLoad.Result load = ClosedLoopLoad.run(uri, alipayBatches.get(i).requests(), alipay::success,
                        connections, Duration.ofSeconds(options.webhookMaxSeconds()));
                long stored = db.longs(count)[0] - before;
                Run run = new Run("hand-written alipay", connections, load, alipayBatches.get(i).uniquesIn(load.sent()),
                        stored, "");
                hand.put(connections, run);
                reportRun(report, run, false);
            }
        } catch (IOException e) {
            report.failed("webhooks hand-written", e.getMessage());
        } catch (RuntimeException e) {
            report.failed("webhooks hand-written", e.getMessage());
        }

        for (int connections : options.connections()) {
            Run a = alipayApp.get(connections);
            Run h = hand.get(connections);
            if (a != null && h != null) {
                double ratio = a.load().throughput() / h.load().throughput();
                report.add("webhooks", "alipay " + connections + " connections",
                        "throughput ratio application / hand-written", Report.ratio(ratio),
                        "≥ " + Report.ratio(TARGET_RATIO), ratio >= TARGET_RATIO, null);
            }
        }
    }

    private static void warmUp(URI uri, GatewayNotifications.Batch warm, GatewayNotifications gateway,
            BenchOptions options) {
        ClosedLoopLoad.Result r = ClosedLoopLoad.run(uri, warm.requests(), gateway::success, 16,
                Duration.ofSeconds(options.webhookMaxSeconds()));
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
        report.add("webhooks", scenario, "answers the gateway would not take as received", Report.count(r.notSuccess()),
                application ? "0" : null, application ? r.notSuccess() == 0 : null, failures);
        if (run.stored() != run.uniquesSent()) {
            report.add("webhooks", scenario, "distinct notifications stored", Report.count(run.stored()),
                    "= " + Report.count(run.uniquesSent()), false, "each distinct notification must be stored once");
        }
    }
}
