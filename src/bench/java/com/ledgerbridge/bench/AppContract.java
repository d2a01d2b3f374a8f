package com.ledgerbridge.bench;

import java.util.List;

/**
 * Everything the harness assumes about the application from the outside, besides the launch settings in
 * {@code src/bench/resources/bench/app-under-test.properties}: its HTTP endpoints, the CSV order format, the
 * Alipay identities, and the tables and columns it polls or fills. The application may reshape its internals
 * freely as long as these stay true; if one of them changes, this class is the one to edit.
 */
final class AppContract {

    private AppContract() {
    }

    // --- HTTP ------------------------------------------------------------------------------------------------

    /** Answers 200 with {@code "status":"UP"} once the application is ready. */
    static final String HEALTH = "/actuator/health";
    /** Micrometer's used heap (exposed by the launch settings); optional, RSS is the fallback. */
    static final String HEAP_USED = "/actuator/metrics/jvm.memory.used?tag=area:heap";
    /**
     * /actuator beyond health needs role ADMIN (README, "Security and access"): the launch settings configure this
     * bench-only token (by its SHA-256) as an ADMIN, and the harness sends it as a bearer token.
     */
    static final String BENCH_ADMIN_TOKEN = "bench-harness-admin-token-for-benchmarks-only";
    /**
     * Matching replays (README "Matching replay"): POST {"threads": n} starts a replay of the configured rules over
     * every RECEIVED payment event and answers 202 with its summary (id, status RUNNING); GET .../{id} answers the
     * summary (status, payments, durationMillis, byOutcome, byRule), FINISHED when the decisions are stored in
     * matching_replay_decision (replay_id, payment_event_id, decision_json).
     */
    static final String MATCHING_REPLAYS = "/operations/matching/replays";
    /** Alipay's asynchronous notifications; answered 200 "success" once stored (also for a duplicate). */
    static final String ALIPAY_WEBHOOK = "/webhooks/alipay";

    // --- Inputs ----------------------------------------------------------------------------------------------

    /** Header of an order file for the CSV drop folder (one row per order line; crm/csv/CsvOrderReader). */
    static final List<String> CSV_ORDER_COLUMNS = List.of("order_id", "order_version", "customer_id", "customer_name",
            "currency", "order_date", "payment_terms_days", "status", "line_no", "sku", "description", "quantity",
            "unit_price");

    /** The merchant identity notifications are signed for (passed to the app by the launch settings). */
    static final String ALIPAY_APP_ID = "2021000000000000-sandbox";
    static final String ALIPAY_SELLER_ID = "2088000000000000";
    /** The sandbox pair that stands in for Alipay's keys (config/sandbox/README.md). */
    static final String ALIPAY_PRIVATE_KEY_FILE = "config/sandbox/alipay-sandbox-gateway-private-key.pem";
    static final String ALIPAY_PUBLIC_KEY_FILE = "config/sandbox/alipay-sandbox-gateway-public-key.pem";

    // --- Work-complete conditions (SQL the harness polls in the app's schema) --------------------------------

    /**
     * Orders: one invoice per billable order, and its journal entry POSTED to the ledger target.
     * Columns: invoices, entries posted, entries dead (a dead entry will never post: the run fails).
     */
    static final String ORDERS_PROGRESS = """
            select (select count(*) from invoice),
                   (select count(*) from journal_entry where posting_status = 'POSTED'),
                   (select count(*) from journal_entry where posting_status = 'DEAD')
            """;

    /**
     * Payment events: RECEIVED until reconciliation decides, then RECONCILED (allocated, with a journal entry)
     * or EXCEPTION. Columns: received, reconciled, exception, all events, entries posted, entries dead.
     */
    static final String PAYMENTS_PROGRESS = """
            select count(*) filter (where status = 'RECEIVED'),
                   count(*) filter (where status = 'RECONCILED'),
                   count(*) filter (where status = 'EXCEPTION'),
                   count(*),
                   (select count(*) from journal_entry where posting_status = 'POSTED'),
                   (select count(*) from journal_entry where posting_status = 'DEAD')
            from payment_event
            """;

    /** When the last entry was posted (application clock, same machine): the exact end of a run. */
    static final String LAST_POSTED_AT = "select max(posted_at) from journal_entry where posting_status = 'POSTED'";

    // --- Work inserted directly (reconciliation benchmark) ----------------------------------------------------

    /** {@code ?} = count. Billable orders that already have their invoice (below). */
    static final String INSERT_ORDERS = """
            insert into sales_order (source, crm_order_id, crm_version, customer_id, customer_name, currency,
                                     order_date, payment_terms_days, status, received_at)
            select 'bench', 'BENCH-SO-' || lpad(g::text, 7, '0'), '1', 'CUST-' || lpad((g % 1000)::text, 4, '0'),
                   'Bench customer ' || (g % 1000), 'CNY', current_date - 1, 30, 'BILLABLE', now() - interval '1 day'
            from generate_series(1, ?) g
            """;

    /** Open invoices, one per order above, numbered BENCH-INV-0000001..., gross 100.00 + (n mod 1000). */
    static final String INSERT_INVOICES = """
            insert into invoice (invoice_number, sales_order_id, source, crm_order_id, customer_id, customer_name,
                                 currency, issue_date, due_date, net_total, tax_total, gross_total, created_at)
            select 'BENCH-INV-' || substr(o.crm_order_id, 10), o.id, o.source, o.crm_order_id, o.customer_id,
                   o.customer_name, o.currency, o.order_date, o.order_date + 30,
                   round((100 + (o.id % 1000)) / 1.13, 2), (100 + (o.id % 1000)) - round((100 + (o.id % 1000)) / 1.13, 2),
                   100 + (o.id % 1000), now() - interval '1 day'
            from sales_order o where o.source = 'bench'
            """;

    /**
     * Stored Alipay payments, each paying one invoice in full, RECEIVED (not yet reconciled) and received five
     * minutes ago: a backlog the application must find in its database, with no queue message to prompt it.
     */
    static final String INSERT_PAYMENT_EVENTS = """
            insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                       merchant_reference, amount, currency, occurred_at, payer_id, raw_payload,
                                       received_at, status)
            select 'alipay', '2026' || lpad(i.id::text, 24, '0') || ':PAYMENT', 'bench' || i.id, 'PAYMENT',
                   '2026' || lpad(i.id::text, 24, '0'), i.invoice_number, i.gross_total, i.currency,
                   now() - interval '10 minutes', '2088' || lpad((i.id % 100000)::text, 12, '0'),
                   'inserted by the benchmark harness', now() - interval '5 minutes', 'RECEIVED'
            from invoice i where i.source = 'bench'
            """;
}
