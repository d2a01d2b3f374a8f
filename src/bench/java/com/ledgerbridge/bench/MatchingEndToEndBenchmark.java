package com.ledgerbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * f. Matching end to end: stored payment events to stored decisions through the matching replay
 * (POST /operations/matching/replays) of the application under test (-Xmx512m, PostgreSQL), under the shipped rules
 * file, at each thread count.
 *
 * <p>Before the clock starts (not timed), by SQL in the app's schema: N open invoices of N/10 customers (ten each;
 * a tenth of them partly paid), one paid invoice per customer with an earlier applied payment from the customer's
 * payer (so the payer directory knows every customer), and N RECEIVED PAYMENT events: 40 % naming their invoice in
 * out_trade_no, 20 % naming it in the memo, 20 % with no reference from a known payer for the amount of one of the
 * customer's invoices, 10 % listing two invoices of a customer in the memo for their sum, 10 % naming nothing we
 * know from an unknown payer. The clock runs from the request that starts a replay until polling (every 50 ms) sees
 * it FINISHED, i.e. its decisions committed; the app's own duration (started_at to finished_at) is reported
 * beside it. Peak used heap is sampled every second. The SHA-256 of
 * the stored decisions (decision_json by payment_event_id) must be equal at every thread count.
 */
final class MatchingEndToEndBenchmark {

    static final double TARGET_SECONDS = 30;
    static final long HEAP_LIMIT = 512L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MatchingEndToEndBenchmark() {
    }

    static void run(BenchOptions options, Report report) {
        int n = options.matchingE2eSize();
        if (n < 20 || n > 1_000_000) {
            report.failed("matching-e2e", "-Dbench.matching-e2e must be 20..1000000 (invoice numbers have six digits)");
            return;
        }
        String scenario = Report.count(n) + " stored payments × " + Report.count(n) + " open invoices";
        System.out.println();
        System.out.println("== matching-e2e: " + scenario);
        try (AppProcess app = AppProcess.start(options, "matching-e2e", Map.of())) {
            measure(options, report, n, scenario, app);
        } catch (RuntimeException e) {
            report.failed("matching-e2e " + scenario, e.getMessage());
        }
    }

    private static void measure(BenchOptions options, Report report, int n, String scenario, AppProcess app) {
        Database db = app.database();
        long t0 = System.nanoTime();
        insert(db, n);
        System.out.printf("  inserted %s open invoices, %s customers with their earlier payments and %s RECEIVED "
                + "payment events in %s%n", Report.count(n), Report.count(n / 10), Report.count(n),
                Report.seconds((System.nanoTime() - t0) / 1e9));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String firstHash = null;
        int firstThreads = 0;
        for (int threads : options.matchingE2eThreads()) {
            String at = scenario + ", " + threads + " thread(s)";
            app.startSampling();
            long w0 = System.nanoTime();
            JsonNode summary = replay(http, app, threads);
            double seconds = (System.nanoTime() - w0) / 1e9;
            long peakHeap = app.stopSampling();
            long liveAfterGc = liveData(http, app);
            if (!"FINISHED".equals(summary.path("status").asText()) || summary.path("payments").asLong() != n) {
                report.failed("matching-e2e " + at, "unexpected replay: " + summary);
                return;
            }
            long replayId = summary.path("id").asLong();
            Database.Digest digest = db.sha256(
                    "select decision_json from matching_replay_decision where replay_id = ? order by payment_event_id",
                    replayId);
            String outcomes = summary.path("byOutcome").toString();
            System.out.println("  by rule: " + summary.path("byRule"));
            System.out.printf("  %d thread(s): %s (app: %s ms), %s payments/s, peak heap %s; %s; decisions %s (%s rows)%n",
                    threads, Report.seconds(seconds), summary.path("durationMillis").asText(),
                    Report.rate(n / seconds), Report.mebibytes(peakHeap), outcomes, digest.sha256().substring(0, 16),
                    Report.count(digest.rows()));
            report.add("matching-e2e", at, "seconds from stored events to stored decisions (start to FINISHED)",
                    Report.seconds(seconds), "≤ " + Report.seconds(TARGET_SECONDS), seconds <= TARGET_SECONDS,
                    "app's own duration " + summary.path("durationMillis").asText() + " ms; " + outcomes);
            report.add("matching-e2e", at, "payments/s end to end", Report.rate(n / seconds));
            report.add("matching-e2e", at, "peak used heap (app, -Xmx512m)", Report.mebibytes(peakHeap),
                    "≤ " + Report.mebibytes(HEAP_LIMIT), peakHeap >= 0 && peakHeap <= HEAP_LIMIT, "sampled every second");
            report.add("matching-e2e", at, "old generation live after the last collection (app)",
                    Report.mebibytes(liveAfterGc), null, null, "jvm.gc.live.data.size: what survives a collection, "
                            + "unlike used heap, which counts garbage not yet collected");
            report.add("matching-e2e", at, "SHA-256 of the stored decisions (by payment_event_id)", digest.sha256(),
                    null, null, Report.count(digest.rows()) + " decisions");
            if (firstHash == null) {
                firstHash = digest.sha256();
                firstThreads = threads;
            } else {
                boolean same = firstHash.equals(digest.sha256());
                report.add("matching-e2e", scenario, "decisions at " + firstThreads + " and " + threads + " threads",
                        same ? "identical" : "DIFFERENT", "identical", same, "SHA-256 " + digest.sha256().substring(0, 16)
                                + (same ? "" : " vs " + firstHash.substring(0, 16)));
            }
        }
        report.add("matching-e2e", scenario, "app peak RSS", Report.mebibytes(app.peakRss()));
    }

    /** Starts a replay (answered at once, RUNNING) and polls it every 50 ms until it is no longer RUNNING. */
    private static JsonNode replay(HttpClient http, AppProcess app, int threads) {
        JsonNode started = call(http, app, HttpRequest.newBuilder(app.url(AppContract.MATCHING_REPLAYS))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"threads\":" + threads + "}")), 202);
        long id = started.path("id").asLong();
        long deadline = System.nanoTime() + 600_000_000_000L;
        JsonNode summary = started;
        while ("RUNNING".equals(summary.path("status").asText())) {
            if (System.nanoTime() > deadline || !app.alive()) {
                throw new IllegalStateException("replay #" + id + " did not finish: " + summary + "\n" + app.tail(30));
            }
            Waits.sleep(50);
            summary = call(http, app, HttpRequest.newBuilder(app.url(AppContract.MATCHING_REPLAYS + "/" + id)).GET(), 200);
        }
        return summary;
    }

    /** Micrometer's jvm.gc.live.data.size (old generation after the last collection), bytes, or -1. */
    private static long liveData(HttpClient http, AppProcess app) {
        try {
            JsonNode metric = call(http, app, HttpRequest.newBuilder(app.url("/actuator/metrics/jvm.gc.live.data.size"))
                    .GET(), 200);
            for (JsonNode m : metric.path("measurements")) {
                if ("VALUE".equals(m.path("statistic").asText())) {
                    return (long) m.path("value").asDouble();
                }
            }
        } catch (RuntimeException e) {
            // not exposed: the figure is informational
        }
        return -1;
    }

    private static JsonNode call(HttpClient http, AppProcess app, HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> answer = http.send(request
                    .header("Authorization", "Bearer " + AppContract.BENCH_ADMIN_TOKEN)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected) {
                throw new IllegalStateException("replay request answered " + answer.statusCode() + ": " + answer.body()
                        + "\n" + app.tail(30));
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("replay request failed: " + e.getMessage() + "\n" + app.tail(30), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The data, by SQL. Invoice g (0 ≤ g < N) is INV-2026-gggggg of customer g mod K (K = N/10), for
     * 100.00 + (g mod 4999) × 0.37, issued 2026-10-01 + (g mod 30) days and due 30 days later; payment p is about
     * invoice p (and, listing two, invoice (p + K) mod N of the same customer).
     */
    static void insert(Database db, int n) {
        int customers = Math.max(1, n / 10);
        // orders for the open invoices, then for one paid invoice per customer
        db.update("""
                insert into sales_order (source, crm_order_id, crm_version, customer_id, customer_name, currency,
                                         order_date, payment_terms_days, status, received_at)
                select 'bench', 'SO-2026-' || g, '1', 'CUST-' || lpad((g % ?)::text, 6, '0'), null, 'CNY',
                       date '2026-10-01' + (g % 30), 30, 'BILLABLE', now()
                from generate_series(0, ? - 1) g
                """, customers, n);
        db.update("""
                insert into sales_order (source, crm_order_id, crm_version, customer_id, customer_name, currency,
                                         order_date, payment_terms_days, status, received_at)
                select 'bench', 'SO-2025-' || c, '1', 'CUST-' || lpad(c::text, 6, '0'), null, 'CNY',
                       date '2026-09-01', 30, 'BILLABLE', now()
                from generate_series(0, ? - 1) c
                """, customers);
        db.update("""
                insert into invoice (invoice_number, sales_order_id, source, crm_order_id, customer_id, currency,
                                     issue_date, due_date, net_total, tax_total, gross_total, created_at, allocated_total)
                select 'INV-2026-' || lpad(substr(o.crm_order_id, 9), 6, '0'), o.id, o.source, o.crm_order_id,
                       o.customer_id, o.currency, o.order_date, o.order_date + 30, a.gross, 0, a.gross, now(),
                       case when cast(substr(o.crm_order_id, 9) as integer) % 10 = 9 then 10.00 else 0 end
                from sales_order o
                cross join lateral (select 100.00 + (cast(substr(o.crm_order_id, 9) as integer) % 4999) * 0.37 as gross) a
                where o.crm_order_id like 'SO-2026-%'
                """);
        db.update("""
                insert into invoice (invoice_number, sales_order_id, source, crm_order_id, customer_id, currency,
                                     issue_date, due_date, net_total, tax_total, gross_total, created_at, allocated_total)
                select 'INV-2025-' || lpad(substr(o.crm_order_id, 9), 6, '0'), o.id, o.source, o.crm_order_id,
                       o.customer_id, o.currency, o.order_date, o.order_date + 30, 50.00, 0, 50.00, now(), 50.00
                from sales_order o where o.crm_order_id like 'SO-2025-%'
                """);
        // each customer's payer paid the customer's paid invoice before: the replay learns who the payer is
        db.update("""
                insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                           merchant_reference, amount, currency, occurred_at, payer_id, raw_payload,
                                           received_at, status)
                select 'alipay', 'H' || substr(i.invoice_number, 10) || ':PAYMENT', 'h' || i.id, 'PAYMENT',
                       'H' || substr(i.invoice_number, 10), i.invoice_number, 50.00, 'CNY',
                       timestamp with time zone '2026-09-15 04:00:00+00', '2088' || substr(i.invoice_number, 10),
                       'inserted by the benchmark harness', timestamp with time zone '2026-09-15 04:01:00+00',
                       'RECONCILED'
                from invoice i where i.invoice_number like 'INV-2025-%'
                """);
        db.update("""
                insert into allocation (payment_event_id, invoice_id, amount, currency, match_rule, evidence, created_at)
                select p.id, i.id, 50.00, 'CNY', 'exact-reference', 'inserted by the benchmark harness', now()
                from payment_event p join invoice i on i.invoice_number = p.merchant_reference
                where p.status = 'RECONCILED'
                """);
        // the payments to replay: kind by p mod 10 (0-3 reference, 4-5 memo, 6-7 amount + payer, 8 two invoices,
        // 9 unknown)
        db.update("""
                insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                           merchant_reference, amount, currency, occurred_at, payer_id, raw_payload,
                                           received_at, status, memo)
                select 'alipay', 'T' || p || ':PAYMENT', 't' || p, 'PAYMENT', 'T' || p,
                       case when p % 10 < 4 then i.invoice_number
                            when p % 10 in (4, 5) then 'ORDER-' || p
                            when p % 10 = 9 then 'INV-2099-' || lpad(p::text, 6, '0') end,
                       case when p % 10 < 6 then i.gross_total - i.allocated_total
                            when p % 10 in (6, 7) then i.gross_total
                            when p % 10 = 8 then (i.gross_total - i.allocated_total) + (j.gross_total - j.allocated_total)
                            else 12.34 end,
                       'CNY', timestamp with time zone '2026-11-05 04:00:00+00' + (p % 3600) * interval '1 second',
                       case when p % 10 = 9 then '2099' || lpad(p::text, 10, '0')
                            else '2088' || lpad((p % ?)::text, 6, '0') end,
                       'inserted by the benchmark harness',
                       timestamp with time zone '2026-11-05 04:01:00+00' + (p % 3600) * interval '1 second', 'RECEIVED',
                       case when p % 10 in (4, 5) then 'payment for ' || i.invoice_number || ', thank you'
                            when p % 10 = 8 then i.invoice_number || ' ' || j.invoice_number end
                from generate_series(0, ? - 1) p
                join invoice i on i.invoice_number = 'INV-2026-' || lpad(p::text, 6, '0')
                join invoice j on j.invoice_number = 'INV-2026-' || lpad(((p + ?) % ?)::text, 6, '0')
                order by p
                """, customers, n, customers, n);
        db.update("analyze");
    }
}
