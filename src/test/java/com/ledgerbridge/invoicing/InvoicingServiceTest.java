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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /** Issues what waits and answers the invoice number issued for {@code orderId}, if any. */
    private Optional<String> issueAllAndFind(long orderId) {
        Map<Long, String> issued = new HashMap<>();
        InvoicingService.IssuedBatch batch;
        do {
            batch = invoicing.issueBatch(BATCH);
            issued.putAll(batch.issued());
        } while (batch.claimed() == BATCH);
        return Optional.ofNullable(issued.get(orderId));
    }

    static final int BATCH = 50;

    private long entryIdFor(String invoiceNumber) {
        return jdbc.sql("select id from journal_entry where source_reference = :n").param("n", invoiceNumber)
                .query(Long.class).single();
    }

    @Test
    void issuesInvoiceAndBalancedEntryOnceAndASecondBatchIssuesNothing() {
        long orderId = orders.store(order("O-" + UUID.randomUUID(), "v1", OrderStatus.BILLABLE)).id();

        String number = issueAllAndFind(orderId).orElseThrow();
        assertThat(invoicing.issueBatch(BATCH).claimed()).isZero();
        assertThat(orders.invoicingStatus(orderId)).contains(OrderStore.InvoicingStatus.INVOICED);

        Map<String, Object> invoice = jdbc.sql("select * from invoice where invoice_number = :n")
                .param("n", number).query().singleRow();
        // 3 x 33.33 = 99.99; 1.5 x 10.01 = 15.015 -> 15.02; tax 13 % per line: 13.00 + 1.95
        assertThat((BigDecimal) invoice.get("net_total")).isEqualByComparingTo("115.01");
        assertThat((BigDecimal) invoice.get("tax_total")).isEqualByComparingTo("14.95");
        assertThat((BigDecimal) invoice.get("gross_total")).isEqualByComparingTo("129.96");
        assertThat(invoice.get("due_date").toString()).isEqualTo(
                ((java.sql.Date) invoice.get("issue_date")).toLocalDate().plusDays(15).toString());
        assertThat(jdbc.sql("select count(*) from invoice_line where invoice_id = :id").param("id", invoice.get("id"))
                .query(Long.class).single()).isEqualTo(2);

        List<Map<String, Object>> lines = jdbc.sql("""
                        select l.account_role, l.debit, l.credit from journal_line l
                        join journal_entry e on e.id = l.entry_id where e.id = :id order by l.line_no
                        """).param("id", entryIdFor(number)).query().listOfRows();
        assertThat(lines).extracting(r -> r.get("account_role"))
                .containsExactly("ACCOUNTS_RECEIVABLE", "REVENUE", "OUTPUT_VAT");
        assertThat((BigDecimal) lines.get(0).get("debit")).isEqualByComparingTo("129.96");
        assertThat((BigDecimal) lines.get(1).get("credit")).isEqualByComparingTo("115.01");
        assertThat((BigDecimal) lines.get(2).get("credit")).isEqualByComparingTo("14.95");
    }

    @Test
    void draftOrdersAndLaterVersionsOfAnInvoicedOrderIssueNothing() {
        String crmId = "O-" + UUID.randomUUID();
        long draft = orders.store(order(crmId, "v1", OrderStatus.DRAFT)).id();
        assertThat(orders.invoicingStatus(draft)).contains(OrderStore.InvoicingStatus.NONE);
        assertThat(issueAllAndFind(orders.store(order(crmId, "v2", OrderStatus.BILLABLE)).id())).isPresent();
        long v3 = orders.store(order(crmId, "v3", OrderStatus.BILLABLE)).id();
        assertThat(issueAllAndFind(v3)).isEmpty();
        assertThat(orders.invoicingStatus(v3)).contains(OrderStore.InvoicingStatus.SKIPPED);
        assertThat(jdbc.sql("select count(*) from invoice where crm_order_id = :id").param("id", crmId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void numbersAreGapFreeWhenAnIssuingTransactionRollsBack() {
        String series = "GAP-" + UUID.randomUUID().toString().substring(0, 8);
        long first = transaction.execute(s -> numbers.take(series, 3));
        assertThatThrownBy(() -> transaction.executeWithoutResult(s -> {
            numbers.take(series, 5);
            throw new IllegalStateException("invoice insert failed");
        })).hasMessage("invoice insert failed");
        long next = transaction.execute(s -> numbers.next(series));
        assertThat(first).isEqualTo(1);
        assertThat(next).isEqualTo(4);
    }

    @Test
    void aBatchTakesConsecutiveNumbersInOrderOfTheOrders() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(orders.store(order("O-" + UUID.randomUUID(), "v1", OrderStatus.BILLABLE)).id());
        }
        var batch = invoicing.issueBatch(BATCH);
        List<Integer> sequence = ids.stream().map(id -> Integer.parseInt(batch.issued().get(id).substring(9))).toList();
        for (int i = 1; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(sequence.get(i - 1) + 1);
        }
    }

    @Test
    void aSupersededVersionIssuesNothingAndTheLaterOneDecides() {
        String crmId = "O-" + UUID.randomUUID();
        long v1 = orders.store(order(crmId, "v1", OrderStatus.BILLABLE)).id();
        long v2 = orders.store(order(crmId, "v2", OrderStatus.CANCELLED)).id();
        assertThat(issueAllAndFind(v1)).isEmpty();
        assertThat(orders.invoicingStatus(v1)).contains(OrderStore.InvoicingStatus.SKIPPED);
        assertThat(orders.invoicingStatus(v2)).contains(OrderStore.InvoicingStatus.NONE);
        assertThat(jdbc.sql("select count(*) from invoice where crm_order_id = :id").param("id", crmId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void twoBillableVersionsInOneBatchGiveOneInvoiceForTheLatest() {
        String crmId = "O-" + UUID.randomUUID();
        long v1 = orders.store(order(crmId, "v1", OrderStatus.BILLABLE)).id();
        long v2 = orders.store(order(crmId, "v2", OrderStatus.BILLABLE)).id();
        var batch = invoicing.issueBatch(BATCH);
        assertThat(batch.issued()).containsKey(v2).doesNotContainKey(v1);
        assertThat(orders.invoicingStatus(v1)).contains(OrderStore.InvoicingStatus.SKIPPED);
    }

    @Test
    void aFreeOrderGetsAZeroInvoiceButNoJournalEntry() {
        SalesOrder free = new SalesOrder("test", "O-" + UUID.randomUUID(), "v1", "CUST-F", null,
                Currency.getInstance("CNY"), LocalDate.of(2026, 11, 20), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, "GIFT", "Free sample", BigDecimal.ONE, BigDecimal.ZERO)));
        String number = issueAllAndFind(orders.store(free).id()).orElseThrow();
        assertThat(jdbc.sql("select count(*) from journal_entry where source_reference = :n")
                .param("n", number).query(Long.class).single()).isZero();
    }

    @Test
    void twoConcurrentStagesShareTheWorkAndInvoiceEachOrderOnce() throws Exception {
        int count = 300;
        for (int i = 0; i < count; i++) {
            orders.store(order("CONC-" + i + "-" + UUID.randomUUID(), "v1", OrderStatus.BILLABLE));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> drains = List.of(pool.submit(() -> drainAll()), pool.submit(() -> drainAll()));
            int handled = 0;
            for (Future<Integer> drain : drains) {
                handled += drain.get(60, TimeUnit.SECONDS);
            }
            assertThat(handled).isGreaterThanOrEqualTo(count);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from invoice where crm_order_id like 'CONC-%'").query(Long.class).single())
                .isEqualTo(count);
        assertThat(jdbc.sql("select count(distinct invoice_number) from invoice where crm_order_id like 'CONC-%'")
                .query(Long.class).single()).isEqualTo(count);
        assertThat(jdbc.sql("select count(*) from sales_order where invoicing_status = 'PENDING'").query(Long.class)
                .single()).isZero();
        // gap-free: the numbers issued this year are exactly 1..n
        List<String> all = jdbc.sql("select invoice_number from invoice").query(String.class).list();
        long max = all.stream().mapToLong(n -> Long.parseLong(n.substring(9))).max().orElseThrow();
        assertThat(max).isEqualTo(all.size());
    }

    private int drainAll() {
        int total = 0;
        int claimed;
        do {
            claimed = invoicing.issueBatch(BATCH).claimed();
            total += claimed;
        } while (claimed > 0);
        return total;
    }

    @Test
    void invoiceNumbersFollowTheConfiguredFormat() {
        long orderId = orders.store(order("O-" + UUID.randomUUID(), "v1", OrderStatus.BILLABLE)).id();
        assertThat(issueAllAndFind(orderId).orElseThrow()).matches("INV-\\d{4}-\\d{6}");
    }
}
