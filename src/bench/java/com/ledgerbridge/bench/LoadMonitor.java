package com.ledgerbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Samples the machine's 1-minute load average (/proc/loadavg) every 5 s, so each benchmark can say how busy the
 * machine was: on a shared 2-core machine other builds change the figures, and a reader should know.
 */
final class LoadMonitor {

    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder samples = new LongAdder();
    private volatile double max;

    LoadMonitor() {
        Thread t = new Thread(() -> {
            while (true) {
                double load = now();
                if (load >= 0) {
                    sum.add(load);
                    samples.increment();
                    max = Math.max(max, load);
                }
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "load-monitor");
        t.setDaemon(true);
        t.start();
    }

    static double now() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A mark to measure from. */
    record Mark(double sum, long samples) {
    }

    Mark mark() {
        return new Mark(sum.sum(), samples.sum());
    }

    /** Mean 1-minute load average since {@code mark}, as text, e.g. "1.9 (2 cores)". */
    String meanSince(Mark mark) {
        long n = samples.sum() - mark.samples();
        double mean = n == 0 ? now() : (sum.sum() - mark.sum()) / n;
        return String.format(Locale.ROOT, "%.1f", mean);
    }
}
