package com.ledgerbridge.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.invoicing.Instalment;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.reconciliation.matching.IncomingPayment;
import com.ledgerbridge.domain.reconciliation.matching.MatchingEngine;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRules;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRun;
import com.ledgerbridge.domain.reconciliation.matching.OpenItemBook;
import com.ledgerbridge.domain.reconciliation.matching.Outcome;
import com.ledgerbridge.domain.reconciliation.matching.PayerDirectory;
import com.ledgerbridge.domain.reconciliation.matching.PaymentDecision;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.failure.Conflict;
import com.ledgerbridge.failure.NotFound;
import com.ledgerbridge.security.OperatorIdentity;
import com.ledgerbridge.storage.MatchingReplayRecords;
import com.ledgerbridge.storage.MatchingReplayRecords.DecisionWriter;
import com.ledgerbridge.storage.MatchingReplayRecords.Inputs;
import com.ledgerbridge.storage.MatchingReplayRecords.OpenInvoiceRow;
import com.ledgerbridge.storage.MatchingReplayRecords.Selection;
import com.ledgerbridge.storage.MatchingReplayRecords.StoredDecision;
import com.ledgerbridge.storage.MatchingReplayRecords.StoredPayment;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A dry run of matching rules (README "Matching replay"): "what would this rules file decide?" — the configured
 * rules, or a rules file given in the request, over stored PAYMENT events (by default every RECEIVED one) against
 * the open invoices of the moment, with the payer → customer directory learnt from earlier applied payments. Each
 * payment's decision is stored in matching_replay_decision; nothing is booked, no invoice or payment event changes.
 *
 * <p>Memory stays bounded by the open items: the inputs are streamed, the open items are held column by column
 * ({@link OpenItemBook}), payments are matched in batches on the replay thread pool and their decisions are
 * written out as each batch is decided. Payments are decided in event id order, as the live reconciliation claims
 * them; the decisions are the same at any thread count. A replay runs in the background after the request that
 * started it is answered; one replay runs at a time per instance, a second is refused (409) rather than doubling
 * the memory.
 */
@Component
public class MatchingReplay {

    private static final Logger log = LoggerFactory.getLogger(MatchingReplay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RULES_CHARS = 64 * 1024;
    private static final int MAX_PAGE = 500;
    /** How often a running replay says it is alive, and how long a silent one is taken for dead. */
    static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(5);
    static final java.time.Duration SILENT_FOR = java.time.Duration.ofMinutes(2);

    private final MatchingReplayRecords records;
    private final MatchingEngine configured;
    private final MatchingProperties matching;
    private final MatchingReplayProperties settings;
    private final CompanyProperties company;
    private final OperatorIdentity operator;
    private final ExecutorService pool;
    private final Semaphore oneAtATime = new Semaphore(1);
    /** Runs replays after the request that started them has been answered. */
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "matching-replay");
        t.setDaemon(true);
        return t;
    });

    public MatchingReplay(MatchingReplayRecords records, MatchingEngine configured, MatchingProperties matching,
            MatchingReplayProperties settings, CompanyProperties company, OperatorIdentity operator) {
        this.records = records;
        this.configured = configured;
        this.matching = matching;
        this.settings = settings;
        this.company = company;
        this.operator = operator;
        AtomicInteger n = new AtomicInteger();
        this.pool = settings.threads() > 1 ? Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "matching-replay-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }) : null;
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * What to replay (all optional).
     *
     * @param rules        a matching rules file's YAML text; absent: the configured rules file
     * @param statuses     payment event statuses to select (default RECEIVED)
     * @param receivedFrom only events received at or after this instant (ISO-8601, e.g. 2026-11-01T00:00:00Z)
     * @param receivedTo   only events received before this instant
     * @param threads      matching threads, 1 to ledgerbridge.matching.replay.threads (the default)
     */
    public record ReplayRequest(String rules, List<String> statuses, String receivedFrom, String receivedTo,
            Integer threads) {
    }

    /**
     * Checks the request, stores the replay as RUNNING and starts it; answers its summary at once (POST
     * /operations/matching/replays, 202). GET /operations/matching/replays/{id} shows it FINISHED (or FAILED, with
     * the reason) when its decisions are stored: a replay of a million payments outlasts an HTTP request's patience.
     */
    public Map<String, Object> start(ReplayRequest request) {
        ReplayRequest r = request == null ? new ReplayRequest(null, null, null, null, null) : request;
        // everything about the request is checked before anything is stored
        MatchingEngine engine = engine(r.rules());
        String rulesSource = r.rules() == null || r.rules().isBlank() ? matching.rules().toString() : "request";
        Selection selection = selection(r);
        int threads = r.threads() == null ? settings.threads() : r.threads();
        if (threads < 1 || threads > settings.threads()) {
            throw new BadInput("threads must be 1.." + settings.threads() + " (ledgerbridge.matching.replay.threads), was "
                    + threads);
        }
        if (!acquire()) {
            throw new Conflict("a matching replay is running on this instance; try again when it has finished");
        }
        long id;
        try {
            id = records.start(engine.rules().version(), rulesSource, operator.current(), selection, threads);
            runner.execute(() -> {
                org.slf4j.MDC.put("correlationId", "matching-replay:" + id);
                try {
                    run(id, engine, selection, threads);
                } catch (RuntimeException e) {
                    records.failed(id, e.getMessage());
                    log.warn("Matching replay #{} failed: {}", id, e.getMessage(), e);
                } finally {
                    org.slf4j.MDC.remove("correlationId");
                    oneAtATime.release();
                }
            });
        } catch (RuntimeException e) {
            oneAtATime.release();
            throw e;
        }
        return summary(id);
    }

    /** The replay slot; a replay that is just storing its totals gets a second to hand it over. */
    private boolean acquire() {
        try {
            return oneAtATime.tryAcquire(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private MatchingEngine engine(String rulesText) {
        if (rulesText == null || rulesText.isBlank()) {
            return configured;
        }
        if (rulesText.length() > MAX_RULES_CHARS) {
            throw new BadInput("rules: at most " + MAX_RULES_CHARS + " characters, was " + rulesText.length());
        }
        // a bad file is an InvalidRulesException (an IllegalArgumentException: 400) naming the rule and field
        return new MatchingEngine(MatchingRulesFile.parse(rulesText, "rules in the request"));
    }

    private static Selection selection(ReplayRequest r) {
        List<String> statuses = new ArrayList<>();
        for (String s : r.statuses() == null || r.statuses().isEmpty() ? List.of("RECEIVED") : r.statuses()) {
            String status = s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
            if (!status.matches("[A-Z_]{1,20}")) {
                throw new BadInput("statuses: '" + s + "' is not a payment event status (e.g. RECEIVED, RECONCILED, "
                        + "EXCEPTION)");
            }
            statuses.add(status);
        }
        Instant from = instant("receivedFrom", r.receivedFrom());
        Instant to = instant("receivedTo", r.receivedTo());
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadInput("receivedFrom " + from + " must be before receivedTo " + to);
        }
        return new Selection(statuses, from, to);
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new BadInput(field + ": '" + text + "' is not an ISO-8601 instant (e.g. 2026-11-01T00:00:00Z)");
        }
    }

    /** Reads, matches and stores; the decisions and the totals are committed together at the end. */
    private void run(long id, MatchingEngine engine, Selection selection, int threads) {
        long t0 = System.nanoTime();
        ZoneId zone = company.zone();
        String version = engine.rules().version();
        try (Inputs inputs = records.openInputs(); DecisionWriter out = records.decisionWriter(id)) {
            OpenItemBook.Builder builder = OpenItemBook.builder();
            inputs.openInvoices(invoice -> addOpenItems(builder, invoice));
            OpenItemBook book = builder.build();
            PayerDirectory payers = new PayerDirectory(inputs.customersOfPayers());
            long t1 = System.nanoTime();
            MatchingRun run = engine.start(book, payers);
            Tally tally = new Tally();
            records.heartbeat(id);
            long[] lastBeat = {System.nanoTime()};
            inputs.payments(selection, settings.batchSize(), batch -> {
                if (System.nanoTime() - lastBeat[0] > HEARTBEAT.toNanos()) {
                    records.heartbeat(id);
                    lastBeat[0] = System.nanoTime();
                }
                List<IncomingPayment> incoming = new ArrayList<>(batch.size());
                for (StoredPayment p : batch) {
                    try {
                        incoming.add(new IncomingPayment(p.paymentKey(), Money.of(p.amount(), p.currency()),
                                LocalDate.ofInstant(p.occurredAt(), zone), p.payerId(), null, p.merchantReference(),
                                p.memo()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("payment event #" + p.eventId() + " (" + p.paymentKey()
                                + "): " + e.getMessage(), e);
                    }
                }
                List<PaymentDecision> decisions = run.match(incoming, pool, threads);
                for (int i = 0; i < decisions.size(); i++) {
                    PaymentDecision d = decisions.get(i);
                    out.add(batch.get(i).eventId(), d.paymentKey(), d.outcome().name(), d.ruleId(), version,
                            d::appendJson);
                    tally.count(d);
                }
            });
            long t2 = System.nanoTime();
            out.finish(new MatchingReplayRecords.Totals(book.size(), tally.payments, tally.byOutcome(),
                    tally.byRuleJson()));
            log.info("Matching replay #{} (rules {}): {} payment(s) against {} open item(s) and {} known payer(s) at {} "
                            + "thread(s) in {} ms (inputs {} ms, matching and writing {} ms, commit {} ms): {}", id, version,
                    tally.payments, book.size(), payers.customerByPayer().size(), threads,
                    (System.nanoTime() - t0) / 1_000_000, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000, tally.byOutcome());
        }
    }

    /**
     * The open items of one stored invoice: the whole invoice with what is still owed on it, or, under split terms,
     * each instalment with what the invoice's allocated total leaves open on it (as live reconciliation sees them).
     */
    static void addOpenItems(OpenItemBook.Builder book, OpenInvoiceRow invoice) {
        Money gross = Money.of(invoice.gross(), invoice.currency());
        Money allocated = Money.of(invoice.allocated(), invoice.currency());
        if (!invoice.instalments().isEmpty()) {
            List<Money> open = Instalment.openAmounts(invoice.instalments(), allocated);
            for (int i = 0; i < open.size(); i++) {
                Instalment instalment = invoice.instalments().get(i);
                book.add(Instalment.itemKey(invoice.invoiceNumber(), instalment.number()), invoice.invoiceNumber(),
                        instalment.number(), invoice.crmOrderId(), invoice.customerId(), invoice.currency(),
                        instalment.amount().minorUnits(), open.get(i).minorUnits(), invoice.issueDate(),
                        instalment.dueDate());
            }
            return;
        }
        Money open = gross.minus(allocated);
        book.add(invoice.invoiceNumber(), invoice.invoiceNumber(), 0, invoice.crmOrderId(), invoice.customerId(),
                invoice.currency(), gross.minorUnits(), open.minorUnits(), invoice.issueDate(), invoice.dueDate());
    }

    /** Counts per outcome and per rule and outcome. */
    private static final class Tally {
        int payments;
        final int[] outcomes = new int[Outcome.values().length];
        final Map<String, Map<String, Integer>> byRule = new TreeMap<>();

        void count(PaymentDecision d) {
            payments++;
            outcomes[d.outcome().ordinal()]++;
            byRule.computeIfAbsent(d.ruleId() == null ? "-" : d.ruleId(), k -> new TreeMap<>())
                    .merge(d.outcome().name(), 1, Integer::sum);
        }

        Map<String, Integer> byOutcome() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Outcome o : Outcome.values()) {
                counts.put(o.name(), outcomes[o.ordinal()]);
            }
            return counts;
        }

        String byRuleJson() {
            try {
                return JSON.writeValueAsString(byRule);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A replay's summary: what was replayed, by whom, how long it took, counts per outcome and per rule. */
    public Map<String, Object> summary(Long id) {
        records.abandonSilent(SILENT_FOR);
        Map<String, Object> row = records.summary(requireId(id)).orElseThrow(() -> new NotFound("no matching replay #" + id));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", ((Number) row.get("id")).longValue());
        view.put("status", row.get("status"));
        view.put("rulesVersion", row.get("rules_version"));
        view.put("rulesSource", row.get("rules_source"));
        view.put("requestedBy", row.get("requested_by"));
        view.put("selection", row.get("selection"));
        view.put("threads", row.get("threads"));
        Instant started = instantOf(row.get("started_at"));
        Instant finished = instantOf(row.get("finished_at"));
        view.put("startedAt", started == null ? null : started.toString());
        view.put("finishedAt", finished == null ? null : finished.toString());
        view.put("durationMillis", started == null || finished == null ? null
                : java.time.Duration.between(started, finished).toMillis());
        view.put("failure", row.get("failure"));
        view.put("openItems", row.get("open_items"));
        view.put("payments", row.get("payments"));
        Map<String, Object> outcomes = new LinkedHashMap<>();
        outcomes.put("MATCH", row.get("matched"));
        outcomes.put("PARTIAL", row.get("partial"));
        outcomes.put("OVERPAYMENT", row.get("overpayment"));
        outcomes.put("SUGGESTION", row.get("suggestion"));
        outcomes.put("NO_MATCH", row.get("no_match"));
        view.put("byOutcome", outcomes);
        try {
            view.put("byRule", JSON.readTree(String.valueOf(row.get("rule_counts"))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("replay #" + id + " has unreadable rule counts", e);
        }
        return view;
    }

    /**
     * One page of a replay's decisions, by payment event id: those after {@code after}, only {@code outcome} when
     * given, at most {@code limit} (default 100, at most 500). {@code next} is the {@code after} of the next page.
     */
    public Map<String, Object> decisions(Long id, String outcome, Integer limit, Long after) {
        long replayId = requireId(id);
        records.summary(replayId).orElseThrow(() -> new NotFound("no matching replay #" + id));
        String wanted = null;
        if (outcome != null && !outcome.isBlank()) {
            try {
                wanted = Outcome.valueOf(outcome.strip().toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                throw new BadInput("outcome: '" + outcome + "' is not one of " + java.util.Arrays.toString(Outcome.values()));
            }
        }
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new BadInput("limit must be 1.." + MAX_PAGE + ", was " + size);
        }
        List<StoredDecision> page = records.decisions(replayId, wanted, after == null ? 0 : after, size);
        List<Map<String, Object>> items = new ArrayList<>(page.size());
        for (StoredDecision d : page) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("paymentEventId", d.paymentEventId());
            item.put("paymentKey", d.paymentKey());
            item.put("outcome", d.outcome());
            item.put("rule", d.ruleId());
            item.put("rulesVersion", d.rulesVersion());
            try {
                item.put("decision", JSON.readTree(d.decisionJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("replay #" + id + ": unreadable decision of event " + d.paymentEventId(), e);
            }
            items.add(item);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("replay", replayId);
        view.put("decisions", items);
        view.put("next", page.size() == size ? page.get(page.size() - 1).paymentEventId() : null);
        return view;
    }

    /**
     * The replay against the live decisions (match_decision) of the same payment events: how many agree on outcome
     * and rule, how many differ (with the first 20), how many have no live decision yet.
     */
    public Map<String, Object> comparison(Long id) {
        long replayId = requireId(id);
        Map<String, Object> summary = summary(replayId);
        if (!"FINISHED".equals(summary.get("status"))) {
            throw new Conflict("replay #" + id + " is " + summary.get("status") + "; only a finished one compares");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("replay", replayId);
        view.put("rulesVersion", summary.get("rulesVersion"));
        view.putAll(records.comparison(replayId, 20));
        return view;
    }

    /**
     * Deletes a finished or failed replay and its decisions (replays are kept until deleted: a million payments'
     * decisions are about 1.5 GB on PostgreSQL). A running one is a 409.
     */
    public Map<String, Object> delete(Long id) {
        long replayId = requireId(id);
        Map<String, Object> summary = summary(replayId);
        if ("RUNNING".equals(summary.get("status"))) {
            throw new Conflict("replay #" + id + " is running; delete it when it has finished");
        }
        if (!records.delete(replayId)) {
            throw new NotFound("no matching replay #" + id);
        }
        log.info("Matching replay #{} deleted by {}", replayId, operator.current());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("deleted", replayId);
        view.put("decisions", summary.get("payments"));
        return view;
    }

    private static long requireId(Long id) {
        if (id == null || id < 1) {
            throw new BadInput("a replay id is a positive number, was " + id);
        }
        return id;
    }

    private static Instant instantOf(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        return Instant.parse(value.toString());
    }
}
