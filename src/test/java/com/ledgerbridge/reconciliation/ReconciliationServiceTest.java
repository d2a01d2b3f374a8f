package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.invoicing.InvoicingService;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.PaymentInbox;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class ReconciliationServiceTest extends IntegrationTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        // drive reconciliation directly; the queue consumer would race the test for the same events
        registry.add("camel.main.routes-include-pattern", () -> "false");
    }

    @Autowired
    ReconciliationService reconciliation;

    @Autowired
    InvoicingService invoicing;

    @Autowired
    OrderStore orders;

    @Autowired
    PaymentInbox inbox;

    @Autowired
    JdbcClient jdbc;

    /** An invoice for 100.00 net + 13.00 VAT = 113.00 CNY. */
    String invoice() {
        SalesOrder order = new SalesOrder("test", "O-" + UUID.randomUUID(), "v1", "CUST-9", null,
                Currency.getInstance("CNY"), LocalDate.of(2026, 11, 1), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, "S", "Consulting", BigDecimal.ONE, new BigDecimal("100.00"))));
        return invoicing.issueInvoice(orders.store(order).id()).orElseThrow().invoiceNumber();
    }

    long payment(String reference, String amount) {
        String trade = "T" + UUID.randomUUID();
        PaymentEvent event = new PaymentEvent("alipay", trade + ":PAYMENT", PaymentEventType.PAYMENT, trade, reference,
                Money.of(amount, "CNY"), Instant.parse("2026-11-21T16:30:00Z"), "2088");
        inbox.store(List.of(event), "n-" + trade, "raw");
        return jdbc.sql("select id from payment_event where event_key = :key").param("key", event.eventKey())
                .query(Long.class).single();
    }

    String status(long eventId) {
        return jdbc.sql("select status from payment_event where id = :id").param("id", eventId).query(String.class).single();
    }

    @Test
    void fullPaymentIsAllocatedAndBookedOnceOnTheBeijingBusinessDay() {
        String number = invoice();
        long event = payment(number, "113.00");
        Long entryId = reconciliation.reconcile(event);
        assertThat(entryId).isNotNull();
        assertThat(reconciliation.reconcile(event)).isNull(); // a second prompt changes nothing

        assertThat(status(event)).isEqualTo("RECONCILED");
        Map<String, Object> allocation = jdbc.sql("select * from allocation where payment_event_id = :id")
                .param("id", event).query().singleRow();
        assertThat((BigDecimal) allocation.get("amount")).isEqualByComparingTo("113.00");
        assertThat(allocation.get("match_rule")).isEqualTo("EXACT_REFERENCE");
        assertThat((String) allocation.get("evidence")).contains(number).contains("113.00");

        Map<String, Object> entry = jdbc.sql("select * from journal_entry where id = :id").param("id", entryId)
                .query().singleRow();
        // 16:30 UTC on the 21st is 00:30 on the 22nd in Beijing
        assertThat(entry.get("entry_date").toString()).isEqualTo("2026-11-22");
        List<Map<String, Object>> lines = jdbc.sql("select account_role, debit, credit from journal_line where entry_id = :id order by line_no")
                .param("id", entryId).query().listOfRows();
        assertThat(lines).extracting(l -> l.get("account_role")).containsExactly("GATEWAY_CLEARING", "ACCOUNTS_RECEIVABLE");
        assertThat((BigDecimal) lines.get(0).get("debit")).isEqualByComparingTo("113.00");
        assertThat((BigDecimal) lines.get(1).get("credit")).isEqualByComparingTo("113.00");
    }

    @Test
    void partialPaymentsAreAppliedUntilTheInvoiceIsSettledThenTheRestIsAnException() {
        String number = invoice();
        assertThat(reconciliation.reconcile(payment(number, "13.00"))).isNotNull();
        assertThat(reconciliation.reconcile(payment(number, "100.00"))).isNotNull();
        long third = payment(number, "0.01");
        assertThat(reconciliation.reconcile(third)).isNull();
        assertThat(status(third)).isEqualTo("EXCEPTION");
        assertThat(jdbc.sql("select reason from reconciliation_exception where payment_event_id = :id").param("id", third)
                .query(String.class).single()).isEqualTo("INVOICE_ALREADY_SETTLED");
    }

    @Test
    void overPaymentAndUnknownInvoiceBecomeExceptionsNotGuesses() {
        String number = invoice();
        long over = payment(number, "113.01");
        long unknown = payment("INV-NOPE-1", "5.00");
        assertThat(reconciliation.reconcile(over)).isNull();
        assertThat(reconciliation.reconcile(unknown)).isNull();
        assertThat(jdbc.sql("select reason from reconciliation_exception where payment_event_id in (:a, :b) order by payment_event_id")
                .param("a", over).param("b", unknown).query(String.class).list())
                .containsExactly("AMOUNT_EXCEEDS_OUTSTANDING", "UNKNOWN_INVOICE");
        assertThat(jdbc.sql("select count(*) from allocation where payment_event_id in (:a, :b)")
                .param("a", over).param("b", unknown).query(Long.class).single()).isZero();
    }
}
