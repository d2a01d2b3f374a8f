package com.ledgerbridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Runs the selected benchmarks against the packaged application and prints their figures (README,
 * "Benchmarks"). Started by {@code ./mvnw -Pbench verify}; see {@link BenchOptions} for selection and sizes.
 * Exits 1 when a benchmark could not complete (or, with -Dbench.enforce=true, when a target was missed).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        // the JDK HTTP server (the harness's CRM) must not wait on Nagle + delayed ACK (~40 ms a response)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        BenchOptions options;
        try {
            options = BenchOptions.fromSystemProperties();
            if (options.needsApplication()) {
                Database.check(options);
            }
        } catch (RuntimeException e) {
            System.err.println("benchmarks cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Instant started = Instant.now();
        System.out.println("Ledgerbridge benchmarks: " + options.selected());
        System.out.println("  application jar  " + (options.jar() == null ? "(not needed)" : options.jar()));
        System.out.println("  project dir      " + options.projectDir());
        System.out.println("  PostgreSQL       " + options.postgresUrl() + " (user " + options.postgresUser() + ")");
        System.out.println("  cores            " + Runtime.getRuntime().availableProcessors());
        System.out.println("  sizes            orders " + options.orderCounts() + " via " + options.orderPaths()
                + "; webhooks " + options.webhookRequests() + " × " + options.connections() + " connections; reconciliation "
                + options.reconciliationEvents() + "; settlement " + options.settlementLines() + "; startup × "
                + options.startupRuns() + "; matching " + options.matchingSize() + " at " + options.matchingThreads()
                + " thread(s); matching-e2e " + options.matchingE2eSize() + " at " + options.matchingE2eThreads() + " thread(s)");
        System.out.println("  limits           " + options.timeoutSeconds() + " s per measured phase after its first item, "
                + options.stallSeconds() + " s without progress, " + options.webhookMaxSeconds() + " s per closed loop");

        Report report = new Report();
        LoadMonitor load = new LoadMonitor();
        LoadMonitor.Mark all = load.mark();
        int cores = Runtime.getRuntime().availableProcessors();
        for (String benchmark : options.selected()) {
            LoadMonitor.Mark mark = load.mark();
            try {
                switch (benchmark) {
                    case "orders" -> OrdersBenchmark.run(options, report);
                    case "webhooks" -> WebhooksBenchmark.run(options, report);
                    case "reconciliation" -> ReconciliationBenchmark.run(options, report);
                    case "settlement" -> SettlementBenchmark.run(options, report);
                    case "startup" -> StartupBenchmark.run(options, report);
                    case "matching" -> MatchingBenchmark.run(options, report);
                    case "matching-e2e" -> MatchingEndToEndBenchmark.run(options, report);
                    default -> throw new IllegalStateException(benchmark);
                }
            } catch (RuntimeException e) {
                report.failed(benchmark, String.valueOf(e.getMessage()));
            }
            report.add(benchmark, "machine", "mean 1-min load average during " + benchmark, load.meanSince(mark), null,
                    null, cores + " cores; above that, other processes were competing with the benchmark");
        }
        Duration took = Duration.between(started, Instant.now());
        report.print(System.out, "### Benchmark figures — " + LocalDate.now() + ", "
                + cores + " cores (mean 1-min load average " + load.meanSince(all) + "), app -Xmx512m on PostgreSQL, whole run "
                + took.toMinutes() + " min " + took.toSecondsPart() + " s");
        if (report.anyFailed() || (options.enforce() && report.anyMissed())) {
            System.exit(1);
        }
        System.exit(0);
    }
}
