package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.invoicing.InvoicingService;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The README's demo step: the sandbox payer signs with the committed sandbox key and our webhook accepts it. */
class SandboxAlipayPaymentTest extends IntegrationTest {

    static final int PORT = freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        registry.add("server.port", () -> PORT);
        registry.add("ledgerbridge.gateways.alipay.sandbox.webhook-url", () -> "http://localhost:" + PORT + "/webhooks/alipay");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    InvoicingService invoicing;

    @Autowired
    OrderStore orders;

    @Autowired
    JdbcClient jdbc;

    @Test
    void sandboxPaymentGoesThroughTheRealWebhookAndIsReconciled() {
        SalesOrder order = new SalesOrder("test", "O-" + UUID.randomUUID(), "v1", "CUST-S", null,
                Currency.getInstance("CNY"), LocalDate.of(2026, 11, 1), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, "S", "Widget", BigDecimal.ONE, new BigDecimal("50.00"))));
        long orderId = orders.store(order).id();
        String number = invoicing.issueBatch(500).issued().get(orderId);

        ResponseEntity<String> answer = http.postForEntity("/sandbox/alipay/pay?invoice=" + number, null, String.class);
        assertThat(answer.getBody()).isEqualTo("success");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("""
                        select coalesce(sum(a.amount), 0) from allocation a join invoice i on i.id = a.invoice_id
                        where i.invoice_number = :n""").param("n", number).query(BigDecimal.class).single())
                .isEqualByComparingTo("56.50"));
    }

    @Test
    void sandboxRefusesAnUnknownInvoiceWithoutAnAmountClearly() {
        ResponseEntity<String> answer = http.postForEntity("/sandbox/alipay/pay?invoice=INV-NONE", null, String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody()).contains("no invoice INV-NONE");
    }
}
