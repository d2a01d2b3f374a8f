package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.reconciliation.matching.IncomingPayment;
import com.ledgerbridge.domain.reconciliation.matching.InvalidRulesException;
import com.ledgerbridge.domain.reconciliation.matching.MatchingEngine;
import com.ledgerbridge.domain.reconciliation.matching.OpenItem;
import com.ledgerbridge.domain.reconciliation.matching.OpenItemBook;
import com.ledgerbridge.domain.reconciliation.matching.PayerDirectory;
import com.ledgerbridge.domain.reconciliation.matching.PaymentDecision;
import com.ledgerbridge.reconciliation.MatchingReplay.ReplayRequest;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Matching replays on H2 and PostgreSQL (subclasses): the stored decisions are the engine's on the same inputs, of
 * every kind; nothing else in the database changes; a bad rules file is refused naming the field and stores
 * nothing; 1 and 2 threads decide the same; decisions page. Each test's payments are received in a window of their
 * own and name invoices and customers of their own, so tests sharing the context do not see each other's.
 */
@DirtiesContext
abstract class MatchingReplayTest extends IntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final AtomicInteger NUMBERS = new AtomicInteger(100_000);
    static final AtomicInteger WINDOWS = new AtomicInteger();
    static final LocalDate ISSUED = LocalDate.of(2026, 11, 1);
    static final LocalDate DUE = LocalDate.of(2026, 11, 30);
    /** 12:00 in Beijing on 21 November: the payments' business day. */
    static final Instant PAID_AT = Instant.parse("2026-11-21T04:00:00Z");

    static void replayProperties(DynamicPropertyRegistry registry, TestDatabase database) {
        configure(registry, database);
        // only the replay's routes: the reconciliation stage must not take the stored RECEIVED events
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/matching-replay.camel.yaml,file:routes/error-handling.camel.yaml");
        registry.add("ledgerbridge.matching.replay.threads", () -> 2);
        registry.add("ledgerbridge.matching.replay.batch-size", () -> 100);
        OperatorTokens.apiToken(registry, 0, "otto", OPERATOR, "OPERATOR");
        OperatorTokens.apiToken(registry, 1, "vic", VIEWER, "VIEWER");
    }

    static final String OPERATOR = "replay-test-operator-token-sandbox-only";
    static final String VIEWER = "replay-test-viewer-token-sandbox-only";

    @Autowired
    MatchingReplay replay;

    @Autowired
    MatchingEngine engine;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestRestTemplate http;

    /** What one test stored: its invoices as open items, its payments in event id order, its receive window. */
    final class World {
        final String tag = "w" + WINDOWS.incrementAndGet();
        final Instant receivedFrom = Instant.parse("2026-11-22T00:00:00Z").plus(WINDOWS.get(), ChronoUnit.HOURS);
        final List<OpenItem> items = new ArrayList<>();
        final List<IncomingPayment> payments = new ArrayList<>();
        final List<Long> eventIds = new ArrayList<>();
        final java.util.Map<String, String> payers = new java.util.HashMap<>();

        Instant receivedTo() {
            return receivedFrom.plus(1, ChronoUnit.HOURS);
        }

        String customer(String name) {
            return tag + "-" + name;
        }

        /** An open invoice of {@code customer}, for {@code gross} of which {@code allocated} is paid. */
        String invoice(String customer, String gross, String allocated, LocalDate due) {
            String number = String.format("INV-2026-%06d", NUMBERS.incrementAndGet());
            String order = "SO-2026-" + NUMBERS.get();
            long orderId = salesOrder(order, customer);
            jdbc.sql("""
                            insert into invoice (invoice_number, sales_order_id, source, crm_order_id, customer_id, currency,
                                                 issue_date, due_date, net_total, tax_total, gross_total, created_at,
                                                 allocated_total)
                            values (:number, :order, 'test', :crm, :customer, 'CNY', :issued, :due, :gross, 0, :gross, :now,
                                    :allocated)
                            """)
                    .param("number", number).param("order", orderId).param("crm", order).param("customer", customer)
                    .param("issued", ISSUED).param("due", due).param("gross", new BigDecimal(gross))
                    .param("now", Timestamp.from(Instant.now())).param("allocated", new BigDecimal(allocated))
                    .update();
            Money total = Money.of(gross, "CNY");
            Money open = total.minus(Money.of(allocated, "CNY"));
            if (open.isPositive()) {
                items.add(OpenItem.invoice(number, order, customer, total, open, ISSUED, due));
            }
            return number;
        }

        /**
         * An open invoice of {@code customer} in instalments of {@code parts} (due {@code due}, then every 30 days),
         * of which {@code allocated} is paid; {@code openByHand} says what is open on each, worked out by the test.
         */
        String instalmentInvoice(String customer, List<String> parts, String allocated, List<String> openByHand,
                LocalDate due) {
            Money gross = parts.stream().map(p -> Money.of(p, "CNY")).reduce(Money.of("0", "CNY"), Money::plus);
            LocalDate last = due.plusDays(30L * (parts.size() - 1));
            String number = invoice(customer, gross.amount().toPlainString(), allocated, last);
            items.removeIf(item -> item.invoiceNumber().equals(number));
            long invoiceId = jdbc.sql("select id from invoice where invoice_number = :n").param("n", number)
                    .query(Long.class).single();
            String order = jdbc.sql("select crm_order_id from invoice where id = :id").param("id", invoiceId)
                    .query(String.class).single();
            for (int k = 0; k < parts.size(); k++) {
                jdbc.sql("""
                                insert into invoice_instalment (invoice_id, instalment_no, due_date, amount)
                                values (:id, :n, :due, :amount)""")
                        .param("id", invoiceId).param("n", k + 1).param("due", due.plusDays(30L * k))
                        .param("amount", new BigDecimal(parts.get(k))).update();
                items.add(OpenItem.instalment(number, k + 1, order, customer, Money.of(parts.get(k), "CNY"),
                        Money.of(openByHand.get(k), "CNY"), ISSUED, due.plusDays(30L * k)));
            }
            return number;
        }

        long salesOrder(String order, String customer) {
            jdbc.sql("""
                            insert into sales_order (source, crm_order_id, crm_version, customer_id, currency, order_date,
                                                     status, received_at)
                            values ('test', :order, '1', :customer, 'CNY', :date, 'BILLABLE', :now)
                            """)
                    .param("order", order).param("customer", customer).param("date", ISSUED)
                    .param("now", Timestamp.from(Instant.now())).update();
            return jdbc.sql("select id from sales_order where crm_order_id = :o").param("o", order).query(Long.class)
                    .single();
        }

        /** A payer seen before: an earlier payment of theirs was applied to a (paid) invoice of {@code customer}. */
        void knownPayer(String payer, String customer) {
            String paid = invoice(customer, "10.00", "10.00", DUE);
            long event = insertPayment(paid, "10.00", payer, null, "RECONCILED", receivedFrom.minus(30, ChronoUnit.DAYS));
            long invoiceId = jdbc.sql("select id from invoice where invoice_number = :n").param("n", paid)
                    .query(Long.class).single();
            jdbc.sql("""
                            insert into allocation (payment_event_id, invoice_id, amount, currency, match_rule, evidence,
                                                    created_at)
                            values (:event, :invoice, 10.00, 'CNY', 'exact-reference', 'test', :now)
                            """)
                    .param("event", event).param("invoice", invoiceId).param("now", Timestamp.from(Instant.now()))
                    .update();
            payers.put(payer, customer);
        }

        /** A RECEIVED payment in this world's window. */
        long payment(String reference, String amount, String payer, String memo) {
            long id = insertPayment(reference, amount, payer, memo, "RECEIVED", receivedFrom.plusSeconds(eventIds.size()));
            eventIds.add(id);
            String trade = jdbc.sql("select gateway_trade_id from payment_event where id = :id").param("id", id)
                    .query(String.class).single();
            payments.add(new IncomingPayment("alipay:" + trade, Money.of(amount, "CNY"),
                    LocalDate.ofInstant(PAID_AT, SHANGHAI), payer, null, reference, memo));
            return id;
        }

        long insertPayment(String reference, String amount, String payer, String memo, String status, Instant received) {
            String trade = tag + "T" + NUMBERS.incrementAndGet();
            jdbc.sql("""
                            insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                                       merchant_reference, amount, currency, occurred_at, payer_id,
                                                       raw_payload, received_at, status, memo)
                            values ('alipay', :key, :notify, 'PAYMENT', :trade, :reference, :amount, 'CNY', :occurredAt,
                                    :payer, 'raw', :received, :status, :memo)
                            """)
                    .param("key", trade + ":PAYMENT").param("notify", "n-" + trade).param("trade", trade)
                    .param("reference", reference).param("amount", new BigDecimal(amount)).param("payer", payer)
                    .param("occurredAt", Timestamp.from(PAID_AT)).param("received", Timestamp.from(received))
                    .param("status", status).param("memo", memo)
                    .update();
            return jdbc.sql("select id from payment_event where gateway_trade_id = :t").param("t", trade)
                    .query(Long.class).single();
        }

        ReplayRequest request(String rules, Integer threads) {
            return new ReplayRequest(rules, null, receivedFrom.toString(), receivedTo().toString(), threads);
        }

        /** What the engine decides in memory on this world's inputs, as canonical JSON. */
        List<String> inMemory() {
            OpenItemBook book = OpenItemBook.of(items);
            return engine.matchAll(payments, book, new PayerDirectory(payers)).stream().map(PaymentDecision::toJson)
                    .toList();
        }
    }

    /**
     * One payment of every kind: exact reference, memo reference, amount + customer, several invoices, unknown; and
     * one whose memo needs escaping.
     */
    World everyKind() {
        World w = new World();
        String a = w.customer("A");
        String b = w.customer("B");
        String a1 = w.invoice(a, "113.00", "0", DUE);
        String a2 = w.invoice(a, "200.00", "0", DUE);
        w.invoice(a, "50.00", "0", DUE.plusDays(3));
        String a4 = w.invoice(a, "30.00", "0", DUE.plusDays(5));
        String b1 = w.invoice(b, "80.00", "20.00", DUE);
        w.knownPayer(w.tag + "-payer-A", a);
        w.payment(a1, "113.00", "2088-" + w.tag + "-1", null);                    // exact reference, in full
        w.payment("ORDER-" + w.tag, "60.00", null, "for invoice " + b1 + ", thanks"); // memo reference: the 60 open
        w.payment(null, "50.00", w.tag + "-payer-A", null);                        // amount + known customer
        w.payment(null, "230.00", null, a2 + " " + a4);                            // two invoices listed in the memo
        w.payment("INV-2099-999999", "12.34", "2088-" + w.tag + "-stranger", null); // names nothing we know
        // a payer id (which the decision's evidence repeats) that COPY and JSON must both escape: a backslash, a
        // tab, a line break, a quote; and not ASCII
        w.payment(null, "5.00", "付款人 C:\\pay\t\"" + w.tag + "\"\nnext line", "备注");
        return w;
    }

    List<String> stored(long replayId) {
        return jdbc.sql("select decision_json from matching_replay_decision where replay_id = :id order by payment_event_id")
                .param("id", replayId).query(String.class).list();
    }

    List<String> outcomesAndRules(long replayId) {
        return jdbc.sql("""
                        select outcome || ' ' || coalesce(rule_id, '-') from matching_replay_decision where replay_id = :id
                        order by payment_event_id
                        """)
                .param("id", replayId).query(String.class).list();
    }

    /** The replay's summary once it is no longer RUNNING (replays run after their request is answered). */
    Map<String, Object> finished(Map<String, Object> started) {
        long deadline = System.currentTimeMillis() + 30_000;
        Map<String, Object> summary = started;
        while ("RUNNING".equals(summary.get("status"))) {
            assertThat(System.currentTimeMillis()).as("replay still running: " + summary).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            summary = replay.summary(id(started));
        }
        return summary;
    }

    static long id(Map<String, Object> summary) {
        return ((Number) summary.get("id")).longValue();
    }

    @Test
    void storesTheDecisionsTheEngineMakesInMemoryOnTheSameInputsForEveryKindOfPayment() {
        World w = everyKind();
        Map<String, Object> summary = finished(replay.start(w.request(null, 1)));

        long id = id(summary);
        assertThat(summary.get("status")).isEqualTo("FINISHED");
        assertThat(summary.get("payments")).isEqualTo(6);
        assertThat(outcomesAndRules(id)).containsExactly(
                "MATCH exact-reference",
                "MATCH exact-reference",
                "MATCH amount-customer-date",
                "MATCH listed-invoices",
                "NO_MATCH -",
                "NO_MATCH -");
        assertThat(stored(id)).containsExactlyElementsOf(w.inMemory());
        assertThat(stored(id).get(5)).contains("\"payer\":\"付款人 C:\\\\pay\\t\\\"" + w.tag + "\\\"\\nnext line\"");
        assertThat(jdbc.sql("select payment_event_id from matching_replay_decision where replay_id = :id order by 1")
                .param("id", id).query(Long.class).list()).containsExactlyElementsOf(w.eventIds);
        @SuppressWarnings("unchecked")
        Map<String, Object> byOutcome = (Map<String, Object>) summary.get("byOutcome");
        assertThat(byOutcome).containsEntry("MATCH", 4).containsEntry("NO_MATCH", 2).containsEntry("PARTIAL", 0);
        assertThat(summary.get("byRule").toString()).contains("\"exact-reference\":{\"MATCH\":2}")
                .contains("\"-\":{\"NO_MATCH\":2}");
        assertThat(summary.get("rulesVersion")).isEqualTo(engine.rules().version());
    }

    @Test
    void invoicesInInstalmentsAreMatchedInstalmentByInstalmentAsLiveReconciliationSeesThem() {
        World w = new World();
        String c = w.customer("I");
        // 90.00 in three instalments of 30.00; 40.00 paid: the first settled, 20.00 open on the second
        String invoice = w.instalmentInvoice(c, List.of("30.00", "30.00", "30.00"), "40.00",
                List.of("0.00", "20.00", "30.00"), DUE);
        w.payment(invoice, "20.00", null, null); // the rest of the second instalment
        Map<String, Object> summary = finished(replay.start(w.request(null, 1)));
        long id = id(summary);
        assertThat(outcomesAndRules(id)).containsExactly("MATCH instalments");
        assertThat(stored(id)).containsExactlyElementsOf(w.inMemory());
        assertThat(stored(id).get(0)).contains("\"item\":\"" + invoice + "#2\"");
    }

    @Test
    void aReplayWhoseInstanceStoppedIsFailedOnceSilentAndCanThenBeDeleted() {
        Timestamp longAgo = Timestamp.from(Instant.now().minus(10, ChronoUnit.MINUTES));
        jdbc.sql("""
                        insert into matching_replay (rules_version, rules_source, requested_by, selection, threads, status,
                                                     started_at, heartbeat_at)
                        values ('v', 'test', 'crashed-instance', 'all', 1, 'RUNNING', :at, :at)""")
                .param("at", longAgo).update();
        long id = jdbc.sql("select max(id) from matching_replay where requested_by = 'crashed-instance'")
                .query(Long.class).single();
        Map<String, Object> summary = replay.summary(id);
        assertThat(summary.get("status")).isEqualTo("FAILED");
        assertThat(String.valueOf(summary.get("failure"))).contains("abandoned");
        replay.delete(id);
        assertThat(jdbc.sql("select count(*) from matching_replay where id = :id").param("id", id).query(Long.class)
                .single()).isZero();
    }

    @Test
    void booksNothingAndChangesNoInvoiceOrPaymentEvent() {
        World w = everyKind();
        String before = databaseState();

        finished(replay.start(w.request(null, 2)));

        assertThat(databaseState()).isEqualTo(before);
    }

    /** Everything a replay must leave alone, as one comparable text. */
    String databaseState() {
        return jdbc.sql("""
                        select (select count(*) from invoice) || '/' || (select sum(allocated_total) from invoice) || '/'
                               || (select count(*) from journal_entry) || '/' || (select count(*) from allocation) || '/'
                               || (select count(*) from match_decision) || '/'
                               || (select count(*) from reconciliation_exception) || '/'
                               || (select count(*) from payment_event where status = 'RECEIVED') || '/'
                               || (select count(*) from payment_event)
                        """).query(String.class).single();
    }

    @Test
    void decidesTheSameAtOneAndTwoThreadsOverSeveralBatches() {
        World w = new World();
        // 30 customers, 4 invoices each; 240 payments (batches of 100): references, amounts of known payers, strangers
        List<List<String>> invoices = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            String customer = w.customer("C" + c);
            List<String> numbers = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                numbers.add(w.invoice(customer, (40 + 10 * k) + ".00", "0", DUE.plusDays(k)));
            }
            invoices.add(numbers);
            w.knownPayer("payer-" + w.tag + "-" + c, customer);
        }
        for (int p = 0; p < 240; p++) {
            int c = (p * 7) % 30;
            switch (p % 4) {
                case 0 -> w.payment(invoices.get(c).get(p % 3), "25.00", null, null);
                case 1 -> w.payment(null, (40 + 10 * (p % 4)) + ".00", "payer-" + w.tag + "-" + c, null);
                case 2 -> w.payment(null, "90.00", null, invoices.get(c).get(0) + "," + invoices.get(c).get(1));
                default -> w.payment(null, "7.00", "nobody-" + p, null);
            }
        }

        long one = id(finished(replay.start(w.request(null, 1))));
        long two = id(finished(replay.start(w.request(null, 2))));

        assertThat(stored(one)).hasSize(240).containsExactlyElementsOf(stored(two))
                .containsExactlyElementsOf(w.inMemory());
        assertThat(jdbc.sql("select threads from matching_replay where id = :id").param("id", two).query(Integer.class)
                .single()).isEqualTo(2);
    }

    @Test
    void aReplayThatFailsHalfWayIsFailedWithItsReasonAndKeepsNoDecision() {
        World w = new World();
        String customer = w.customer("A");
        for (int i = 0; i < 150; i++) { // more than a batch (100): the first batch's decisions are sent before the failure
            w.payment(w.invoice(customer, "10.00", "0", DUE), "10.00", null, null);
        }
        long bad = w.insertPayment(null, "1.2345", null, null, "RECEIVED", w.receivedFrom.plusSeconds(200));

        Map<String, Object> summary = finished(replay.start(w.request(null, 2)));

        assertThat(summary.get("status")).isEqualTo("FAILED");
        assertThat(String.valueOf(summary.get("failure"))).contains("payment event #" + bad).contains("1.2345");
        assertThat(stored(id(summary))).isEmpty();
        assertThat(bad).isGreaterThan(w.eventIds.get(149));
        // the instance takes the next replay
        World next = everyKind();
        assertThat(finished(replay.start(next.request(null, 1))).get("status")).isEqualTo("FINISHED");
    }

    @Test
    void aBadRulesFileIsA400NamingTheFieldAndStoresNothing() throws Exception {
        World w = everyKind();
        String rules = Files.readString(Path.of("mappings/reconciliation/matching-rules.yml"))
                .replace("tolerance-percent: \"0.1\"", "tolerance-percent: \"a lot\"");
        long replaysBefore = jdbc.sql("select count(*) from matching_replay").query(Long.class).single();

        assertThatThrownBy(() -> replay.start(w.request(rules, 1))).isInstanceOf(InvalidRulesException.class)
                .hasMessageContaining("tolerance-percent").hasMessageContaining("amount-customer-date");
        ResponseEntity<String> answer = post(Map.of("rules", rules, "receivedFrom", w.receivedFrom.toString()),
                OPERATOR);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody()).contains("field 'tolerance-percent'").contains("'a lot'");
        assertThat(jdbc.sql("select count(*) from matching_replay").query(Long.class).single()).isEqualTo(replaysBefore);
        assertThat(jdbc.sql("select count(*) from matching_replay_decision").query(Long.class).single())
                .isEqualTo(jdbc.sql("select coalesce(sum(payments), 0) from matching_replay").query(Long.class).single());
    }

    @Test
    void rulesGivenInTheRequestDecideAndTheirVersionIsStored() throws Exception {
        World w = everyKind();
        // without the reference rules, the payment naming its invoice is matched by amount and customer instead
        String rules = Files.readString(Path.of("mappings/reconciliation/matching-rules.yml"))
                .replace("version: \"2026-12-01.1\"", "version: \"what-if-1\"")
                .replace("    kind: EXACT_REFERENCE", "    kind: EXACT_REFERENCE\n    mode: SUGGEST");
        Map<String, Object> summary = finished(replay.start(w.request(rules, 2)));

        assertThat(summary.get("rulesVersion")).isEqualTo("what-if-1");
        assertThat(summary.get("rulesSource")).isEqualTo("request");
        assertThat(outcomesAndRules(id(summary)).get(0)).isEqualTo("SUGGESTION exact-reference");
        assertThat(jdbc.sql("select distinct rules_version from matching_replay_decision where replay_id = :id")
                .param("id", id(summary)).query(String.class).list()).containsExactly("what-if-1");
    }

    @Test
    void decisionsArePagedByPaymentEventAndFilteredByOutcomeOverHttp() throws Exception {
        World w = everyKind();
        ResponseEntity<String> started = post(Map.of("receivedFrom", w.receivedFrom.toString(),
                "receivedTo", w.receivedTo().toString()), OPERATOR);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        long id = JSON.readTree(started.getBody()).path("id").asLong();
        finished(replay.summary(id));

        JsonNode first = get("/operations/matching/replays/" + id + "/decisions?limit=2");
        assertThat(first.path("decisions")).hasSize(2);
        assertThat(first.path("decisions").get(0).path("paymentEventId").asLong()).isEqualTo(w.eventIds.get(0));
        assertThat(first.path("decisions").get(0).path("decision").path("evidence").isArray()).isTrue();
        long next = first.path("next").asLong();
        assertThat(next).isEqualTo(w.eventIds.get(1));
        JsonNode rest = get("/operations/matching/replays/" + id + "/decisions?limit=10&after=" + next);
        assertThat(rest.path("decisions")).extracting(d -> d.path("paymentEventId").asLong())
                .containsExactlyElementsOf(w.eventIds.subList(2, 6));
        assertThat(rest.path("next").isNull()).isTrue();
        JsonNode unmatched = get("/operations/matching/replays/" + id + "/decisions?outcome=no_match&limit=1");
        assertThat(unmatched.path("decisions")).extracting(d -> d.path("paymentEventId").asLong())
                .containsExactly(w.eventIds.get(4));
        JsonNode unmatchedNext = get("/operations/matching/replays/" + id + "/decisions?outcome=NO_MATCH&after="
                + unmatched.path("next").asLong());
        assertThat(unmatchedNext.path("decisions")).extracting(d -> d.path("paymentEventId").asLong())
                .containsExactly(w.eventIds.get(5));
        assertThat(get("/operations/matching/replays/" + id + "/decisions?outcome=PARTIAL").path("decisions")).isEmpty();

        JsonNode summary = get("/operations/matching/replays/" + id);
        assertThat(summary.path("status").asText()).isEqualTo("FINISHED");
        assertThat(summary.path("byRule").path("listed-invoices").path("MATCH").asInt()).isEqualTo(1);
        assertThat(summary.path("durationMillis").isNumber()).isTrue();
        JsonNode comparison = get("/operations/matching/replays/" + id + "/comparison");
        assertThat(comparison.path("replayed").asLong()).isEqualTo(6);
        assertThat(comparison.path("withoutLiveDecision").asLong()).isEqualTo(6);
    }

    @Test
    void comparesWithTheLiveDecisionsOfTheSamePayments() {
        World w = everyKind();
        long id = id(finished(replay.start(w.request(null, 1))));
        // pretend live matching decided the first payment as the replay did, and the last one otherwise
        insertLiveDecision(w.eventIds.get(0), "MATCH", "exact-reference", stored(id).get(0));
        insertLiveDecision(w.eventIds.get(4), "SUGGESTION", "oldest-first", "{}");

        Map<String, Object> comparison = replay.comparison(id);

        assertThat(comparison).containsEntry("replayed", 6L).containsEntry("withLiveDecision", 2L)
                .containsEntry("sameOutcomeAndRule", 1L).containsEntry("differentOutcomeOrRule", 1L)
                .containsEntry("identicalDecision", 1L);
        assertThat(comparison.get("firstDifferences").toString()).contains("oldest-first").contains("NO_MATCH");
    }

    void insertLiveDecision(long eventId, String outcome, String rule, String json) {
        jdbc.sql("""
                        insert into match_decision (payment_event_id, payment_key, outcome, rule_id, rules_version,
                                                    decision_json, created_at)
                        values (:event, 'k', :outcome, :rule, 'v', :json, :now)
                        """)
                .param("event", eventId).param("outcome", outcome).param("rule", rule).param("json", json)
                .param("now", Timestamp.from(Instant.now())).update();
    }

    @Test
    void aViewerReadsReplaysButCannotStartOneAndTheStarterIsRecorded() {
        World w = everyKind();
        Map<String, Object> window = Map.of("receivedFrom", w.receivedFrom.toString(),
                "receivedTo", w.receivedTo().toString());

        assertThat(post(window, null).getStatusCode().value()).isEqualTo(401);
        assertThat(post(window, VIEWER).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> started = post(window, OPERATOR);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        assertThat(started.getBody()).contains("\"requestedBy\":\"otto\"");
        String id = started.getBody().replaceAll("^\\{\"id\":(\\d+),.*$", "$1");
        finished(replay.summary(Long.parseLong(id)));
        assertThat(OperatorTokens.exchange(http, HttpMethod.GET, "/operations/matching/replays/" + id, VIEWER)
                .getStatusCode().value()).isEqualTo(200);
        assertThat(OperatorTokens.exchange(http, HttpMethod.GET, "/operations/matching/replays/999999", VIEWER)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void aDeletedReplayTakesItsDecisionsAlongAndOnlyAnOperatorDeletes() {
        World w = everyKind();
        long kept = id(finished(replay.start(w.request(null, 1))));
        long gone = id(finished(replay.start(w.request(null, 2))));
        String path = "/operations/matching/replays/" + gone;

        assertThat(OperatorTokens.exchange(http, HttpMethod.DELETE, path, VIEWER).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> deleted = OperatorTokens.exchange(http, HttpMethod.DELETE, path, OPERATOR);

        assertThat(deleted.getStatusCode().value()).as(deleted.getBody()).isEqualTo(200);
        assertThat(deleted.getBody()).contains("\"deleted\":" + gone).contains("\"decisions\":6");
        assertThat(stored(gone)).isEmpty();
        assertThat(stored(kept)).hasSize(6);
        assertThat(OperatorTokens.exchange(http, HttpMethod.GET, path, VIEWER).getStatusCode().value()).isEqualTo(404);
        assertThat(OperatorTokens.exchange(http, HttpMethod.DELETE, path, OPERATOR).getStatusCode().value())
                .isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentDescribesTheReplayEndpointsAndTheirRoles() throws Exception {
        ResponseEntity<String> answer = OperatorTokens.exchange(http, HttpMethod.GET, "/operations/openapi.json", null);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        var parsed = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(answer.getBody());
        assertThat(parsed.getMessages()).as("problems the OpenAPI parser reports").isEmpty();
        JsonNode paths = JSON.readTree(answer.getBody()).path("paths");
        assertOperation(paths, "/operations/matching/replays", "post", "OPERATOR");
        assertOperation(paths, "/operations/matching/replays/{id}", "get", "VIEWER");
        assertOperation(paths, "/operations/matching/replays/{id}", "delete", "OPERATOR");
        assertOperation(paths, "/operations/matching/replays/{id}/decisions", "get", "VIEWER");
        assertOperation(paths, "/operations/matching/replays/{id}/comparison", "get", "VIEWER");
        assertThat(paths.path("/operations/matching/replays/{id}/decisions").path("get").path("parameters").toString())
                .contains("\"outcome\"").contains("\"limit\"").contains("\"after\"");
        JsonNode start = paths.path("/operations/matching/replays").path("post");
        assertThat(start.path("summary").asText() + start.path("description").asText())
                .contains("400 naming the rule and field");
    }

    static void assertOperation(JsonNode paths, String path, String method, String role) {
        JsonNode operation = paths.path(path).path(method);
        assertThat(operation.isMissingNode()).as(path + " " + method + " in " + paths).isFalse();
        assertThat(operation.path(com.ledgerbridge.security.OperationsApiDocument.REQUIRED_ROLE).asText()).as(path)
                .isEqualTo(role);
    }

    ResponseEntity<String> post(Map<String, Object> body, String token) {
        var headers = token == null ? new org.springframework.http.HttpHeaders() : OperatorTokens.bearer(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange("/operations/matching/replays", HttpMethod.POST, new HttpEntity<>(body, headers),
                String.class);
    }

    JsonNode get(String path) throws Exception {
        ResponseEntity<String> answer = OperatorTokens.exchange(http, HttpMethod.GET, path, VIEWER);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return JSON.readTree(answer.getBody());
    }
}
