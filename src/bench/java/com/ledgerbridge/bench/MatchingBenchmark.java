package com.ledgerbridge.bench;

import com.ledgerbridge.domain.reconciliation.matching.IncomingPayment;
import com.ledgerbridge.domain.reconciliation.matching.MatchingEngine;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRules;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRun;
import com.ledgerbridge.domain.reconciliation.matching.OpenItemBook;
import com.ledgerbridge.domain.reconciliation.matching.Outcome;
import com.ledgerbridge.domain.reconciliation.matching.PayerDirectory;
import com.ledgerbridge.domain.reconciliation.matching.PaymentDecision;
import com.ledgerbridge.domain.reconciliation.matching.RandomReceivables;
import com.ledgerbridge.reconciliation.MatchingRulesFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * e. The matching core in memory, in this JVM (no application, no database): N open items' worth of invoices (a
 * tenth split into instalments) and N payments of every kind ({@code RandomReceivables}, seeded), matched under the
 * shipped rules file (mappings/reconciliation/matching-rules.yml) in batches, at each thread count on a fresh run.
 * Only the {@code MatchingRun.match} calls are timed (wall clock and this process's CPU time, GC included);
 * generating a batch's payments and hashing its decisions (SHA-256 of their canonical JSON, in payment order) are
 * not. The hashes at every thread count must be equal.
 */
final class MatchingBenchmark {

    static final double TARGET_PER_CORE = 250_000;
    static final long SEED = 20261201L;

    private MatchingBenchmark() {
    }

    record Pass(double wallSeconds, double cpuSeconds, String hash, Map<Outcome, Integer> outcomes) {
    }

    static void run(BenchOptions options, Report report) {
        int n = options.matchingSize();
        String scenario = Report.count(n) + " payments × " + Report.count(n) + " invoices";
        System.out.println();
        System.out.println("== matching: " + scenario + ", batches of " + Report.count(options.matchingBatch()));
        MatchingRules rules = MatchingRulesFile.load(options.projectDir().resolve("mappings/reconciliation/matching-rules.yml"));
        MatchingEngine engine = new MatchingEngine(rules);
        long t0 = System.nanoTime();
        RandomReceivables world = new RandomReceivables(SEED, n);
        OpenItemBook book = world.addItemsTo(OpenItemBook.builder()).build();
        PayerDirectory payers = world.payers();
        double built = (System.nanoTime() - t0) / 1e9;
        long heap = usedHeapAfterGc();
        System.out.printf("  %s open items of %s invoices built in %s; heap in use with them: %s%n",
                Report.count(book.size()), Report.count(n), Report.seconds(built), Report.mebibytes(heap));
        report.add("matching", scenario, "heap in use with the book and payer directory", Report.mebibytes(heap), null,
                null, Report.count(book.size()) + " open items; rules " + rules.version());

        String firstHash = null;
        int firstThreads = 0;
        for (int threads : options.matchingThreads()) {
            ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
            try {
                // warm-up on a run of its own (the JIT), then a fresh run over the whole stream
                pass(engine.start(book, payers), world, Math.min(n, 200_000), options.matchingBatch(), pool, threads);
                Pass pass = pass(engine.start(book, payers), world, n, options.matchingBatch(), pool, threads);
                double wall = n / pass.wallSeconds();
                double perCpu = n / pass.cpuSeconds();
                String note = Report.count(n) + " in " + Report.seconds(pass.wallSeconds()) + " (CPU "
                        + Report.seconds(pass.cpuSeconds()) + "); " + pass.outcomes();
                System.out.printf("  %d thread(s): %s payments/s, %s per CPU-second; %s; decisions %s%n", threads,
                        Report.rate(wall), Report.rate(perCpu), pass.outcomes(), pass.hash().substring(0, 16));
                boolean perCore = wall / threads >= TARGET_PER_CORE;
                report.add("matching", scenario + ", " + threads + " thread(s)", "payments/s (wall clock)", Report.rate(wall),
                        "≥ " + Report.rate(TARGET_PER_CORE * threads), perCore, note);
                report.add("matching", scenario + ", " + threads + " thread(s)", "payments per CPU-second (all threads, GC)",
                        Report.rate(perCpu), "≥ " + Report.rate(TARGET_PER_CORE), perCpu >= TARGET_PER_CORE,
                        "what a core does when it is not shared");
                if (firstHash == null) {
                    firstHash = pass.hash();
                    firstThreads = threads;
                } else {
                    boolean same = firstHash.equals(pass.hash());
                    report.add("matching", scenario, "decisions at " + firstThreads + " and " + threads + " threads",
                            same ? "identical" : "DIFFERENT", "identical", same, "SHA-256 " + pass.hash().substring(0, 16)
                                    + (same ? "" : " vs " + firstHash.substring(0, 16)));
                }
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }
    }

    private static Pass pass(MatchingRun run, RandomReceivables world, int n, int batch, ExecutorService pool,
            int threads) {
        MessageDigest digest = sha256();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        long wall = 0;
        long cpu = 0;
        StringBuilder json = new StringBuilder(4096);
        for (int from = 0; from < n; from += batch) {
            List<IncomingPayment> payments = world.payments(from, Math.min(batch, n - from));
            long c0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            List<PaymentDecision> decisions = run.match(payments, pool, threads);
            wall += System.nanoTime() - w0;
            cpu += os.getProcessCpuTime() - c0;
            for (PaymentDecision d : decisions) {
                json.setLength(0);
                d.appendJson(json);
                json.append('\n');
                digest.update(json.toString().getBytes(StandardCharsets.UTF_8));
                outcomes.merge(d.outcome(), 1, Integer::sum);
            }
        }
        return new Pass(wall / 1e9, cpu / 1e9, HexFormat.of().formatHex(digest.digest()), outcomes);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
