package com.ledgerbridge.crm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ledgerbridge.crm.OrderIntake;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.simulators.crm.GenericRestCrmSimulator;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.WatermarkStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The crm-sync-rest routes against a simulated CRM: real camel-http traffic, the real JSONata mapping, the
 * real database and broker. Each test runs direct:crm-sync-rest-run as an operator would.
 */
@ExtendWith(OutputCaptureExtension.class)
class CrmRestSyncTest extends IntegrationTest {

    static final GenericRestCrmSimulator crm = GenericRestCrmSimulator.start();
    static final String EPOCH = "1970-01-01T00:00:00Z";
    static final String T2 = "2026-11-20T02:00:00Z";
    static final String T3 = "2026-11-20T03:00:00Z";
    static final String SOURCE = "generic-rest";
    static final String QUEUE = "jms:queue:orders.billable";

    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = configure(registry, TestDatabase.standard());
        registry.add("camel.main.routes-include-pattern", () -> "file:routes/crm-sync.camel.yaml");
        registry.add("ledgerbridge.sample-data.enabled", () -> "false");
        registry.add("ledgerbridge.crm.csv.enabled", () -> "false");
        registry.add("ledgerbridge.crm.rest.base-url", crm::baseUrl);
        registry.add("ledgerbridge.crm.rest.orders-path", () -> GenericRestCrmSimulator.ORDERS_PATH);
        registry.add("ledgerbridge.crm.rest.token", () -> GenericRestCrmSimulator.TOKEN);
        registry.add("ledgerbridge.crm.rest.page-size", () -> "2");
        // the schedule stays off (enabled=false) unless a test starts the route; then it fires every second
        registry.add("ledgerbridge.crm.rest.cron", () -> "0/1 * * * * ?");
    }

    @AfterAll
    static void stopCrm() {
        crm.close();
    }

    @Autowired
    CamelContext camel;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConsumerTemplate consumer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OrderStore orders;

    @Autowired
    WatermarkStore watermarks;

    @Autowired
    OrderIntake intake;

    @BeforeEach
    void cleanSlate() {
        crm.reset();
        jdbc.sql("delete from sales_order_line").update();
        jdbc.sql("delete from sales_order").update();
        jdbc.sql("delete from sync_watermark").update();
        while (consumer.receiveBody(QUEUE, 200, String.class) != null) {
            // drain what an earlier test left
        }
    }

    RestSyncRun runSync() {
        return producer.requestBody("direct:crm-sync-rest-run", null, RestSyncRun.class);
    }

    @Test
    void storesBothPagesQueuesTheBillableOrdersAndMovesTheWatermark() throws IOException {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.page(EPOCH, 2, false, "0103", "0104");

        RestSyncRun run = runSync();

        assertThat(run.succeeded()).as(run.toString()).isTrue();
        assertThat(run.pagesStored()).isEqualTo(2);
        assertThat(run.newOrders()).isEqualTo(3);
        assertThat(run.newBillable()).isEqualTo(2);
        assertThat(run.rejectedOrders()).isEqualTo(1);
        // SO-2026-0104 was rejected, but it was seen: its modifiedAt is the new watermark
        assertThat(watermarks.find(SOURCE)).contains(Instant.parse(T3));

        assertThat(crmOrderIds()).containsExactly("SO-2026-0101", "SO-2026-0102", "SO-2026-0103");
        SalesOrder first = storedOrder("SO-2026-0101");
        assertThat(first.crmVersion()).isEqualTo("1");
        assertThat(first.customerName()).isEqualTo("上海星河贸易有限公司");
        assertThat(first.currency()).isEqualTo(Currency.getInstance("CNY"));
        assertThat(first.orderDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(first.paymentTermsDays()).isEqualTo(30);
        assertThat(first.status()).isEqualTo(OrderStatus.BILLABLE);
        // amounts exactly as the CRM wrote them, whether JSON numbers or strings
        assertThat(first.lines()).extracting(OrderLine::lineNo, OrderLine::description,
                l -> l.quantity().toPlainString(), l -> l.unitPrice().toPlainString()).containsExactly(
                tuple(1, "Ledgerbridge 专业版 年度订阅", "1", "12345678901.99"),
                tuple(2, "实施服务（人天）", "3.5", "2800"),
                tuple(3, "短信通知包（按条）", "3000", "0.333333"));
        SalesOrder draft = storedOrder("SO-2026-0102");
        assertThat(draft.crmVersion()).as("no version: modifiedAt is the version").isEqualTo("2026-11-20T02:00:00Z");
        assertThat(draft.status()).isEqualTo(OrderStatus.DRAFT);
        SalesOrder confirmed = storedOrder("SO-2026-0103");
        assertThat(confirmed.status()).isEqualTo(OrderStatus.BILLABLE);
        assertThat(confirmed.lines()).extracting(OrderLine::lineNo).containsExactly(1, 2);

        assertThat(billableMessages()).containsExactlyInAnyOrder(idOf("SO-2026-0101"), idOf("SO-2026-0103"));

        List<LoggedRequest> requests = crm.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + GenericRestCrmSimulator.TOKEN);
            assertThat(r.getHeader("Accept")).isEqualTo("application/json");
            assertThat(r.queryParameter("modifiedSince").firstValue()).isEqualTo(EPOCH);
            assertThat(r.queryParameter("pageSize").firstValue()).isEqualTo("2");
        });
        assertThat(requests).extracting(r -> r.queryParameter("page").firstValue()).containsExactly("1", "2");

        List<String> rejects = rejectsFiles();
        assertThat(rejects).singleElement().asString().startsWith("generic-rest-").endsWith("-page-2.rejects.csv");
        String report = Files.readString(dataDir.resolve("out/rejects").resolve(rejects.get(0)), StandardCharsets.UTF_8);
        assertThat(report).startsWith("order_id,version,modified_at,reasons,mapped_order")
                .contains("SO-2026-0104,2,2026-11-20T03:00:00Z,")
                .contains("currency 'RMB' is not an ISO 4217 currency code")
                .contains("lines[0].unitPrice '1,280.00' is not a decimal number");
    }

    @Test
    void runningAgainStoresAndQueuesNothingNew() {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.page(EPOCH, 2, false, "0103", "0104");
        assertThat(runSync().succeeded()).isTrue();
        assertThat(billableMessages()).hasSize(2);
        // inclusive modifiedSince: the CRM sends again what sits at the watermark
        crm.page(T3, 1, false, "0104");

        RestSyncRun again = runSync();

        assertThat(again.succeeded()).as(again.toString()).isTrue();
        assertThat(again.modifiedSinceParameter()).isEqualTo(T3);
        assertThat(again.newOrders()).isZero();
        assertThat(crmOrderIds()).hasSize(3);
        assertThat(billableMessages()).isEmpty();
        assertThat(watermarks.find(SOURCE)).contains(Instant.parse(T3));
    }

    @Test
    void aFailingSecondPageKeepsTheFirstPageAndItsWatermarkAndTheNextRunResumesFromThere(CapturedOutput log) {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.failure(EPOCH, 2, 500, "internal");

        RestSyncRun failed = runSync();

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.failure()).startsWith("page 2: HTTP 500")
                .contains("database unavailable, try again later");
        assertThat(log.getOut()).contains("CRM sync generic-rest FAILED: page 2: HTTP 500");
        assertThat(crmOrderIds()).containsExactly("SO-2026-0101", "SO-2026-0102");
        assertThat(billableMessages()).containsExactly(idOf("SO-2026-0101"));
        assertThat(watermarks.find(SOURCE)).contains(Instant.parse(T2));

        // the CRM is back; SO-2026-0102 and -0103 share the watermark's timestamp and both come again
        crm.reset();
        crm.page(T2, 1, true, "0102", "0103");
        crm.page(T2, 2, false, "0104");

        RestSyncRun resumed = runSync();

        assertThat(resumed.succeeded()).as(resumed.toString()).isTrue();
        assertThat(crm.requests()).allSatisfy(r -> assertThat(r.queryParameter("modifiedSince").firstValue()).isEqualTo(T2));
        assertThat(resumed.newOrders()).isEqualTo(1);
        assertThat(resumed.knownOrders()).isEqualTo(1);
        assertThat(crmOrderIds()).containsExactly("SO-2026-0101", "SO-2026-0102", "SO-2026-0103");
        assertThat(billableMessages()).containsExactly(idOf("SO-2026-0103"));
        assertThat(watermarks.find(SOURCE)).contains(Instant.parse(T3));
    }

    @Test
    void aRefusedTokenStopsTheRunWithTheCrmsOwnErrorAndNeverLogsTheToken(CapturedOutput log) {
        crm.tokenExpired();

        RestSyncRun run = runSync();

        assertThat(run.succeeded()).isFalse();
        assertThat(run.failure()).startsWith("page 1: HTTP 401")
                .contains("check ledgerbridge.crm.rest.token / CRM_API_TOKEN")
                .contains("invalid_token").contains("The access token expired at 2026-11-20T00:00:00Z");
        assertThat(crm.requests()).isNotEmpty();
        assertThat(crmOrderIds()).isEmpty();
        assertThat(watermarks.find(SOURCE)).isEmpty();
        assertThat(log.getAll()).contains("HTTP 401").doesNotContain(GenericRestCrmSimulator.TOKEN);
    }

    @Test
    void rateLimitingStopsTheRunAndSaysWhenToTryAgain() {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.failure(EPOCH, 2, 429, "rate-limited", "Retry-After", "120");

        RestSyncRun run = runSync();

        assertThat(run.succeeded()).isFalse();
        assertThat(run.failure()).startsWith("page 2: HTTP 429").contains("Retry-After 120")
                .contains("600 requests per hour exceeded");
        assertThat(watermarks.find(SOURCE)).contains(Instant.parse(T2));
    }

    @Test
    void aBodyThatIsNotJsonStopsTheRun() {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.malformed(EPOCH, 2);

        RestSyncRun run = runSync();

        assertThat(run.succeeded()).isFalse();
        assertThat(run.failure()).startsWith("page 2: CrmResponseException: page 2 is not valid JSON");
        assertThat(crmOrderIds()).hasSize(2);
        assertThat(watermarks.find(SOURCE)).contains(Instant.parse(T2));
    }

    @Test
    void anEmptyPageEndsTheRunAndLeavesTheWatermarkAlone() {
        crm.page(EPOCH, 1, false);

        RestSyncRun run = runSync();

        assertThat(run.succeeded()).as(run.toString()).isTrue();
        assertThat(run.newOrders()).isZero();
        assertThat(crmOrderIds()).isEmpty();
        assertThat(watermarks.find(SOURCE)).isEmpty();
        assertThat(billableMessages()).isEmpty();
    }

    @Test
    void theScheduleIsOffByDefaultAndRunsTheSyncOnceStarted() throws Exception {
        assertThat(camel.getRouteController().getRouteStatus("crm-sync-rest").isStopped()).isTrue();
        crm.page(EPOCH, 1, false, "0102");
        NotifyBuilder scheduledRun = new NotifyBuilder(camel).fromRoute("crm-sync-rest").whenDone(1).create();

        camel.getRouteController().startRoute("crm-sync-rest");
        try {
            assertThat(scheduledRun.matches(20, TimeUnit.SECONDS)).as("a scheduled sync ran").isTrue();
        } finally {
            camel.getRouteController().stopRoute("crm-sync-rest");
        }

        assertThat(crmOrderIds()).containsExactly("SO-2026-0102");
        assertThat(watermarks.find(SOURCE)).contains(Instant.parse(T2));
    }

    @Test
    void aPageAndItsWatermarkAreStoredTogetherOrNotAtAll() {
        SalesOrder order = new SalesOrder(SOURCE, "SO-X", "1", "C-1", "Acme", Currency.getInstance("CNY"),
                LocalDate.of(2026, 11, 20), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, null, "Licence", BigDecimal.ONE, BigDecimal.TEN)));
        String tooLongForTheWatermarkTable = "x".repeat(41);

        assertThatThrownBy(() -> intake.intakePage(tooLongForTheWatermarkTable, List.of(order), Instant.parse(T3)))
                .isInstanceOf(RuntimeException.class);

        assertThat(crmOrderIds()).as("the order stored before the watermark failed is rolled back").isEmpty();
    }

    List<String> crmOrderIds() {
        return jdbc.sql("select crm_order_id from sales_order order by crm_order_id").query(String.class).list();
    }

    SalesOrder storedOrder(String crmOrderId) {
        return orders.find(idOf(crmOrderId)).orElseThrow();
    }

    long idOf(String crmOrderId) {
        return jdbc.sql("select id from sales_order where crm_order_id = :id").param("id", crmOrderId)
                .query(Long.class).single();
    }

    List<Long> billableMessages() {
        List<Long> ids = new ArrayList<>();
        for (String body = consumer.receiveBody(QUEUE, 1000, String.class); body != null;
                body = consumer.receiveBody(QUEUE, 300, String.class)) {
            ids.add(Long.valueOf(body));
        }
        return ids;
    }

    List<String> rejectsFiles() throws IOException {
        Path dir = dataDir.resolve("out/rejects");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(SOURCE)).sorted().toList();
        }
    }
}
