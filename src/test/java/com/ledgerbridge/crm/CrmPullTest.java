package com.ledgerbridge.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.simulators.crm.GenericRestCrmSimulator;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.SyncWatermark;
import com.ledgerbridge.storage.WatermarkStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
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
 * Pulls from a simulated generic REST CRM: real camel-http traffic, the real JSONata mapping, the real database.
 * Source "generic-rest" is pulled on demand (its schedule never fires); source "paced" runs on its schedule
 * through the crm-pull route and its error handling, against a CRM of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class CrmPullTest extends IntegrationTest {

    static final GenericRestCrmSimulator crm = GenericRestCrmSimulator.start();
    static final GenericRestCrmSimulator pacedCrm = GenericRestCrmSimulator.start();
    static final String EPOCH = "1970-01-01T00:00:00Z";
    static final String T2 = "2026-11-20T02:00:00Z";
    static final String T3 = "2026-11-20T03:00:00Z";
    static final String SOURCE = "generic-rest";
    static final String WAKE_QUEUE = "jms:queue:work.invoicing";

    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = configure(registry, TestDatabase.standard());
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/crm-sync.camel.yaml,file:routes/error-handling.camel.yaml");
        registry.add("ledgerbridge.crm.sources.csv.enabled", () -> "false");
        source(registry, SOURCE, crm, "0 0 0 1 1 ? 2099");
        source(registry, "paced", pacedCrm, "0/1 * * * * ?");
        // without a Retry-After the back-off would retry after 100 ms: a 2 s wait can only come from the CRM
        registry.add("ledgerbridge.retry.redelivery-delay-ms", () -> "100");
        registry.add("ledgerbridge.retry.maximum-redelivery-delay-ms", () -> "200");
    }

    static void source(DynamicPropertyRegistry registry, String name, GenericRestCrmSimulator simulator, String cron) {
        String key = "ledgerbridge.crm.sources." + name + ".";
        registry.add(key + "type", () -> "generic-rest");
        registry.add(key + "base-url", simulator::baseUrl);
        registry.add(key + "orders-path", () -> GenericRestCrmSimulator.ORDERS_PATH);
        registry.add(key + "token", () -> GenericRestCrmSimulator.TOKEN);
        registry.add(key + "page-size", () -> "2");
        registry.add(key + "overlap", () -> "PT0S");
        registry.add(key + "mapping", () -> "mappings/crm/generic-rest/sales-order.jsonata");
        registry.add(key + "cron", () -> cron);
    }

    @AfterAll
    static void stopCrm() {
        crm.close();
        pacedCrm.close();
    }

    @Autowired
    CamelContext camel;

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

    @Autowired
    CrmPull pull;

    @BeforeEach
    void cleanSlate() {
        crm.reset();
        pacedCrm.reset();
        jdbc.sql("delete from sales_order_line").update();
        jdbc.sql("delete from sales_order").update();
        jdbc.sql("delete from sync_watermark where source = :s").param("s", SOURCE).update();
    }

    @Test
    void storesBothPagesMarksTheBillableOrdersForInvoicingAndMovesTheWatermark() throws IOException {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.page(EPOCH, 2, false, "0103", "0104");

        PullReport run = pull.run(SOURCE);

        assertThat(run.pagesStored()).isEqualTo(2);
        assertThat(run.newVersions()).isEqualTo(3);
        assertThat(run.newBillable()).isEqualTo(2);
        assertThat(run.rejected()).isEqualTo(1);
        // SO-2026-0104 was rejected, but it was seen: its modifiedAt and id are the new watermark
        assertThat(watermarks.find(SOURCE)).contains(new SyncWatermark(Instant.parse(T3), "SO-2026-0104"));

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
        assertThat(storedOrder("SO-2026-0103").lines()).extracting(OrderLine::lineNo).containsExactly(1, 2);

        assertThat(invoicingStatus()).containsExactly(
                tuple("SO-2026-0101", "PENDING"), tuple("SO-2026-0102", "NONE"), tuple("SO-2026-0103", "PENDING"));

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
    void pullingAgainStartsAtTheWatermarkAndStoresNothingNew() {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.page(EPOCH, 2, false, "0103", "0104");
        assertThat(pull.run(SOURCE).newBillable()).isEqualTo(2);
        // inclusive modifiedSince: the CRM sends again what sits at the watermark
        crm.page(T3, 1, false, "0104");

        PullReport again = pull.run(SOURCE);

        assertThat(crm.requests().get(crm.requests().size() - 1).queryParameter("modifiedSince").firstValue()).isEqualTo(T3);
        assertThat(again.newVersions()).isZero();
        assertThat(crmOrderIds()).hasSize(3);
        assertThat(watermarks.find(SOURCE).orElseThrow().modifiedAt()).isEqualTo(Instant.parse(T3));
    }

    @Test
    void aServerErrorOnTheSecondPageIsTransientKeepsTheFirstPageAndTheNextPullResumesFromIt() {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.failure(EPOCH, 2, 500, "internal");

        assertThatThrownBy(() -> pull.run(SOURCE)).isInstanceOf(TransientFailure.class)
                .hasMessageStartingWith("HTTP 500 from GET " + crm.baseUrl())
                .hasMessageContaining("database unavailable, try again later");
        assertThat(crmOrderIds()).containsExactly("SO-2026-0101", "SO-2026-0102");
        assertThat(watermarks.find(SOURCE).orElseThrow().modifiedAt()).isEqualTo(Instant.parse(T2));

        // the CRM is back; SO-2026-0102 and -0103 share the watermark's timestamp and both come again
        crm.reset();
        crm.page(T2, 1, true, "0102", "0103");
        crm.page(T2, 2, false, "0104");

        PullReport resumed = pull.run(SOURCE);

        assertThat(crm.requests()).allSatisfy(r -> assertThat(r.queryParameter("modifiedSince").firstValue()).isEqualTo(T2));
        assertThat(resumed.newVersions()).isEqualTo(1);
        assertThat(resumed.knownVersions()).isEqualTo(1);
        assertThat(crmOrderIds()).containsExactly("SO-2026-0101", "SO-2026-0102", "SO-2026-0103");
        assertThat(watermarks.find(SOURCE).orElseThrow().modifiedAt()).isEqualTo(Instant.parse(T3));
    }

    @Test
    void aRefusedTokenIsPermanentNamesTheSettingAndTheCrmsOwnErrorAndNeverShowsTheToken(CapturedOutput log) {
        crm.tokenExpired();

        assertThatThrownBy(() -> pull.run(SOURCE)).isInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("HTTP 401")
                .hasMessageContaining("check ledgerbridge.crm.sources.generic-rest.token")
                .hasMessageContaining("invalid_token")
                .hasMessageContaining("The access token expired at 2026-11-20T00:00:00Z")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(GenericRestCrmSimulator.TOKEN));
        assertThat(crmOrderIds()).isEmpty();
        assertThat(watermarks.find(SOURCE)).isEmpty();
        assertThat(log.getAll()).doesNotContain(GenericRestCrmSimulator.TOKEN);
    }

    @Test
    void aBodyThatIsNotJsonBreaksTheContractAndStopsThePullWithTheWatermarkWhereItWas() {
        crm.page(EPOCH, 1, true, "0101", "0102");
        crm.malformed(EPOCH, 2);

        assertThatThrownBy(() -> pull.run(SOURCE)).isInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("page 2 is not valid JSON");
        assertThat(crmOrderIds()).hasSize(2);
        assertThat(watermarks.find(SOURCE).orElseThrow().modifiedAt()).isEqualTo(Instant.parse(T2));
    }

    @Test
    void anEmptyPageEndsThePullAndLeavesTheWatermarkAlone() {
        crm.page(EPOCH, 1, false);

        PullReport run = pull.run(SOURCE);

        assertThat(run.newVersions()).isZero();
        assertThat(crmOrderIds()).isEmpty();
        assertThat(watermarks.find(SOURCE)).isEmpty();
    }

    @Test
    void aPageAndItsWatermarkAreStoredTogetherOrNotAtAll() {
        SalesOrder order = new SalesOrder(SOURCE, "SO-X", "1", "C-1", "Acme", Currency.getInstance("CNY"),
                LocalDate.of(2026, 11, 20), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, null, "Licence", BigDecimal.ONE, BigDecimal.TEN)));
        String tooLongForTheWatermarkTable = "x".repeat(41);

        assertThatThrownBy(() -> intake.storePage(tooLongForTheWatermarkTable, List.of(order),
                SyncWatermark.at(Instant.parse(T3)))).isInstanceOf(RuntimeException.class);

        assertThat(crmOrderIds()).as("the order stored before the watermark failed is rolled back").isEmpty();
    }

    /**
     * The scheduled route: a 429 with Retry-After: 2 on page 2 is retried by the error handling, and the next
     * request reaches the CRM no sooner than 2 s later (measured in the CRM's own request journal); the pull then
     * completes from the stored watermark and wakes the invoicing stage.
     */
    @Test
    void aRateLimitedPageIsRetriedNoSoonerThanTheCrmsRetryAfter() {
        pacedCrm.reset();
        pacedCrm.page(EPOCH, 1, true, "0101", "0102");
        pacedCrm.rateLimitedOnce(EPOCH, 2, 2, false, "0103");
        // the retry resumes from the watermark page 1 left (T2)
        pacedCrm.page(T2, 1, true, "0102");
        pacedCrm.page(T2, 2, false, "0103");

        await().atMost(Duration.ofSeconds(30)).until(() -> crmOrderIds("paced").contains("SO-2026-0103"));

        List<ServeEvent> served = pacedCrm.served();
        int limited = indexOfStatus(served, 429);
        assertThat(limited).as("the CRM answered 429 once").isGreaterThanOrEqualTo(0);
        ServeEvent rateLimited = served.get(limited);
        ServeEvent next = served.get(limited + 1);
        long waitedMs = next.getRequest().getLoggedDate().getTime() - rateLimited.getRequest().getLoggedDate().getTime();
        assertThat(waitedMs).as("the next request came %d ms after the 429", waitedMs).isGreaterThanOrEqualTo(2_000);
        assertThat(next.getRequest().queryParameter("modifiedSince").firstValue()).isEqualTo(T2);
        assertThat(watermarks.find("paced")).contains(new SyncWatermark(Instant.parse(T2), "SO-2026-0103"));
        assertThat(consumer.receiveBody(WAKE_QUEUE, 10_000, String.class)).isEqualTo("wake");
    }

    static int indexOfStatus(List<ServeEvent> served, int status) {
        for (int i = 0; i < served.size(); i++) {
            if (served.get(i).getResponse().getStatus() == status) {
                return i;
            }
        }
        return -1;
    }

    List<String> crmOrderIds() {
        return crmOrderIds(SOURCE);
    }

    /** Per source: the paced source's pulls run on their own schedule, whatever test is running. */
    List<String> crmOrderIds(String source) {
        return jdbc.sql("select crm_order_id from sales_order where source = :source order by crm_order_id")
                .param("source", source).query(String.class).list();
    }

    List<org.assertj.core.groups.Tuple> invoicingStatus() {
        return jdbc.sql("select crm_order_id, invoicing_status from sales_order where source = :source order by crm_order_id")
                .param("source", SOURCE).query((rs, n) -> tuple(rs.getString(1), rs.getString(2))).list();
    }

    SalesOrder storedOrder(String crmOrderId) {
        return orders.find(idOf(crmOrderId)).orElseThrow();
    }

    long idOf(String crmOrderId) {
        return jdbc.sql("select id from sales_order where source = :source and crm_order_id = :id").param("source", SOURCE).param("id", crmOrderId)
                .query(Long.class).single();
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
