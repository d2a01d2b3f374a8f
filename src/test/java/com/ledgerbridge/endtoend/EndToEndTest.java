package com.ledgerbridge.endtoend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.simulators.RestLedgerSimulator;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The whole order-to-ledger path with every outside system simulated: orders come from the REST CRM
 * simulator (two pages), become invoices, Alipay notifications (signed by the official SDK) pay them,
 * and the REST ledger simulator must end up with exactly the expected balanced entries, each posted once.
 * Runs once per database (see the subclasses).
 */
@DirtiesContext
abstract class EndToEndTest extends IntegrationTest {

    static final String CRM_TOKEN = "simulated-crm-token";
    static final ObjectMapper JSON = new ObjectMapper();

    static final WireMockServer crm = startCrm();
    static final RestLedgerSimulator ledger = RestLedgerSimulator.start();
    static final AlipaySimulator alipay = new AlipaySimulator();

    static void endToEndProperties(DynamicPropertyRegistry registry, TestDatabase database) {
        configure(registry, database);
        registry.add("ledgerbridge.crm.sources.csv.enabled", () -> false);
        // the REST CRM source; its schedule never fires, the test pulls it on demand
        registry.add("ledgerbridge.crm.sources.generic-rest.type", () -> "generic-rest");
        registry.add("ledgerbridge.crm.sources.generic-rest.base-url", () -> "http://localhost:" + crm.port() + "/api");
        registry.add("ledgerbridge.crm.sources.generic-rest.token", () -> CRM_TOKEN);
        registry.add("ledgerbridge.crm.sources.generic-rest.page-size", () -> 3);
        registry.add("ledgerbridge.crm.sources.generic-rest.mapping", () -> "mappings/crm/generic-rest/sales-order.jsonata");
        registry.add("ledgerbridge.crm.sources.generic-rest.cron", () -> "0 0 0 1 1 ? 2099");
        registry.add("ledgerbridge.ledger.target", () -> "rest");
        registry.add("ledgerbridge.ledger.rest.base-url", ledger::baseUrl);
        registry.add("ledgerbridge.ledger.rest.token", () -> RestLedgerSimulator.TOKEN);
        registry.add("ledgerbridge.gateways.alipay.public-key", alipay::publicKey);
        registry.add("ledgerbridge.gateways.alipay.app-id", () -> AlipaySimulator.APP_ID);
        registry.add("ledgerbridge.gateways.alipay.seller-id", () -> AlipaySimulator.SELLER_ID);
    }

    /** The CRM: page 1 holds two billable orders and a draft, page 2 one more billable order. */
    static WireMockServer startCrm() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        String page1 = """
                {"orders": [
                  {"id": "SO-1", "version": "3", "modifiedAt": "2026-11-20T08:00:00Z", "status": "billable",
                   "orderDate": "2026-11-20", "currency": "CNY", "paymentTermsDays": 30,
                   "customer": {"id": "C-1", "name": "上海星河贸易有限公司"},
                   "lines": [{"lineNo": 1, "sku": "LB-PRO", "description": "专业版 年度订阅", "quantity": 1, "unitPrice": "1000.00"},
                             {"lineNo": 2, "sku": "LB-IMPL", "description": "实施服务（人天）", "quantity": "1.5", "unitPrice": "200.00"}]},
                  {"id": "SO-2", "version": "1", "modifiedAt": "2026-11-20T09:00:00Z", "status": "billable",
                   "orderDate": "2026-11-20", "currency": "CNY",
                   "customer": {"id": "C-2", "name": "Hangzhou Lake Tea Co."},
                   "lines": [{"lineNo": 1, "sku": "TEA", "description": "Tea consulting", "quantity": 2, "unitPrice": 50}]},
                  {"id": "SO-3", "version": "1", "modifiedAt": "2026-11-20T10:00:00Z", "status": "draft",
                   "orderDate": "2026-11-20", "currency": "CNY",
                   "customer": {"id": "C-3", "name": "Draft Ltd"},
                   "lines": [{"lineNo": 1, "sku": "X", "description": "Not yet", "quantity": 1, "unitPrice": 10}]}
                ], "page": {"number": 1, "hasMore": true}}""";
        String page2 = """
                {"orders": [
                  {"id": "SO-4", "version": "2", "modifiedAt": "2026-11-21T08:00:00Z", "status": "billable",
                   "orderDate": "2026-11-21", "currency": "CNY",
                   "customer": {"id": "C-4", "name": "深圳海岸科技"},
                   "lines": [{"lineNo": 1, "sku": "HW", "description": "硬件", "quantity": 3, "unitPrice": "33.33"}]}
                ], "page": {"number": 2, "hasMore": false}}""";
        server.stubFor(get(urlPathEqualTo("/api/orders")).withHeader("Authorization", equalTo("Bearer " + CRM_TOKEN))
                .withQueryParam("page", equalTo("1"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page1)));
        server.stubFor(get(urlPathEqualTo("/api/orders")).withHeader("Authorization", equalTo("Bearer " + CRM_TOKEN))
                .withQueryParam("page", equalTo("2"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page2)));
        return server;
    }

    /** The simulators are shared by the per-database subclasses: each starts with an empty ledger. */
    @BeforeAll
    static void resetSimulators() {
        crm.resetRequests();
        ledger.reset();
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            crm.stop();
            ledger.close();
        }));
    }

    @Autowired
    ProducerTemplate producer;

    @Autowired
    com.ledgerbridge.crm.CrmPull crmPull;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    ResponseEntity<String> notifyAlipay(Map<String, String> signedParams) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Content-Type", "application/x-www-form-urlencoded; text/html; charset=utf-8");
        byte[] body = AlipaySimulator.formBody(signedParams).getBytes(StandardCharsets.US_ASCII);
        return http.postForEntity("/webhooks/alipay", new HttpEntity<>(body, headers), String.class);
    }

    Map<String, String> invoiceNumbersByCrmOrder() {
        Map<String, String> numbers = new HashMap<>();
        jdbc.sql("select crm_order_id, invoice_number from invoice").query()
                .listOfRows().forEach(r -> numbers.put((String) r.get("crm_order_id"), (String) r.get("invoice_number")));
        return numbers;
    }

    /** Idempotency key -> number of create requests the ledger received for it. */
    Map<String, Long> ledgerCreates() {
        return ledger.requests(postRequestedFor(urlPathEqualTo(RestLedgerSimulator.ENTRIES_PATH))).stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("Idempotency-Key"), Collectors.counting()));
    }

    @Test
    void ordersBecomeInvoicesAndPaymentsReachTheLedgerEachExactlyOnce() throws Exception {
        crmPull.pull("generic-rest");
        producer.sendBody("jms:queue:work.invoicing?exchangePattern=InOnly&jmsMessageType=Text", "wake");

        await().atMost(Duration.ofSeconds(30)).until(() -> invoiceNumbersByCrmOrder().size() == 3);
        Map<String, String> invoices = invoiceNumbersByCrmOrder();
        assertThat(invoices).containsOnlyKeys("SO-1", "SO-2", "SO-4"); // the draft is not invoiced
        String inv1 = invoices.get("SO-1"); // 1000 + 300 = 1300.00 net, 169.00 VAT, 1469.00 gross
        String inv2 = invoices.get("SO-2"); // 100.00 net, 13.00 VAT, 113.00 gross
        String inv4 = invoices.get("SO-4");

        Map<String, String> fullPayment = alipay.signed(alipay.paymentNotification(inv1, "1469.00", "utf-8"));
        Map<String, String> partialPayment = alipay.signed(alipay.paymentNotification(inv2, "50.00", "utf-8"));
        Map<String, String> forged = new LinkedHashMap<>(alipay.signed(alipay.paymentNotification(inv4, "1.00", "utf-8")));
        forged.put("total_amount", "112.99"); // tampered after signing
        // from a buyer who never paid before: nothing tells which customer it is (a known payer would be
        // NO_CANDIDATE, decided by how the notifications fall into batches)
        Map<String, String> unknownParams = alipay.paymentNotification("INV-1999-999999", "20.00", "utf-8");
        unknownParams.put("buyer_id", "2088000000009999");
        Map<String, String> unknownInvoice = alipay.signed(unknownParams);

        assertThat(notifyAlipay(fullPayment).getBody()).isEqualTo("success");
        assertThat(notifyAlipay(fullPayment).getBody()).isEqualTo("success"); // Alipay re-sends
        assertThat(notifyAlipay(partialPayment).getBody()).isEqualTo("success");
        ResponseEntity<String> forgedAnswer = notifyAlipay(forged);
        assertThat(forgedAnswer.getStatusCode().value()).isEqualTo(400);
        assertThat(forgedAnswer.getBody()).isNotEqualTo("success");
        assertThat(notifyAlipay(unknownInvoice).getBody()).isEqualTo("success");

        String pay1 = "payment:alipay:" + fullPayment.get("trade_no") + "->" + inv1;
        String pay2 = "payment:alipay:" + partialPayment.get("trade_no") + "->" + inv2;
        // money nobody can apply is still in the books: held as the customer's credit until a person decides
        String heldAsCredit = "payment:alipay:" + unknownInvoice.get("trade_no") + ":unapplied";
        List<String> expectedKeys = List.of("invoice:" + inv1, "invoice:" + inv2, "invoice:" + inv4, pay1, pay2,
                heldAsCredit);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ledgerCreates()).containsOnlyKeys(expectedKeys);
            assertThat(jdbc.sql("select count(*) from reconciliation_exception").query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from journal_entry where posting_status <> 'POSTED'")
                    .query(Long.class).single()).isZero();
        });
        // give a stray duplicate the chance to show itself before counting
        Thread.sleep(1000);
        assertThat(ledgerCreates()).containsOnlyKeys(expectedKeys).allSatisfy((key, creates) -> assertThat(creates)
                .as("creates of %s", key).isEqualTo(1));

        for (String key : expectedKeys) {
            assertBalanced(ledger.stored(key));
        }
        assertThat(amount(ledger.stored("invoice:" + inv1), "debit")).isEqualByComparingTo("1469.00");
        assertThat(amount(ledger.stored("invoice:" + inv2), "debit")).isEqualByComparingTo("113.00");
        assertThat(amount(ledger.stored(pay1), "debit")).isEqualByComparingTo("1469.00");
        assertThat(amount(ledger.stored(pay2), "debit")).isEqualByComparingTo("50.00");

        // the forged notification changed nothing; the unknown one is an exception, not a guess
        assertThat(jdbc.sql("select count(*) from payment_event where gateway_trade_id = :t")
                .param("t", forged.get("trade_no")).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from allocation a join invoice i on i.id = a.invoice_id where i.invoice_number = :n")
                .param("n", inv4).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                        select e.reason from reconciliation_exception e join payment_event p on p.id = e.payment_event_id
                        where p.gateway_trade_id = :t""")
                .param("t", unknownInvoice.get("trade_no")).query(String.class).single()).isEqualTo("UNKNOWN_REFERENCE");
        assertThat(jdbc.sql("select count(*) from payment_event").query(Long.class).single()).isEqualTo(3);

        // and a person sees it in the exceptions report
        JsonNode open = JSON.readTree(OperatorTokens.get(http, "/operations/reconciliation/exceptions"));
        assertThat(open).hasSize(1);
        assertThat(open.get(0).get("reason").asText()).isEqualTo("UNKNOWN_REFERENCE");
        assertThat(open.get(0).get("merchantReference").asText()).isEqualTo("INV-1999-999999");
        assertThat(open.get(0).get("amount").asText()).isEqualTo("20.00");
    }

    static void assertBalanced(JsonNode entry) {
        assertThat(entry).as("entry posted").isNotNull();
        assertThat(amount(entry, "debit")).isEqualByComparingTo(amount(entry, "credit"));
        assertThat(amount(entry, "debit")).isPositive();
    }

    static BigDecimal amount(JsonNode entry, String side) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : entry.get("lines")) {
            sum = sum.add(new BigDecimal(line.get(side).asText()));
        }
        return sum;
    }
}
