package com.ledgerbridge.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a run, printed as they come and as one Markdown table at the end. */
final class Report {

    /** One figure; {@code met} is null when the figure has no target. */
    record Row(String benchmark, String scenario, String figure, String value, String target, Boolean met, String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    void add(String benchmark, String scenario, String figure, String value, String target, Boolean met, String note) {
        Row row = new Row(benchmark, scenario, figure, value, target == null ? "" : target, met, note == null ? "" : note);
        rows.add(row);
        System.out.printf("  >> %s %s: %s = %s%s%s%n", benchmark, scenario, figure, value,
                target == null ? "" : "   (target " + target + ": " + (met == null ? "n/a" : met ? "met" : "MISSED") + ")",
                note == null || note.isEmpty() ? "" : "   [" + note + "]");
    }

    void add(String benchmark, String scenario, String figure, String value) {
        add(benchmark, scenario, figure, value, null, null, null);
    }

    void failed(String benchmark, String why) {
        failures.add(benchmark + ": " + why);
        System.out.println("  !! " + benchmark + " could not complete: " + why);
    }

    boolean anyMissed() {
        return rows.stream().anyMatch(r -> Boolean.FALSE.equals(r.met()));
    }

    boolean anyFailed() {
        return !failures.isEmpty();
    }

    void print(PrintStream out, String heading) {
        out.println();
        out.println(heading);
        out.println();
        out.println("| Benchmark | Scenario | Figure | Value | Target | Met | Note |");
        out.println("| --- | --- | --- | ---: | --- | --- | --- |");
        for (Row r : rows) {
            out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", r.benchmark(), r.scenario(), r.figure(), r.value(),
                    r.target(), r.met() == null ? "" : r.met() ? "yes" : "**no**", r.note());
        }
        if (!failures.isEmpty()) {
            out.println();
            out.println("Could not complete:");
            failures.forEach(f -> out.println("- " + f));
        }
        out.println();
    }

    // --- formatting ---------------------------------------------------------------------------------------------

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rate(double perSecond) {
        return perSecond >= 100 ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%,.1f", perSecond);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    static String mebibytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / 1048576.0));
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }
}
