package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.domain.payment.PaymentEventKeys;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.invoicing.InvoicingService;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.PaymentStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Refunds, disputes and out-of-order notifications through reconciliation, on the real schema: each money movement
 * of a payment is booked once, balanced, on the right accounts, and the invoice it touched is reopened as much as
 * the refund took back.
 */
class PaymentLifecycleReconciliationTest extends IntegrationTest {

    private static final Currency CNY = Currency.getInstance("CNY");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        registry.add("camel.main.routes-include-pattern", () -> "false");
    }

    @Autowired
    ReconciliationService reconciliation;

    @Autowired
    InvoicingService invoicing;

    @Autowired
    OrderStore orders;

    @Autowired
    PaymentStore payments;

    @Autowired
    JdbcClient jdbc;

    /** An invoice for 113.00 CNY gross. */
    String invoice() {
        SalesOrder order = new SalesOrder("test", "O-" + UUID.randomUUID(), "v1", "CUST-7", null, CNY,
                LocalDate.of(2026, 11, 1), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, "S", "Consulting", BigDecimal.ONE, new BigDecimal("100.00"))));
        long orderId = orders.store(order).id();
        return invoicing.issueBatch(500).issued().get(orderId);
    }

    /** Stores an event as the inbox does; returns false when its key was stored before. */
    boolean event(String trade, PaymentEventType type, String key, String reference, String amount, String currency,
            String movementId) {
        return jdbc.sql("""
                        insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                                   merchant_reference, amount, currency, occurred_at, raw_payload,
                                                   received_at, status, movement_id)
                        values ('testpay', :key, 'n', :type, :trade, :reference, :amount, :currency, :at, 'raw', :at,
                                'RECEIVED', :movement)
                        on conflict do nothing
                        """)
                .param("key", key).param("type", type.name()).param("trade", trade).param("reference", reference)
                .param("amount", new BigDecimal(amount)).param("currency", currency)
                .param("at", Timestamp.from(Instant.parse("2026-11-20T03:00:00Z"))).param("movement", movementId)
                .update() == 1;
    }

    void paid(String trade, String reference, String amount) {
        event(trade, PaymentEventType.PAYMENT, PaymentEventKeys.payment(trade), reference, amount, "CNY", null);
    }

    void refundedInAll(String trade, String reference, String total) {
        event(trade, PaymentEventType.REFUND_TOTAL, PaymentEventKeys.refundTotal(trade, Money.of(total, "CNY")),
                reference, total, "CNY", "R-" + total);
    }

    void dispute(String trade, PaymentEventType stage, String amount) {
        event(trade, stage, PaymentEventKeys.dispute(trade, "dp_1", stage), null, amount, "CNY", "dp_1");
    }

    void drain() {
        while (reconciliation.reconcileBatch(50).claimed() > 0) {
            // until nothing is waiting
        }
    }

    /** Every entry of this payment: key -> "ROLE debit/credit" lines, with its balance checked. */
    Map<String, List<String>> entries(String trade) {
        Map<String, List<String>> entries = new java.util.TreeMap<>();
        jdbc.sql("""
                        select e.idempotency_key, l.account_role, l.debit, l.credit from journal_entry e
                        join journal_line l on l.entry_id = e.id
                        where e.source_reference like :ref order by e.idempotency_key, l.line_no
                        """).param("ref", "testpay:" + trade + "%")
                .query(rs -> {
                    entries.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2) + " "
                            + plain(rs.getBigDecimal(3)) + "/" + plain(rs.getBigDecimal(4)));
                });
        return entries;
    }

    static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    BigDecimal allocatedTotal(String invoice) {
        return jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", invoice)
                .query(BigDecimal.class).single();
    }

    String status(String trade) {
        return payments.find("testpay", trade).orElseThrow().status().name();
    }

    @Test
    void partialRefundsReportedAsCumulativeTotalsBookTheDeltaAndReopenTheInvoice() {
        String invoice = invoice();
        String trade = "T-" + UUID.randomUUID();
        paid(trade, invoice, "113.00");
        drain();
        assertThat(status(trade)).isEqualTo("PAID");
        refundedInAll(trade, invoice, "30.00");
        refundedInAll(trade, invoice, "30.00"); // the same total again (a resend): nothing more
        drain();
        refundedInAll(trade, invoice, "50.00");
        drain();

        assertThat(entries(trade)).containsOnlyKeys("payment:testpay:" + trade + "->" + invoice,
                "refund:testpay:" + trade + ":to:3000", "refund:testpay:" + trade + ":to:5000");
        assertThat(entries(trade).get("refund:testpay:" + trade + ":to:3000"))
                .containsExactly("ACCOUNTS_RECEIVABLE 30/0", "GATEWAY_CLEARING 0/30");
        assertThat(entries(trade).get("refund:testpay:" + trade + ":to:5000"))
                .containsExactly("ACCOUNTS_RECEIVABLE 20/0", "GATEWAY_CLEARING 0/20");
        assertThat(allocatedTotal(invoice)).isEqualByComparingTo("63.00");
        assertThat(status(trade)).isEqualTo("PARTIALLY_REFUNDED");
    }

    @Test
    void aRefundBeforeItsPaymentWaitsThenBothAreBooked() {
        String invoice = invoice();
        String trade = "T-" + UUID.randomUUID();
        refundedInAll(trade, invoice, "113.00");
        drain();
        assertThat(entries(trade)).isEmpty();
        assertThat(status(trade)).isEqualTo("PENDING");

        paid(trade, invoice, "113.00");
        drain();
        assertThat(entries(trade)).containsOnlyKeys("payment:testpay:" + trade + "->" + invoice,
                "refund:testpay:" + trade + ":to:11300");
        assertThat(allocatedTotal(invoice)).isEqualByComparingTo("0.00");
        assertThat(status(trade)).isEqualTo("REFUNDED");
    }

    @Test
    void aRefundOfMoneyHeldAsCreditGivesTheCreditBack() {
        String trade = "T-" + UUID.randomUUID();
        paid(trade, "INV-NOBODY", "40.00");
        drain();
        refundedInAll(trade, "INV-NOBODY", "40.00");
        drain();
        assertThat(entries(trade)).containsOnlyKeys("payment:testpay:" + trade + ":unapplied",
                "refund:testpay:" + trade + ":to:4000");
        assertThat(entries(trade).get("refund:testpay:" + trade + ":to:4000"))
                .containsExactly("CUSTOMER_CREDIT 40/0", "GATEWAY_CLEARING 0/40");
        assertThat(payments.find("testpay", trade).orElseThrow().unapplied().isZero()).isTrue();
    }

    @Test
    void aLostDisputeIsWithdrawnThenWrittenOffEvenWhenTheVerdictArrivesFirst() {
        String invoice = invoice();
        String trade = "T-" + UUID.randomUUID();
        paid(trade, invoice, "113.00");
        dispute(trade, PaymentEventType.DISPUTE_LOST, "113.00");
        drain();
        assertThat(status(trade)).isEqualTo("DISPUTE_LOST");
        dispute(trade, PaymentEventType.DISPUTE_OPENED, "113.00"); // the late "created" changes nothing
        drain();
        assertThat(status(trade)).isEqualTo("DISPUTE_LOST");
        String prefix = "dispute:testpay:" + trade + ":dp_1";
        assertThat(entries(trade)).containsOnlyKeys("payment:testpay:" + trade + "->" + invoice, prefix + ":opened",
                prefix + ":lost");
        assertThat(entries(trade).get(prefix + ":opened")).containsExactly("DISPUTED_FUNDS 113/0", "GATEWAY_CLEARING 0/113");
        assertThat(entries(trade).get(prefix + ":lost")).containsExactly("CHARGEBACK_LOSSES 113/0", "DISPUTED_FUNDS 0/113");
    }

    @Test
    void aWonDisputeGivesTheMoneyBack() {
        String invoice = invoice();
        String trade = "T-" + UUID.randomUUID();
        paid(trade, invoice, "113.00");
        dispute(trade, PaymentEventType.DISPUTE_OPENED, "113.00");
        drain();
        assertThat(status(trade)).isEqualTo("DISPUTED");
        dispute(trade, PaymentEventType.DISPUTE_WON, "113.00");
        drain();
        assertThat(entries(trade).get("dispute:testpay:" + trade + ":dp_1:won"))
                .containsExactly("GATEWAY_CLEARING 113/0", "DISPUTED_FUNDS 0/113");
        assertThat(status(trade)).isEqualTo("DISPUTE_WON");
    }

    @Test
    void anEventInAnotherCurrencyIsAnExceptionAndChangesNothing() {
        String invoice = invoice();
        String trade = "T-" + UUID.randomUUID();
        paid(trade, invoice, "113.00");
        drain();
        event(trade, PaymentEventType.REFUND_TOTAL, trade + ":REFUNDED_TO:USD", invoice, "10.00", "USD", "R-1");
        drain();
        assertThat(jdbc.sql("""
                        select e.reason from reconciliation_exception e join payment_event p on p.id = e.payment_event_id
                        where p.gateway_trade_id = :t
                        """).param("t", trade).query(String.class).list()).containsExactly("CURRENCY_MISMATCH");
        assertThat(entries(trade)).hasSize(1);
        assertThat(status(trade)).isEqualTo("PAID");
    }

    @Test
    void twoStagesWorkingThroughShuffledHistoriesBookEachMovementOnce() throws Exception {
        Random random = new Random(42);
        List<String> trades = new ArrayList<>();
        List<String> invoices = new ArrayList<>();
        List<Runnable> arrivals = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String invoice = invoice();
            String trade = "T-" + UUID.randomUUID();
            trades.add(trade);
            invoices.add(invoice);
            arrivals.add(() -> paid(trade, invoice, "113.00"));
            arrivals.add(() -> refundedInAll(trade, invoice, "10.00"));
            arrivals.add(() -> refundedInAll(trade, invoice, "25.50"));
            if (i % 3 == 0) {
                arrivals.add(() -> dispute(trade, PaymentEventType.DISPUTE_OPENED, "87.50"));
                arrivals.add(() -> dispute(trade, PaymentEventType.DISPUTE_LOST, "87.50"));
            }
        }
        Collections.shuffle(arrivals, random);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // arrivals keep coming while two stages reconcile side by side
            Future<?> feeder = pool.submit(() -> arrivals.forEach(Runnable::run));
            Future<?> stage = pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    reconciliation.reconcileBatch(7);
                }
            });
            feeder.get(60, TimeUnit.SECONDS);
            stage.get(60, TimeUnit.SECONDS);
            List<Future<?>> finish = List.of(pool.submit(this::drain), pool.submit(this::drain));
            for (Future<?> f : finish) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < trades.size(); i++) {
            String trade = trades.get(i);
            Map<String, List<String>> entries = entries(trade);
            BigDecimal refunded = BigDecimal.ZERO;
            for (Map.Entry<String, List<String>> e : entries.entrySet()) {
                if (e.getKey().startsWith("refund:")) {
                    refunded = refunded.add(new BigDecimal(e.getValue().get(e.getValue().size() - 1)
                            .replace("GATEWAY_CLEARING 0/", "")));
                }
            }
            assertThat(refunded).as("refunded on %s", trade).isEqualByComparingTo("25.50");
            assertThat(entries.keySet().stream().filter(k -> k.startsWith("payment:")).count()).isEqualTo(1);
            assertThat(entries.keySet().stream().filter(k -> k.startsWith("dispute:")).count()).isEqualTo(i % 3 == 0 ? 2 : 0);
            assertThat(allocatedTotal(invoices.get(i))).isEqualByComparingTo("87.50");
            assertThat(status(trade)).isEqualTo(i % 3 == 0 ? "DISPUTE_LOST" : "PARTIALLY_REFUNDED");
        }
    }
}
