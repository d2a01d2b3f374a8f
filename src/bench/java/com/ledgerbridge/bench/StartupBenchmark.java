package com.ledgerbridge.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * d. Start-up: from launching the JVM to /actuator/health answering UP (Flyway migrating a fresh schema
 * included), and RSS and used heap after 10 s idle. Repeated; the median is reported with every run's value.
 */
final class StartupBenchmark {

    static final int IDLE_SECONDS = 10;

    private StartupBenchmark() {
    }

    record Sample(double seconds, long idleRss, long idleHeap) {
    }

    static void run(BenchOptions options, Report report) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= options.startupRuns(); i++) {
            System.out.println();
            System.out.println("== startup: launch " + i + " of " + options.startupRuns());
            try (AppProcess app = AppProcess.start(options, "startup", Map.of())) {
                Waits.sleep(IDLE_SECONDS * 1000L);
                Sample s = new Sample(app.startup().toMillis() / 1000.0, app.rss(), app.heapUsed());
                System.out.printf("  healthy after %s; after %d s idle: RSS %s, used heap %s%n",
                        Report.seconds(s.seconds()), IDLE_SECONDS, Report.mebibytes(s.idleRss()),
                        Report.mebibytes(s.idleHeap()));
                samples.add(s);
            } catch (RuntimeException e) {
                report.failed("startup launch " + i, e.getMessage());
            }
        }
        if (samples.isEmpty()) {
            return;
        }
        String scenario = samples.size() + " launch(es), fresh schema";
        report.add("startup", scenario, "time to healthy (median)",
                Report.seconds(median(samples, Sample::seconds)), null, null,
                "runs: " + samples.stream().map(s -> Report.seconds(s.seconds())).toList());
        report.add("startup", scenario, "idle RSS after " + IDLE_SECONDS + " s (median)",
                Report.mebibytes((long) median(samples, s -> (double) s.idleRss())), null, null,
                "runs: " + samples.stream().map(s -> Report.mebibytes(s.idleRss())).toList());
        report.add("startup", scenario, "idle used heap (median)",
                Report.mebibytes((long) median(samples, s -> (double) s.idleHeap())));
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        List<Double> values = samples.stream().map(f::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
