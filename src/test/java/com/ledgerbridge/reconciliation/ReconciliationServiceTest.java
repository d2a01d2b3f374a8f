package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.invoicing.InvoicingService;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
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

class ReconciliationServiceTest extends IntegrationTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        // drive reconciliation directly; the routes would race the test for the same events
        registry.add("camel.main.routes-include-pattern", () -> "false");
    }

    @Autowired
    ReconciliationService reconciliation;

    @Autowired
    InvoicingService invoicing;

    @Autowired
    OrderStore orders;

    @Autowired
    JdbcClient jdbc;

    /** An invoice for 100.00 net + 13.00 VAT = 113.00 CNY. */
    String invoice() {
        return invoice("CUST-9");
    }

    String invoice(String customer) {
        SalesOrder order = new SalesOrder("test", "O-" + UUID.randomUUID(), "v1", customer, null,
                Currency.getInstance("CNY"), LocalDate.of(2026, 11, 1), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, "S", "Consulting", BigDecimal.ONE, new BigDecimal("100.00"))));
        long orderId = orders.store(order).id();
        return invoicing.issueBatch(500).issued().get(orderId);
    }

    /** A payment event as the inbox stores it (status RECEIVED); stored directly, the webhook is tested elsewhere. */
    long payment(String reference, String amount) {
        return payment(reference, amount, "2088");
    }

    long payment(String reference, String amount, String payer) {
        String trade = "T" + UUID.randomUUID();
        jdbc.sql("""
                        insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                                   merchant_reference, amount, currency, occurred_at, payer_id,
                                                   raw_payload, received_at, status)
                        values ('alipay', :key, :notify, 'PAYMENT', :trade, :reference, :amount, 'CNY', :occurredAt, :payer,
                                'raw', :now, 'RECEIVED')
                        """)
                .param("key", trade + ":PAYMENT").param("notify", "n-" + trade).param("trade", trade)
                .param("reference", reference).param("amount", new BigDecimal(amount)).param("payer", payer)
                .param("occurredAt", Timestamp.from(Instant.parse("2026-11-21T16:30:00Z")))
                .param("now", Timestamp.from(Instant.now()))
                .update();
        return jdbc.sql("select id from payment_event where gateway_trade_id = :t").param("t", trade)
                .query(Long.class).single();
    }

    String status(long eventId) {
        return jdbc.sql("select status from payment_event where id = :id").param("id", eventId).query(String.class).single();
    }

    Long entryFor(long eventId) {
        return jdbc.sql("""
                        select e.id from journal_entry e join payment_event p on e.source_reference like p.gateway || ':' || p.gateway_trade_id || '->%'
                        where p.id = :id
                        """).param("id", eventId).query(Long.class).optional().orElse(null);
    }

    @Test
    void fullPaymentIsAllocatedAndBookedOnceOnTheBeijingBusinessDay() {
        String number = invoice();
        long event = payment(number, "113.00");
        var batch = reconciliation.reconcileBatch(500);
        assertThat(batch.claimed()).isEqualTo(1);
        assertThat(batch.journalEntryIds()).hasSize(1);
        assertThat(reconciliation.reconcileBatch(500).claimed()).isZero(); // nothing left: reconciled once

        assertThat(status(event)).isEqualTo("RECONCILED");
        Map<String, Object> allocation = jdbc.sql("select * from allocation where payment_event_id = :id")
                .param("id", event).query().singleRow();
        assertThat((BigDecimal) allocation.get("amount")).isEqualByComparingTo("113.00");
        // the rule of the shipped matching-rules file that decided, and its evidence
        assertThat(allocation.get("match_rule")).isEqualTo("exact-reference");
        assertThat(jdbc.sql("select outcome || ' ' || rule_id from match_decision where payment_event_id = :id")
                .param("id", event).query(String.class).single()).isEqualTo("MATCH exact-reference");
        assertThat((String) allocation.get("evidence")).contains(number).contains("113.00");
        assertThat(jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", number)
                .query(BigDecimal.class).single()).isEqualByComparingTo("113.00");

        long entryId = batch.journalEntryIds().get(0);
        assertThat(entryFor(event)).isEqualTo(entryId);
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
    void partialPaymentsInOneBatchAreAppliedInOrderUntilSettledThenTheRestIsAnException() {
        String number = invoice();
        long first = payment(number, "13.00");
        long second = payment(number, "100.00");
        long third = payment(number, "0.01");
        var batch = reconciliation.reconcileBatch(500);
        assertThat(batch.matched()).isEqualTo(2);
        assertThat(status(first)).isEqualTo("RECONCILED");
        assertThat(status(second)).isEqualTo("RECONCILED");
        assertThat(status(third)).isEqualTo("EXCEPTION");
        assertThat(jdbc.sql("select reason from reconciliation_exception where payment_event_id = :id").param("id", third)
                .query(String.class).single()).isEqualTo("ALREADY_SETTLED");
        assertThat(jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", number)
                .query(BigDecimal.class).single()).isEqualByComparingTo("113.00");
    }

    @Test
    void aLaterBatchSeesWhatAnEarlierOneAllocated() {
        String number = invoice();
        payment(number, "100.00");
        reconciliation.reconcileBatch(500);
        long over = payment(number, "13.02");
        reconciliation.reconcileBatch(500);
        // the second batch sees 13.00 still open: it applies that and holds the 0.02 over as the customer's credit
        assertThat(jdbc.sql("select amount from allocation where payment_event_id = :id").param("id", over)
                .query(BigDecimal.class).single()).isEqualByComparingTo("13.00");
        assertThat(jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", number)
                .query(BigDecimal.class).single()).isEqualByComparingTo("113.00");
        assertThat(jdbc.sql("select outcome from match_decision where payment_event_id = :id").param("id", over)
                .query(String.class).single()).isEqualTo("OVERPAYMENT");
        assertThat(jdbc.sql("select count(*) from reconciliation_exception where payment_event_id = :id").param("id", over)
                .query(Long.class).single()).isZero();
    }

    @Test
    void overPaymentBecomesCreditAndAnUnknownInvoiceAnExceptionNotAGuess() {
        String number = invoice();
        long over = payment(number, "118.01");
        long unknown = payment("INV-NOPE-1", "5.00", "2088-stranger-" + UUID.randomUUID());
        // the over-payment settles its invoice and the 5.01 over is the customer's credit; the payment naming nothing
        // known is credit too, and waits for a person
        assertThat(reconciliation.reconcileBatch(500).journalEntryIds()).hasSize(3);
        assertThat(jdbc.sql("""
                        select l.account_role, sum(l.debit) as debit, sum(l.credit) as credit
                        from journal_line l join journal_entry e on e.id = l.entry_id
                        where e.idempotency_key like 'payment:%:unapplied'
                          and e.source_reference in (select gateway || ':' || gateway_trade_id from payment_event
                                                     where id in (:a, :b))
                        group by l.account_role order by l.account_role
                        """).param("a", over).param("b", unknown).query((rs, n) -> rs.getString(1) + " " + rs.getBigDecimal(2).stripTrailingZeros().toPlainString()
                        + "/" + rs.getBigDecimal(3).stripTrailingZeros().toPlainString()).list())
                .containsExactly("CUSTOMER_CREDIT 0/10.01", "GATEWAY_CLEARING 10.01/0");
        assertThat(jdbc.sql("select reason from reconciliation_exception where payment_event_id in (:a, :b) order by payment_event_id")
                .param("a", over).param("b", unknown).query(String.class).list())
                .containsExactly("UNKNOWN_REFERENCE");
        assertThat(jdbc.sql("select amount from allocation where payment_event_id in (:a, :b)")
                .param("a", over).param("b", unknown).query(BigDecimal.class).list())
                .singleElement().satisfies(a -> assertThat(a).isEqualByComparingTo("113.00"));
    }

    @Test
    void aPaymentWithoutReferenceFromAKnownPayerSettlesTheExactSubsetOfItsCustomersInvoices() {
        String customer = "CUST-" + UUID.randomUUID();
        String payer = "2088" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
        String earlier = invoice(customer);
        payment(earlier, "113.00", payer); // teaches that this payer is this customer
        reconciliation.reconcileBatch(500);
        String first = invoice(customer);
        String second = invoice(customer);

        long both = payment(null, "226.00", payer);
        reconciliation.reconcileBatch(500);

        assertThat(jdbc.sql("""
                        select i.invoice_number from allocation a join invoice i on i.id = a.invoice_id
                        where a.payment_event_id = :id order by i.invoice_number
                        """).param("id", both).query(String.class).list()).containsExactly(first, second);
        Map<String, Object> decision = jdbc.sql("select * from match_decision where payment_event_id = :id")
                .param("id", both).query().singleRow();
        assertThat(decision.get("outcome")).isEqualTo("MATCH");
        assertThat(decision.get("rule_id")).isEqualTo("exact-subset");
        assertThat((String) decision.get("decision_json")).contains(first).contains(second).contains(customer);
        assertThat(status(both)).isEqualTo("RECONCILED");
    }

    @Test
    void anInvoiceNumberInTheMemoSettlesWhenTheMerchantReferenceNamesNoInvoice() {
        String number = invoice();
        long paid = payment("SHOP-ORDER-77", "113.00", "2088" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1000000));
        jdbc.sql("update payment_event set memo = :memo where id = :id")
                .param("memo", "{\"note\":\"pays " + number + "\"}").param("id", paid).update();
        reconciliation.reconcileBatch(500);
        assertThat(jdbc.sql("select i.invoice_number from allocation a join invoice i on i.id = a.invoice_id where a.payment_event_id = :id")
                .param("id", paid).query(String.class).single()).isEqualTo(number);
        assertThat(jdbc.sql("select decision_json from match_decision where payment_event_id = :id").param("id", paid)
                .query(String.class).single()).contains("\"foundIn\":\"MEMO\"").contains(number);
    }

    @Test
    void aFewCentsShortWithinToleranceAreWrittenOffAndMoreStayOpen() {
        String nearly = invoice();
        String short10 = invoice();
        long cents = payment(nearly, "112.97");
        long dimes = payment(short10, "112.90");
        reconciliation.reconcileBatch(500);

        // 0.03 short (tolerance 0.05): settled, the 0.03 written off
        assertThat(jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", nearly)
                .query(BigDecimal.class).single()).isEqualByComparingTo("113.00");
        assertThat(jdbc.sql("""
                        select l.account_role || ' ' || l.debit || '/' || l.credit from journal_line l
                        join journal_entry e on e.id = l.entry_id where e.idempotency_key like :k order by l.line_no
                        """).param("k", "write-off:%->" + nearly).query(String.class).list())
                .containsExactly("WRITE_OFFS 0.0300/0.0000", "ACCOUNTS_RECEIVABLE 0.0000/0.0300");
        assertThat(status(cents)).isEqualTo("RECONCILED");
        // 0.10 short: applied, the rest stays open, nothing written off
        assertThat(jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", short10)
                .query(BigDecimal.class).single()).isEqualByComparingTo("112.90");
        assertThat(jdbc.sql("select count(*) from journal_entry where idempotency_key like :k")
                .param("k", "write-off:%->" + short10).query(Long.class).single()).isZero();
        assertThat(status(dimes)).isEqualTo("RECONCILED");
    }

    @Test
    void twoConcurrentStagesApplyEachEventOnceAndNeverOverAllocate() throws Exception {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            numbers.add(invoice());
        }
        // 10 payments of 11.30 per invoice of 113.00, interleaved, plus one too many per invoice
        for (int round = 0; round < 11; round++) {
            for (String number : numbers) {
                payment(number, "11.30");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> drains = List.of(pool.submit(this::drainAll), pool.submit(this::drainAll));
            for (Future<Integer> drain : drains) {
                drain.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (String number : numbers) {
            assertThat(jdbc.sql("""
                            select coalesce(sum(a.amount), 0) from allocation a join invoice i on i.id = a.invoice_id
                            where i.invoice_number = :n
                            """).param("n", number).query(BigDecimal.class).single()).isEqualByComparingTo("113.00");
            assertThat(jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", number)
                    .query(BigDecimal.class).single()).isEqualByComparingTo("113.00");
        }
        assertThat(jdbc.sql("select count(*) from payment_event where status = 'RECEIVED'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from reconciliation_exception where reason = 'ALREADY_SETTLED'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(20);
    }

    private int drainAll() {
        int total = 0;
        int claimed;
        do {
            claimed = reconciliation.reconcileBatch(37).claimed();
            total += claimed;
        } while (claimed > 0);
        return total;
    }
}
