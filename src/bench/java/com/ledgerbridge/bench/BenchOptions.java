package com.ledgerbridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What to run and how big, from system properties ({@code -Dbench=...}; the Maven profile passes them on). A
 * property that is absent or blank takes the default below, so the defaults live here only.
 *
 * <pre>
 * bench                        orders,webhooks,reconciliation,settlement,startup   which benchmarks, in this order
 *                                             (matching: the in-memory matching core, and matching-e2e: stored
 *                                             events to stored decisions through the replay, only when named)
 * bench.orders                 10000,100000   order counts per path (the last/first rate ratio is reported)
 * bench.orders.paths           csv,rest       CSV drop folder and/or generic REST CRM
 * bench.webhooks               10000          notifications per closed-loop run (10 % of them duplicates)
 * bench.webhooks.connections   16,64          concurrent keep-alive connections, one run each
 * bench.webhooks.gateways      alipay,wechatpay,stripe   gateways to load, one after the other, on one app
 * bench.webhooks.max-seconds   60             a closed-loop run stops sending after this long
 * bench.reconciliation         100000         stored payment events to reconcile
 * bench.settlement             1000000        settlement bill lines (and stored payment events) to import and reconcile
 * bench.startup                3              launches to time
 * bench.matching               1000000        payments and invoices for the in-memory matching benchmark
 * bench.matching.threads       1,2            thread counts, one fresh run each (decisions must be identical)
 * bench.matching.batch         10000          payments per MatchingRun.match call
 * bench.matching-e2e           1000000        stored payment events and open invoices for the matching replay
 *                                             benchmark (only when named: -Dbench=matching-e2e)
 * bench.matching-e2e.threads   1,2            replay thread counts, one replay each (decisions must be identical)
 * bench.timeout-seconds        60             a measured phase stops this long after its first item was done
 *                                             (reported as PARTIAL, with the rate so far)
 * bench.stall-seconds          120            ... or after this long without progress (also before the first item)
 * bench.enforce                false          exit non-zero when a target is missed
 * bench.keep                   false          keep the temporary data dirs and app logs
 * bench.postgres.url           jdbc:postgresql://127.0.0.1:5432/test
 * bench.postgres.user          postgres
 * </pre>
 */
record BenchOptions(
        Set<String> selected,
        List<Integer> orderCounts,
        List<String> orderPaths,
        int webhookRequests,
        List<Integer> connections,
        List<String> webhookGateways,
        int webhookMaxSeconds,
        int reconciliationEvents,
        int settlementLines,
        int startupRuns,
        int matchingSize,
        List<Integer> matchingThreads,
        int matchingBatch,
        int matchingE2eSize,
        List<Integer> matchingE2eThreads,
        int timeoutSeconds,
        int stallSeconds,
        boolean enforce,
        boolean keep,
        String postgresUrl,
        String postgresUser,
        Path projectDir,
        Path jar) {

    static final List<String> ALL = List.of("orders", "webhooks", "reconciliation", "settlement", "startup");
    /** Run only when named: they need neither the application nor PostgreSQL. */
    static final List<String> IN_MEMORY = List.of("matching");
    /** Run only when named: too long for every run. */
    static final List<String> ON_REQUEST = List.of("matching", "matching-e2e");

    static BenchOptions fromSystemProperties() {
        Set<String> selected = new LinkedHashSet<>();
        for (String name : list("bench", String.join(",", ALL))) {
            String n = name.toLowerCase(Locale.ROOT);
            if (!ALL.contains(n) && !ON_REQUEST.contains(n)) {
                throw new IllegalArgumentException("-Dbench: unknown benchmark '" + name + "' (known: " + ALL + ", "
                        + ON_REQUEST + ")");
            }
            selected.add(n);
        }
        List<String> paths = list("bench.orders.paths", "csv,rest");
        for (String p : paths) {
            if (!p.equals("csv") && !p.equals("rest")) {
                throw new IllegalArgumentException("-Dbench.orders.paths: '" + p + "' is neither csv nor rest");
            }
        }
        Path projectDir = Path.of(text("bench.project-dir", System.getProperty("user.dir"))).toAbsolutePath();
        return new BenchOptions(selected,
                ints("bench.orders", "10000,100000"),
                paths,
                ints("bench.webhooks", "10000").get(0),
                ints("bench.webhooks.connections", "16,64"),
                list("bench.webhooks.gateways", "alipay,wechatpay,stripe"),
                ints("bench.webhooks.max-seconds", "60").get(0),
                ints("bench.reconciliation", "100000").get(0),
                ints("bench.settlement", "1000000").get(0),
                ints("bench.startup", "3").get(0),
                ints("bench.matching", "1000000").get(0),
                ints("bench.matching.threads", "1,2"),
                ints("bench.matching.batch", "10000").get(0),
                ints("bench.matching-e2e", "1000000").get(0),
                ints("bench.matching-e2e.threads", "1,2"),
                ints("bench.timeout-seconds", "60").get(0),
                ints("bench.stall-seconds", "120").get(0),
                Boolean.parseBoolean(text("bench.enforce", "false")),
                Boolean.parseBoolean(text("bench.keep", "false")),
                text("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                text("bench.postgres.user", "postgres"),
                projectDir,
                IN_MEMORY.containsAll(selected) ? null : jar(projectDir));
    }

    /** Whether some selected benchmark runs the application (and needs PostgreSQL and the jar). */
    boolean needsApplication() {
        return !IN_MEMORY.containsAll(selected);
    }

    private static Path jar(Path projectDir) {
        String given = text("bench.jar", "");
        if (!given.isEmpty() && Files.isRegularFile(Path.of(given))) {
            return Path.of(given).toAbsolutePath();
        }
        Path target = projectDir.resolve("target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().matches("ledgerbridge-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no application jar in " + target
                            + ": run ./mvnw -Pbench verify (which packages it) or ./mvnw -DskipTests package first"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.strip();
    }

    private static List<String> list(String name, String fallback) {
        return Arrays.stream(text(name, fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> ints(String name, String fallback) {
        List<Integer> values = new ArrayList<>();
        for (String s : list(name, fallback)) {
            try {
                int v = Integer.parseInt(s.replace("_", ""));
                if (v <= 0) {
                    throw new NumberFormatException();
                }
                values.add(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + name + ": '" + s + "' is not a positive whole number");
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("-D" + name + " is empty");
        }
        return values;
    }
}
