package com.ledgerbridge.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.InvoiceNumberSeries;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.math.BigDecimal;
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
import org.springframework.transaction.support.TransactionTemplate;

class InvoicingServiceTest extends IntegrationTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
    }

    @Autowired
    InvoicingService invoicing;

    @Autowired
    OrderStore orders;

    @Autowired
    InvoiceNumberSeries numbers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    private SalesOrder order(String id, String version, OrderStatus status) {
        return new SalesOrder("test", id, version, "CUST-1", "客户一", Currency.getInstance("CNY"),
                LocalDate.of(2026, 11, 20), 15, status, List.of(
                        new OrderLine(1, "SKU-1", "Widget", new BigDecimal("3"), new BigDecimal("33.33")),
                        new OrderLine(2, "SKU-2", "Service", new BigDecimal("1.5"), new BigDecimal("10.01"))));
    }

    @Test
    void issuesInvoiceAndBalancedEntryOnceAndRedeliveryIssuesNothing() {
        long orderId = orders.store(order("O-" + UUID.randomUUID(), "v1", OrderStatus.BILLABLE)).id();

        var issued = invoicing.issueInvoice(orderId).orElseThrow();
        assertThat(invoicing.issueInvoice(orderId)).isEmpty();

        Map<String, Object> invoice = jdbc.sql("select * from invoice where invoice_number = :n")
                .param("n", issued.invoiceNumber()).query().singleRow();
        // 3 x 33.33 = 99.99; 1.5 x 10.01 = 15.015 -> 15.02; tax 13 % per line: 13.00 + 1.95
        assertThat((BigDecimal) invoice.get("net_total")).isEqualByComparingTo("115.01");
        assertThat((BigDecimal) invoice.get("tax_total")).isEqualByComparingTo("14.95");
        assertThat((BigDecimal) invoice.get("gross_total")).isEqualByComparingTo("129.96");
        assertThat(invoice.get("due_date").toString()).isEqualTo(
                ((java.sql.Date) invoice.get("issue_date")).toLocalDate().plusDays(15).toString());

        List<Map<String, Object>> lines = jdbc.sql("""
                        select l.account_role, l.debit, l.credit from journal_line l
                        join journal_entry e on e.id = l.entry_id where e.id = :id order by l.line_no
                        """).param("id", issued.journalEntryId()).query().listOfRows();
        assertThat(lines).extracting(r -> r.get("account_role"))
                .containsExactly("ACCOUNTS_RECEIVABLE", "REVENUE", "OUTPUT_VAT");
        assertThat((BigDecimal) lines.get(0).get("debit")).isEqualByComparingTo("129.96");
        assertThat((BigDecimal) lines.get(1).get("credit")).isEqualByComparingTo("115.01");
        assertThat((BigDecimal) lines.get(2).get("credit")).isEqualByComparingTo("14.95");
        assertThat(jdbc.sql("select count(*) from journal_entry where source_reference = :n")
                .param("n", issued.invoiceNumber()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void draftOrdersAndLaterVersionsOfAnInvoicedOrderIssueNothing() {
        String crmId = "O-" + UUID.randomUUID();
        assertThat(invoicing.issueInvoice(orders.store(order(crmId, "v1", OrderStatus.DRAFT)).id())).isEmpty();
        assertThat(invoicing.issueInvoice(orders.store(order(crmId, "v2", OrderStatus.BILLABLE)).id())).isPresent();
        assertThat(invoicing.issueInvoice(orders.store(order(crmId, "v3", OrderStatus.BILLABLE)).id())).isEmpty();
        assertThat(jdbc.sql("select count(*) from invoice where crm_order_id = :id").param("id", crmId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void numbersAreGapFreeWhenAnIssuingTransactionRollsBack() {
        String series = "GAP-" + UUID.randomUUID().toString().substring(0, 8);
        long first = transaction.execute(s -> numbers.next(series));
        assertThatThrownBy(() -> transaction.executeWithoutResult(s -> {
            numbers.next(series);
            throw new IllegalStateException("invoice insert failed");
        })).hasMessage("invoice insert failed");
        long next = transaction.execute(s -> numbers.next(series));
        assertThat(first).isEqualTo(1);
        assertThat(next).isEqualTo(2);
    }

    @Test
    void aPromptForASupersededVersionIssuesNothing() {
        String crmId = "O-" + UUID.randomUUID();
        long v1 = orders.store(order(crmId, "v1", OrderStatus.BILLABLE)).id();
        orders.store(order(crmId, "v2", OrderStatus.CANCELLED));
        assertThat(invoicing.issueInvoice(v1)).isEmpty();
        assertThat(jdbc.sql("select count(*) from invoice where crm_order_id = :id").param("id", crmId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void aFreeOrderGetsAZeroInvoiceButNoJournalEntry() {
        SalesOrder free = new SalesOrder("test", "O-" + UUID.randomUUID(), "v1", "CUST-F", null,
                Currency.getInstance("CNY"), LocalDate.of(2026, 11, 20), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, "GIFT", "Free sample", BigDecimal.ONE, BigDecimal.ZERO)));
        var issued = invoicing.issueInvoice(orders.store(free).id()).orElseThrow();
        assertThat(issued.journalEntryId()).isNull();
        assertThat(jdbc.sql("select count(*) from journal_entry where source_reference = :n")
                .param("n", issued.invoiceNumber()).query(Long.class).single()).isZero();
    }

    @Test
    void theSweepFindsOnlyLatestBillableVersionsWithoutAnInvoice() {
        String invoiced = "O-" + UUID.randomUUID();
        long invoicedId = orders.store(order(invoiced, "v1", OrderStatus.BILLABLE)).id();
        invoicing.issueInvoice(invoicedId);
        String waiting = "O-" + UUID.randomUUID();
        long waitingId = orders.store(order(waiting, "v1", OrderStatus.BILLABLE)).id();
        String cancelled = "O-" + UUID.randomUUID();
        long cancelledV1 = orders.store(order(cancelled, "v1", OrderStatus.BILLABLE)).id();
        orders.store(order(cancelled, "v2", OrderStatus.CANCELLED));

        var due = orders.billableWithoutInvoice(java.time.Instant.now().plusSeconds(5));
        assertThat(due).contains(waitingId).doesNotContain(invoicedId, cancelledV1);
        assertThat(orders.billableWithoutInvoice(java.time.Instant.now().minusSeconds(3600))).doesNotContain(waitingId);
    }

    @Test
    void invoiceNumbersFollowTheConfiguredFormat() {
        long orderId = orders.store(order("O-" + UUID.randomUUID(), "v1", OrderStatus.BILLABLE)).id();
        String number = invoicing.issueInvoice(orderId).orElseThrow().invoiceNumber();
        assertThat(number).matches("INV-\\d{4}-\\d{6}");
    }
}
