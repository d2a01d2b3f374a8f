package com.ledgerbridge.reports;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.ledgerbridge.simulators.SmtpStub;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
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
 * Receivables reports end to end through the operations API on H2 and PostgreSQL (subclasses): ageing buckets at
 * their edges, statements balanced by hand, disputes holding reminders, reminders made once under concurrency and
 * delivered to a WireMock webhook and an SMTP stub once each, retried after a transient failure.
 */
@DirtiesContext
abstract class ReceivablesReportsTest extends IntegrationTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger ORDERS = new AtomicInteger();
    static WireMockServer webhook;
    static SmtpStub smtp;

    static void reportsProperties(DynamicPropertyRegistry registry, TestDatabase database) {
        configure(registry, database);
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/reports.camel.yaml,file:routes/error-handling.camel.yaml");
        webhook = new WireMockServer(wireMockConfig().dynamicPort());
        webhook.start();
        webhook.stubFor(post(urlEqualTo("/reminders")).atPriority(10).willReturn(aResponse().withStatus(200)));
        try {
            smtp = new SmtpStub();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        registry.add("ledgerbridge.reminders.webhook-url", () -> "http://localhost:" + webhook.port() + "/reminders");
        registry.add("ledgerbridge.reminders.email.enabled", () -> true);
        registry.add("ledgerbridge.reminders.email.smtp-host", () -> "127.0.0.1");
        registry.add("ledgerbridge.reminders.email.smtp-port", () -> smtp.port());
        registry.add("ledgerbridge.reminders.retry-delay-seconds", () -> 600);
        // nothing fires by itself during the tests: they drive runs and deliveries
        registry.add("ledgerbridge.reminders.cron", () -> "0 0 9 1 1 ? 2099");
        registry.add("ledgerbridge.reminders.delivery-sweep-ms", () -> 86_400_000);
    }

    @AfterAll
    static void stopSimulators() throws IOException {
        if (webhook != null) {
            webhook.stop();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestRestTemplate http;
    @Autowired
    OverdueReminders reminders;
    @Autowired
    ReminderDelivery delivery;

    // ---- fixtures: rows as the other stages would have written them

    long invoice(String number, String customer, String currency, LocalDate issued, LocalDate due, String gross,
                 String allocated) {
        String order = "ORD-" + number + "-" + ORDERS.incrementAndGet();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                        insert into sales_order (source, crm_order_id, crm_version, customer_id, customer_name, currency,
                                                 order_date, payment_terms_days, status, received_at)
                        values ('test', :order, '1', :customer, :name, :currency, :issued, 30, 'OPEN', :now)
                        """)
                .param("order", order).param("customer", customer).param("name", customer + " Trading")
                .param("currency", currency).param("issued", issued).param("now", now).update();
        long orderId = jdbc.sql("select id from sales_order where crm_order_id = :o").param("o", order)
                .query(Long.class).single();
        jdbc.sql("""
                        insert into invoice (invoice_number, sales_order_id, source, crm_order_id, customer_id,
                                             customer_name, currency, issue_date, due_date, net_total, tax_total,
                                             gross_total, created_at, allocated_total)
                        values (:number, :order, 'test', :crm, :customer, :name, :currency, :issued, :due, :gross, 0,
                                :gross, :now, :allocated)
                        """)
                .param("number", number).param("order", orderId).param("crm", order).param("customer", customer)
                .param("name", customer + " Trading").param("currency", currency).param("issued", issued)
                .param("due", due).param("gross", new BigDecimal(gross)).param("now", now)
                .param("allocated", new BigDecimal(allocated)).update();
        return jdbc.sql("select id from invoice where invoice_number = :n").param("n", number).query(Long.class)
                .single();
    }

    long paymentEvent(String trade, String currency) {
        jdbc.sql("""
                        insert into payment_event (gateway, event_key, event_type, gateway_trade_id, merchant_reference,
                                                   amount, currency, occurred_at, raw_payload, received_at, status)
                        values ('testpay', :key, 'PAYMENT', :trade, null, 0, :currency, :now, '{}', :now, 'RECONCILED')
                        """)
                .param("key", "payment:" + trade).param("trade", trade).param("currency", currency)
                .param("now", Timestamp.from(Instant.now())).update();
        return jdbc.sql("select id from payment_event where event_key = :k").param("k", "payment:" + trade)
                .query(Long.class).single();
    }

    void allocation(long eventId, long invoiceId, String amount, String currency, String at) {
        jdbc.sql("""
                        insert into allocation (payment_event_id, invoice_id, amount, currency, match_rule, evidence,
                                                created_at)
                        values (:event, :invoice, :amount, :currency, 'TEST', 'test', :at)
                        """)
                .param("event", eventId).param("invoice", invoiceId).param("amount", new BigDecimal(amount))
                .param("currency", currency).param("at", Timestamp.from(Instant.parse(at))).update();
    }

    void reversal(String trade, long invoiceId, String amount, String currency, String at) {
        jdbc.sql("""
                        insert into allocation_reversal (refund_key, gateway, gateway_trade_id, invoice_id, amount,
                                                         currency, created_at)
                        values (:key, 'testpay', :trade, :invoice, :amount, :currency, :at)
                        """)
                .param("key", "refund:" + trade + ":" + at).param("trade", trade).param("invoice", invoiceId)
                .param("amount", new BigDecimal(amount)).param("currency", currency)
                .param("at", Timestamp.from(Instant.parse(at))).update();
    }

    JsonNode getJson(String path) throws IOException {
        ResponseEntity<String> answer = OperatorTokens.exchange(http, HttpMethod.GET, path,
                OperatorTokens.DEMO_OPERATOR);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return JSON.readTree(answer.getBody());
    }

    ResponseEntity<String> postJson(String path, String body) {
        var headers = OperatorTokens.bearer(OperatorTokens.DEMO_OPERATOR);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
    }

    // ---- ageing

    @Test
    void ageingBucketsOpenAmountsByDaysPastDueAtTheEdgesPerCurrency() throws IOException {
        LocalDate asOf = LocalDate.of(2026, 6, 30);
        String c = "AGE-1";
        invoice("AGE-0", c, "CNY", asOf.minusDays(30), asOf, "10.00", "0");
        invoice("AGE-1D", c, "CNY", asOf.minusDays(31), asOf.minusDays(1), "1.00", "0");
        invoice("AGE-30", c, "CNY", asOf.minusDays(60), asOf.minusDays(30), "2.00", "0");
        invoice("AGE-31", c, "CNY", asOf.minusDays(61), asOf.minusDays(31), "4.00", "0");
        invoice("AGE-60", c, "CNY", asOf.minusDays(90), asOf.minusDays(60), "8.00", "0");
        invoice("AGE-61", c, "CNY", asOf.minusDays(91), asOf.minusDays(61), "16.00", "0");
        invoice("AGE-90", c, "CNY", asOf.minusDays(120), asOf.minusDays(90), "32.00", "0");
        invoice("AGE-91", c, "CNY", asOf.minusDays(121), asOf.minusDays(91), "64.00", "0");
        // partly paid: 100 - 60 = 40 open, 5 days late
        invoice("AGE-PART", c, "CNY", asOf.minusDays(35), asOf.minusDays(5), "100.00", "60.00");
        // paid in full: not open, not shown
        invoice("AGE-PAID", c, "CNY", asOf.minusDays(35), asOf.minusDays(5), "50.00", "50.00");
        // paid 80, then 30 refunded back onto it (allocated 50): 30 open again, 45 days late
        invoice("AGE-REOPEN", c, "CNY", asOf.minusDays(75), asOf.minusDays(45), "80.00", "50.00");
        // another currency stays apart
        invoice("AGE-USD", c, "USD", asOf.minusDays(130), asOf.minusDays(100), "5.00", "0");
        // issued after the day asked about
        invoice("AGE-LATER", c, "CNY", asOf.plusDays(1), asOf.plusDays(31), "999.00", "0");
        invoice("AGE-OTHER", "AGE-2", "CNY", asOf.minusDays(30), asOf, "7.00", "0");

        JsonNode report = getJson("/operations/reports/ageing?asOf=2026-06-30&customerId=AGE-1");
        assertThat(report.path("asOf").asText()).isEqualTo("2026-06-30");
        JsonNode customers = report.path("customers");
        assertThat(customers).hasSize(2);
        JsonNode cny = customers.get(0);
        assertThat(cny.path("currency").asText()).isEqualTo("CNY");
        // by hand: current 10; 1-30: 1 + 2 + 40; 31-60: 4 + 8 + 30; 61-90: 16 + 32; 90+: 64
        assertThat(cny.path("buckets").path("current").asText()).isEqualTo("10.00");
        assertThat(cny.path("buckets").path("1-30").asText()).isEqualTo("43.00");
        assertThat(cny.path("buckets").path("31-60").asText()).isEqualTo("42.00");
        assertThat(cny.path("buckets").path("61-90").asText()).isEqualTo("48.00");
        assertThat(cny.path("buckets").path("90+").asText()).isEqualTo("64.00");
        assertThat(cny.path("total").asText()).isEqualTo("207.00");
        JsonNode usd = customers.get(1);
        assertThat(usd.path("currency").asText()).isEqualTo("USD");
        assertThat(usd.path("buckets").path("90+").asText()).isEqualTo("5.00");
        assertThat(usd.path("total").asText()).isEqualTo("5.00");
        List<String> numbers = new ArrayList<>();
        report.path("items").forEach(i -> numbers.add(i.path("invoiceNumber").asText() + ":"
                + i.path("bucket").asText() + ":" + i.path("open").asText()));
        assertThat(numbers).containsExactlyInAnyOrder("AGE-0:current:10.00", "AGE-1D:1-30:1.00",
                "AGE-30:1-30:2.00", "AGE-31:31-60:4.00", "AGE-60:31-60:8.00", "AGE-61:61-90:16.00",
                "AGE-90:61-90:32.00", "AGE-91:90+:64.00", "AGE-PART:1-30:40.00", "AGE-REOPEN:31-60:30.00",
                "AGE-USD:90+:5.00");

        // all customers: the other customer's invoice is there, on its own row
        JsonNode all = getJson("/operations/reports/ageing?asOf=2026-06-30");
        List<String> everyone = new ArrayList<>();
        all.path("customers").forEach(t -> everyone.add(t.path("customerId").asText() + " " + t.path("currency").asText()
                + " " + t.path("total").asText()));
        assertThat(everyone).contains("AGE-1 CNY 207.00", "AGE-1 USD 5.00", "AGE-2 CNY 7.00");

        String csv = OperatorTokens.get(http, "/operations/reports/ageing.csv?asOf=2026-06-30&customerId=AGE-1");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(13);
        CSVRecord total = rows.stream().filter(r -> r.get("row").equals("customer_total")
                && r.get("currency").equals("CNY")).findFirst().orElseThrow();
        assertThat(total.get("31-60")).isEqualTo("42.00");
        assertThat(total.get("total")).isEqualTo("207.00");
    }

    @Test
    void badDatesAreRefusedWithTheReason() {
        ResponseEntity<String> answer = OperatorTokens.exchange(http, HttpMethod.GET,
                "/operations/reports/ageing?asOf=30.06.2026", OperatorTokens.DEMO_OPERATOR);
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody()).contains("asOf must be a date");
        assertThat(OperatorTokens.exchange(http, HttpMethod.GET, "/operations/reports/ageing", null)
                .getStatusCode().value()).isEqualTo(401);
    }

    // ---- statement

    @Test
    void statementBalancesByHandWithRefundsAndCreditAtTheDayEdges() throws Exception {
        String c = "STM-1";
        long a = invoice("STM-A", c, "CNY", LocalDate.of(2026, 9, 10), LocalDate.of(2026, 10, 10), "100.00", "75.00");
        long b = invoice("STM-B", c, "CNY", LocalDate.of(2026, 10, 5), LocalDate.of(2026, 11, 4), "200.00", "200.00");
        invoice("STM-C", c, "CNY", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 12, 2), "999.00", "0");
        invoice("STM-U", c, "USD", LocalDate.of(2026, 10, 10), LocalDate.of(2026, 11, 9), "10.00", "0");
        long p1 = paymentEvent("stm-t1", "CNY");
        long p2 = paymentEvent("stm-t2", "CNY");
        allocation(p1, a, "30.00", "CNY", "2026-09-20T02:00:00Z");   // before the period
        allocation(p2, a, "70.00", "CNY", "2026-10-03T01:00:00Z");   // in
        long p3 = paymentEvent("stm-t3", "CNY");
        allocation(p3, b, "150.00", "CNY", "2026-10-31T15:30:00Z");  // 2026-10-31 23:30 in Shanghai: in
        long p4 = paymentEvent("stm-t4", "CNY");
        allocation(p4, b, "50.00", "CNY", "2026-10-31T16:30:00Z");   // 2026-11-01 00:30 in Shanghai: after
        reversal("stm-t2", a, "25.00", "CNY", "2026-10-20T00:00:00Z"); // a refund reopening STM-A: in
        jdbc.sql("""
                insert into payment (gateway, gateway_trade_id, merchant_reference, currency, status, paid_amount,
                                     paid_at, refund_total_seen, refund_increments, dispute_amount, dispute_stage,
                                     closed, booked_paid, booked_refunded, booked_dispute_stage, unapplied_amount,
                                     updated_at)
                values ('testpay', 'stm-t3', 'STM-B', 'CNY', 'PAID', 162.50, :now, 0, 0, 0, 'NONE', false, 162.50, 0,
                        'NONE', 12.50, :now)
                """).param("now", Timestamp.from(Instant.now())).update();

        JsonNode statement = getJson("/operations/reports/customers/STM-1/statement?from=2026-10-01&to=2026-10-31");
        assertThat(statement.path("company").asText()).isEqualTo("Ledgerbridge Demo Co., Ltd.");
        JsonNode accounts = statement.path("accounts");
        assertThat(accounts).hasSize(2);
        JsonNode cny = accounts.get(0);
        // by hand: opening 100 - 30 = 70; + 200 invoiced - (70 + 150) paid + 25 refunded = 75
        assertThat(cny.path("currency").asText()).isEqualTo("CNY");
        assertThat(cny.path("opening").asText()).isEqualTo("70.00");
        assertThat(cny.path("invoiced").asText()).isEqualTo("200.00");
        assertThat(cny.path("paid").asText()).isEqualTo("220.00");
        assertThat(cny.path("refunded").asText()).isEqualTo("25.00");
        assertThat(cny.path("closing").asText()).isEqualTo("75.00");
        assertThat(cny.path("creditHeld").asText()).isEqualTo("12.50");
        List<String> lines = new ArrayList<>();
        cny.path("lines").forEach(l -> lines.add(l.path("date").asText() + " " + l.path("kind").asText() + " "
                + l.path("amount").asText() + " " + l.path("balance").asText()));
        assertThat(lines).containsExactly(
                "2026-10-03 PAYMENT -70.00 0.00",
                "2026-10-05 INVOICE 200.00 200.00",
                "2026-10-20 REFUND 25.00 225.00",
                "2026-10-31 PAYMENT -150.00 75.00");
        JsonNode usd = accounts.get(1);
        assertThat(usd.path("opening").asText()).isEqualTo("0.00");
        assertThat(usd.path("closing").asText()).isEqualTo("10.00");

        String csv = OperatorTokens.get(http, "/operations/reports/customers/STM-1/statement.csv?from=2026-10-01&to=2026-10-31");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows.stream().filter(r -> r.get("kind").equals("CLOSING")).map(r -> r.get("currency") + " "
                + r.get("balance")).toList()).containsExactly("CNY 75.00", "USD 10.00");

        ResponseEntity<byte[]> pdf = http.exchange(
                "/operations/reports/customers/STM-1/statement.pdf?from=2026-10-01&to=2026-10-31", HttpMethod.GET,
                new HttpEntity<>(OperatorTokens.bearer(OperatorTokens.DEMO_OPERATOR)), byte[].class);
        assertThat(pdf.getStatusCode().value()).isEqualTo(200);
        assertThat(pdf.getHeaders().getContentType()).hasToString("application/pdf");
        PdfReader reader = new PdfReader(pdf.getBody());
        String text = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(text).contains("Ledgerbridge Demo Co., Ltd.", "STM-1 Trading", "2026-10-01", "2026-10-31",
                "Closing", "75.00", "STM-B", "12.50");
    }

    @Test
    void aStatementForNobodyIsNotFound() {
        assertThat(OperatorTokens.exchange(http, HttpMethod.GET,
                "/operations/reports/customers/NOBODY/statement?from=2026-10-01&to=2026-10-31",
                OperatorTokens.DEMO_OPERATOR).getStatusCode().value()).isEqualTo(404);
        assertThat(OperatorTokens.exchange(http, HttpMethod.GET,
                "/operations/reports/customers/STM-1/statement?from=2026-10-31&to=2026-10-01",
                OperatorTokens.DEMO_OPERATOR).getStatusCode().value()).isEqualTo(400);
    }

    // ---- disputes and reminders

    LocalDate today() {
        return LocalDate.now(SHANGHAI);
    }

    List<Integer> stages(long invoiceId) {
        return jdbc.sql("select days_past_due from reminder_event where invoice_id = :i order by days_past_due")
                .param("i", invoiceId).query(Integer.class).list();
    }

    String status(long invoiceId, String column) {
        return jdbc.sql("select " + column + " from reminder_event where invoice_id = :i").param("i", invoiceId)
                .query(String.class).single();
    }

    int webhookCalls(String invoiceNumber) {
        return webhook.findAll(postRequestedFor(urlEqualTo("/reminders"))
                .withRequestBody(containing("\"" + invoiceNumber + "\""))).size();
    }

    long mails(String invoiceNumber) {
        return smtp.messages().stream().filter(m -> m.data().contains("invoice " + invoiceNumber + " ")).count();
    }

    @Test
    void remindersAtTheirStagesOnceAndNeverForPaidOrDisputedInvoices() throws Exception {
        LocalDate today = today();
        long due1 = invoice("REM-DUE1", "REM-1", "CNY", today.minusDays(31), today.minusDays(1), "10.00", "0");
        long due10 = invoice("REM-DUE10", "REM-1", "CNY", today.minusDays(40), today.minusDays(10), "20.00", "5.00");
        long paid = invoice("REM-PAID", "REM-1", "CNY", today.minusDays(40), today.minusDays(10), "30.00", "30.00");
        long notYet = invoice("REM-TODAY", "REM-1", "CNY", today.minusDays(30), today, "40.00", "0");
        long disputed = invoice("REM-DISP", "REM-1", "CNY", today.minusDays(33), today.minusDays(3), "50.00", "0");

        ResponseEntity<String> opened = postJson("/operations/reports/disputes",
                "{\"invoiceNumber\": \"REM-DISP\", \"reason\": \"goods arrived damaged\"}");
        assertThat(opened.getStatusCode().value()).as(opened.getBody()).isEqualTo(200);
        JsonNode dispute = JSON.readTree(opened.getBody());
        assertThat(dispute.path("created").asBoolean()).isTrue();
        assertThat(dispute.path("status").asText()).isEqualTo("OPEN");
        // the same dispute again is acknowledged, not a second one
        JsonNode again = JSON.readTree(postJson("/operations/reports/disputes",
                "{\"invoiceNumber\": \"REM-DISP\", \"reason\": \"again\"}").getBody());
        assertThat(again.path("created").asBoolean()).isFalse();
        assertThat(again.path("id").asLong()).isEqualTo(dispute.path("id").asLong());
        assertThat(postJson("/operations/reports/disputes", "{\"invoiceNumber\": \"REM-DISP\"}")
                .getStatusCode().value()).isEqualTo(400);
        assertThat(postJson("/operations/reports/disputes", "{\"invoiceNumber\": \"NO-SUCH\", \"reason\": \"x\"}")
                .getStatusCode().value()).isEqualTo(404);

        reminders.makeDue(today);
        reminders.makeDue(today);
        assertThat(stages(due1)).containsExactly(1);
        assertThat(stages(due10)).containsExactly(7);
        assertThat(stages(paid)).isEmpty();
        assertThat(stages(notYet)).isEmpty();
        assertThat(stages(disputed)).isEmpty();

        delivery.deliverDue();
        delivery.deliverDue();
        assertThat(webhookCalls("REM-DUE1")).isEqualTo(1);
        assertThat(webhookCalls("REM-DUE10")).isEqualTo(1);
        assertThat(webhookCalls("REM-PAID")).isZero();
        assertThat(webhookCalls("REM-DISP")).isZero();
        assertThat(mails("REM-DUE1")).isEqualTo(1);
        assertThat(mails("REM-DUE10")).isEqualTo(1);
        assertThat(status(due10, "webhook_status")).isEqualTo("SENT");
        assertThat(status(due10, "email_status")).isEqualTo("SENT");
        JsonNode body = JSON.readTree(webhook.findAll(postRequestedFor(urlEqualTo("/reminders"))
                .withRequestBody(containing("\"REM-DUE10\""))).get(0).getBodyAsString());
        assertThat(body.path("openAmount").asText()).isEqualTo("15.00");
        assertThat(body.path("daysPastDue").asInt()).isEqualTo(7);

        // resolved: the dispute no longer holds the invoice's reminders
        ResponseEntity<String> resolved = postJson("/operations/reports/disputes/" + dispute.path("id").asLong()
                + "/resolve", "{\"resolution\": \"replacement shipped, invoice stands\"}");
        assertThat(resolved.getStatusCode().value()).as(resolved.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(resolved.getBody()).path("status").asText()).isEqualTo("RESOLVED");
        reminders.makeDue(today);
        assertThat(stages(disputed)).containsExactly(1);
        assertThat(jdbc.sql("select count(*) from audit_event where subject_id = 'REM-DISP'")
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select action from audit_event where subject_id = 'REM-DISP' order by sequence")
                .query(String.class).list())
                .containsExactly("receivables.dispute.open", "receivables.dispute.resolve");
        JsonNode listed = getJson("/operations/reports/customers/REM-1/disputes");
        assertThat(listed).hasSize(1);
        assertThat(getJson("/operations/reports/customers/REM-1/disputes?open=true")).isEmpty();
        assertThat(listed.get(0).path("resolvedBy").asText()).isNotBlank();
    }

    void instalment(long invoiceId, int number, LocalDate due, String amount) {
        jdbc.sql("""
                        insert into invoice_instalment (invoice_id, instalment_no, due_date, amount)
                        values (:invoice, :n, :due, :amount)
                        """)
                .param("invoice", invoiceId).param("n", number).param("due", due)
                .param("amount", new BigDecimal(amount)).update();
    }

    @Test
    void instalmentsAreAgedAndRemindedEachByItsOwnDueDate() throws Exception {
        LocalDate today = today();
        // 90.00 in three instalments of 30.00; 35.00 paid settles the first and 5.00 of the second
        long invoice = invoice("INST-1", "INST-C", "CNY", today.minusDays(70), today.plusDays(20), "90.00", "35.00");
        instalment(invoice, 1, today.minusDays(40), "30.00");
        instalment(invoice, 2, today.minusDays(10), "30.00");
        instalment(invoice, 3, today.plusDays(20), "30.00");

        JsonNode report = getJson("/operations/reports/ageing?asOf=" + today + "&customerId=INST-C");
        JsonNode items = report.path("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("instalment").asInt()).isEqualTo(2);
        assertThat(items.get(0).path("open").asText()).isEqualTo("25.00");
        assertThat(items.get(0).path("bucket").asText()).isEqualTo("1-30");
        assertThat(items.get(0).path("daysPastDue").asInt()).isEqualTo(10);
        assertThat(items.get(1).path("instalment").asInt()).isEqualTo(3);
        assertThat(items.get(1).path("bucket").asText()).isEqualTo("current");
        assertThat(report.path("customers").get(0).path("total").asText()).isEqualTo("55.00");

        reminders.makeDue(today);
        reminders.makeDue(today);
        // the paid first instalment is not reminded, the second at its 7-day stage, the third is not due
        assertThat(jdbc.sql("""
                        select instalment_no || ':' || days_past_due from reminder_event where invoice_id = :i
                        """).param("i", invoice).query(String.class).list()).containsExactly("2:7");
        delivery.deliverDue();
        JsonNode body = JSON.readTree(webhook.findAll(postRequestedFor(urlEqualTo("/reminders"))
                .withRequestBody(containing("\"INST-1\""))).get(0).getBodyAsString());
        assertThat(body.path("instalment").asInt()).isEqualTo(2);
        assertThat(body.path("openAmount").asText()).isEqualTo("25.00");
        assertThat(mails("INST-1")).isEqualTo(1);
    }

    @Test
    void aReminderForAnInvoicePaidOrDisputedBeforeDeliveryIsNotSent() {
        LocalDate today = today();
        long paidLater = invoice("REM-LATE-PAID", "REM-2", "CNY", today.minusDays(31), today.minusDays(2), "10.00", "0");
        long disputedLater = invoice("REM-LATE-DISP", "REM-2", "CNY", today.minusDays(31), today.minusDays(2), "10.00",
                "0");
        reminders.makeDue(today);
        assertThat(stages(paidLater)).containsExactly(1);
        jdbc.sql("update invoice set allocated_total = gross_total where id = :i").param("i", paidLater).update();
        assertThat(postJson("/operations/reports/disputes",
                "{\"invoiceNumber\": \"REM-LATE-DISP\", \"reason\": \"price differs from the quote\"}")
                .getStatusCode().value()).isEqualTo(200);
        delivery.deliverDue();
        assertThat(status(paidLater, "webhook_status")).isEqualTo("CANCELLED");
        assertThat(status(disputedLater, "webhook_status")).isEqualTo("PENDING");
        assertThat(webhookCalls("REM-LATE-PAID")).isZero();
        assertThat(webhookCalls("REM-LATE-DISP")).isZero();
        assertThat(mails("REM-LATE-DISP")).isZero();
    }

    @Test
    void theRunEndpointMakesAndDeliversAndNeedsAToken() throws Exception {
        LocalDate today = today();
        long id = invoice("REM-RUN", "REM-5", "CNY", today.minusDays(60), today.minusDays(30), "9.99", "0");
        ResponseEntity<String> run = postJson("/operations/reports/reminders/run", "");
        assertThat(run.getStatusCode().value()).as(run.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(run.getBody()).path("made").asInt()).isPositive();
        assertThat(stages(id)).containsExactly(30);
        assertThat(status(id, "webhook_status")).isEqualTo("SENT");
        assertThat(webhookCalls("REM-RUN")).isEqualTo(1);
        assertThat(OperatorTokens.exchange(http, HttpMethod.POST, "/operations/reports/reminders/run", null)
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void twoRunsAtOnceMakeEachReminderOnce() throws Exception {
        LocalDate today = today();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(invoice("REM-CONC-" + i, "REM-3", "CNY", today.minusDays(40), today.minusDays(8), "1.00", "0"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return reminders.makeDue(today);
                }));
            }
            start.countDown();
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (long id : ids) {
            assertThat(stages(id)).as("invoice %d", id).containsExactly(7);
        }
        // two deliveries at once: each reminder goes out once
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = List.of(senders.submit(delivery::deliverDue),
                    senders.submit(delivery::deliverDue));
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            senders.shutdownNow();
        }
        for (int i = 0; i < 30; i++) {
            assertThat(webhookCalls("REM-CONC-" + i)).as("REM-CONC-%d", i).isEqualTo(1);
            assertThat(mails("REM-CONC-" + i)).as("REM-CONC-%d", i).isEqualTo(1);
        }
    }

    @Test
    void aTransientWebhookFailureIsRetriedWithoutMailingTwice() throws Exception {
        webhook.stubFor(post(urlEqualTo("/reminders")).atPriority(1).withRequestBody(containing("REM-RETRY"))
                .inScenario("retry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        webhook.stubFor(post(urlEqualTo("/reminders")).atPriority(1).withRequestBody(containing("REM-RETRY"))
                .inScenario("retry").whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));
        LocalDate today = today();
        long id = invoice("REM-RETRY", "REM-4", "CNY", today.minusDays(31), today.minusDays(1), "10.00", "0");
        reminders.makeDue(today);
        delivery.deliverDue();
        assertThat(status(id, "webhook_status")).isEqualTo("PENDING");
        assertThat(status(id, "email_status")).isEqualTo("SENT");
        // not due again yet: nothing is sent
        delivery.deliverDue();
        assertThat(webhookCalls("REM-RETRY")).isEqualTo(1);
        // the retry delay passes
        jdbc.sql("update reminder_event set next_attempt_at = :past where invoice_id = :i")
                .param("past", Timestamp.from(Instant.now().minusSeconds(1))).param("i", id).update();
        delivery.deliverDue();
        assertThat(status(id, "webhook_status")).isEqualTo("SENT");
        assertThat(webhookCalls("REM-RETRY")).isEqualTo(2);
        assertThat(mails("REM-RETRY")).isEqualTo(1);
        JsonNode listed = getJson("/operations/reports/reminders?customerId=REM-4");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("attempts").asInt()).isEqualTo(2);
        assertThat(listed.get(0).path("webhookStatus").asText()).isEqualTo("SENT");
    }
}
