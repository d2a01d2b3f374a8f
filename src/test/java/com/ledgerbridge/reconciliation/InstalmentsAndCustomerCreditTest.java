package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.domain.payment.PaymentEventKeys;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.domain.receivables.OpenItem;
import com.ledgerbridge.invoicing.InvoicingService;
import com.ledgerbridge.operations.ExceptionWorkbench;
import com.ledgerbridge.operations.ExceptionWorkbench.ActionRequest;
import com.ledgerbridge.operations.ExceptionWorkbench.ActionView;
import com.ledgerbridge.reconciliation.ReconciliationProperties.CreditApplicationMode;
import com.ledgerbridge.storage.CustomerCreditStore;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.ReceivablesRecords;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Instalments (payment terms → dated instalments, matched and aged one by one) and customer credit (an over-payment's
 * rest and a prepayment applied to the customer's next invoices, or suggested; credit a person must look at left
 * alone; a refund the gateway reports carrying out a workbench refund instruction), through the real services and
 * database. Invoices are 100.00 net + 13 % VAT = 113.00 CNY.
 */
class InstalmentsAndCustomerCreditTest extends IntegrationTest {

    static final Currency CNY = Currency.getInstance("CNY");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        // drive the stages directly; the routes would race the test for the same rows
        registry.add("camel.main.routes-include-pattern", () -> "false");
    }

    @Autowired
    ReconciliationService reconciliation;
    @Autowired
    CustomerCreditService credit;
    @Autowired
    InvoicingService invoicing;
    @Autowired
    OrderStore orders;
    @Autowired
    ReceivablesRecords receivables;
    @Autowired
    ExceptionWorkbench workbench;
    @Autowired
    CustomerCreditStore creditStore;
    @Autowired
    JournalStore journal;
    @Autowired
    LedgerPostings postings;
    @Autowired
    CompanyProperties company;
    @Autowired
    Clock clock;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void nobody() {
        SecurityContextHolder.clearContext();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A CRM order for {@code customer} (113.00 gross), stored and waiting for invoicing; its CRM order id. */
    String order(String customer, String terms) {
        String crmId = unique("SO");
        orders.store(new SalesOrder("test", crmId, "v1", customer, null, CNY, LocalDate.of(2026, 11, 1), null,
                OrderStatus.BILLABLE, List.of(new OrderLine(1, "S", "Consulting", BigDecimal.ONE,
                        new BigDecimal("100.00"))), terms));
        return crmId;
    }

    String invoiceNumberOf(String crmOrderId) {
        return jdbc.sql("select invoice_number from invoice where crm_order_id = :o").param("o", crmOrderId)
                .query(String.class).single();
    }

    /** An invoice for {@code customer}; its number. */
    String invoice(String customer, String terms) {
        String crmId = order(customer, terms);
        invoicing.issueBatch(500);
        return invoiceNumberOf(crmId);
    }

    /** A payment as the inbox stores it; its trade id. */
    String pay(String reference, String amount, String payer) {
        String trade = unique("T");
        event(trade, PaymentEventType.PAYMENT, PaymentEventKeys.payment(trade), reference, amount, payer);
        return trade;
    }

    void event(String trade, PaymentEventType type, String key, String reference, String amount, String payer) {
        jdbc.sql("""
                        insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                                   merchant_reference, amount, currency, occurred_at, payer_id,
                                                   raw_payload, received_at, status)
                        values ('alipay', :key, 'n', :type, :trade, :reference, :amount, 'CNY', :at, :payer, 'raw', :at,
                                'RECEIVED')
                        """)
                .param("key", key).param("type", type.name()).param("trade", trade).param("reference", reference)
                .param("amount", new BigDecimal(amount)).param("payer", payer)
                .param("at", Timestamp.from(Instant.now())).update();
    }

    void reconcile() {
        while (reconciliation.reconcileBatch(100).claimed() > 0) {
            // until nothing waits
        }
    }

    BigDecimal allocated(String invoice) {
        return jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", invoice)
                .query(BigDecimal.class).single();
    }

    BigDecimal unapplied(String trade) {
        return jdbc.sql("select unapplied_amount from payment where gateway_trade_id = :t").param("t", trade)
                .query(BigDecimal.class).single();
    }

    List<String> lines(String idempotencyKey) {
        return jdbc.sql("""
                        select case when l.debit > 0 then 'DEBIT ' || l.account_role || ' ' || l.debit
                                    else 'CREDIT ' || l.account_role || ' ' || l.credit end
                        from journal_line l join journal_entry e on e.id = l.entry_id
                        where e.idempotency_key = :k order by l.line_no
                        """)
                .param("k", idempotencyKey).query(String.class).list().stream()
                .map(l -> l.replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "")).toList();
    }

    List<String> exceptionReasons(String trade) {
        return jdbc.sql("""
                        select x.reason from reconciliation_exception x join payment_event e on e.id = x.payment_event_id
                        where e.gateway_trade_id = :t order by x.id
                        """)
                .param("t", trade).query(String.class).list();
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(company.zone()));
    }

    // ---- instalments

    @Test
    void namedTermsSplitTheInvoiceIntoInstalmentsThatArePaidAndAgedOneByOne() {
        String customer = unique("C-INST");
        String invoice = invoice(customer, "deposit-30"); // config/application.yml: "30%@0, 70%@30"
        LocalDate issued = today();
        assertThat(jdbc.sql("""
                        select s.instalment_no || ' ' || s.due_date || ' ' || s.amount from invoice_instalment s
                        join invoice i on i.id = s.invoice_id where i.invoice_number = :n order by s.instalment_no
                        """).param("n", invoice).query(String.class).list().stream()
                .map(r -> r.replaceAll("(\\.\\d\\d)0+$", "$1")).toList())
                .containsExactly("1 " + issued + " 33.90", "2 " + issued.plusDays(30) + " 79.10");
        Map<String, Object> row = jdbc.sql("select due_date, payment_terms from invoice where invoice_number = :n")
                .param("n", invoice).query().singleRow();
        assertThat(row.get("due_date").toString()).isEqualTo(issued.plusDays(30).toString());
        assertThat(row.get("payment_terms")).isEqualTo("30%@0, 70%@30");

        // before any payment both instalments are open, each with its own due date
        assertThat(receivables.openItems(issued.plusDays(40), customer)).extracting(OpenItem::itemKey, OpenItem::dueDate)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(invoice + "#1", issued),
                        org.assertj.core.groups.Tuple.tuple(invoice + "#2", issued.plusDays(30)));

        String deposit = pay(invoice, "33.90", unique("payer"));
        reconcile();
        assertThat(allocated(invoice)).isEqualByComparingTo("33.90");
        assertThat(jdbc.sql("""
                        select d.rule_id from match_decision d join payment_event e on e.id = d.payment_event_id
                        where e.gateway_trade_id = :t
                        """).param("t", deposit).query(String.class).single()).isEqualTo("instalments");
        List<OpenItem> open = receivables.openItems(issued.plusDays(40), customer);
        assertThat(open).singleElement().satisfies(item -> {
            assertThat(item.itemKey()).isEqualTo(invoice + "#2");
            assertThat(item.instalment()).isEqualTo(2);
            assertThat(item.open()).isEqualTo(Money.of("79.10", "CNY"));
            assertThat(item.dueDate()).isEqualTo(issued.plusDays(30));
        });
        // reminders: only the instalment that is due counts (the deposit is paid, the balance not due yet)
        assertThat(receivables.undisputedOverdue(issued.plusDays(29)))
                .noneMatch(i -> i.invoiceNumber().equals(invoice));
        assertThat(receivables.undisputedOverdue(issued.plusDays(30)))
                .filteredOn(i -> i.invoiceNumber().equals(invoice)).extracting(OpenItem::itemKey)
                .containsExactly(invoice + "#2");

        String balance = pay(invoice, "79.10", unique("payer"));
        reconcile();
        assertThat(allocated(invoice)).isEqualByComparingTo("113.00");
        assertThat(receivables.openItems(issued.plusDays(40), customer)).isEmpty();
        assertThat(exceptionReasons(deposit)).isEmpty();
        assertThat(exceptionReasons(balance)).isEmpty();
    }

    @Test
    void aPaymentOfTwoInstalmentsIsOneAllocationAndOneEntryOnTheInvoice() {
        String invoice = invoice(unique("C-TWO"), "30/60/90"); // 37.66 + 37.66 + 37.68
        String trade = pay(invoice, "75.32", unique("payer"));
        reconcile();
        assertThat(exceptionReasons(trade)).isEmpty();
        assertThat(jdbc.sql("""
                        select a.amount from allocation a join invoice i on i.id = a.invoice_id where i.invoice_number = :n
                        """).param("n", invoice).query(BigDecimal.class).list()).singleElement()
                .satisfies(amount -> assertThat(amount).isEqualByComparingTo("75.32"));
        assertThat(lines("payment:alipay:" + trade + "->" + invoice))
                .containsExactly("DEBIT GATEWAY_CLEARING 75.32", "CREDIT ACCOUNTS_RECEIVABLE 75.32");
        assertThat(receivables.openItems(today().plusDays(100), null)).filteredOn(i -> i.invoiceNumber().equals(invoice))
                .extracting(OpenItem::itemKey).containsExactly(invoice + "#3");
    }

    @Test
    void termsNobodyConfiguredFailOnlyThatOrderWithTheReason() {
        String customer = unique("C-BADTERMS");
        String bad = order(customer, "NET-EOM");
        String good = order(customer, "30/60");
        invoicing.issueBatch(500);
        Map<String, Object> failed = jdbc.sql("select invoicing_status, invoicing_error from sales_order where crm_order_id = :o")
                .param("o", bad).query().singleRow();
        assertThat(failed.get("invoicing_status")).isEqualTo("FAILED");
        assertThat((String) failed.get("invoicing_error")).contains("'NET-EOM' are not configured");
        assertThat(jdbc.sql("select count(*) from invoice where crm_order_id = :o").param("o", bad)
                .query(Long.class).single()).isZero();
        String invoice = invoiceNumberOf(good);
        assertThat(jdbc.sql("""
                        select count(*) from invoice_instalment s join invoice i on i.id = s.invoice_id
                        where i.invoice_number = :n""").param("n", invoice).query(Long.class).single()).isEqualTo(2);
    }

    // ---- customer credit

    @Test
    void theRestOfAnOverPaymentIsAppliedToTheCustomersNextInvoiceOnce() {
        String customer = unique("C-OVER");
        String first = invoice(customer, null);
        String second = invoice(customer, null);
        String trade = pay(first, "150.00", unique("payer"));
        reconcile();
        assertThat(allocated(first)).isEqualByComparingTo("113.00");
        assertThat(unapplied(trade)).isEqualByComparingTo("37.00");
        assertThat(exceptionReasons(trade)).isEmpty();
        assertThat(jdbc.sql("select customer_id from payment where gateway_trade_id = :t").param("t", trade)
                .query(String.class).single()).isEqualTo(customer);

        drainCredit(credit);
        assertThat(allocated(second)).isEqualByComparingTo("37.00");
        assertThat(unapplied(trade)).isEqualByComparingTo("0");
        String key = "credit:alipay:" + trade + "->" + second + ":to:3700";
        assertThat(lines(key)).containsExactly("DEBIT CUSTOMER_CREDIT 37", "CREDIT ACCOUNTS_RECEIVABLE 37");
        assertThat(jdbc.sql("""
                        select a.match_rule from allocation a join invoice i on i.id = a.invoice_id
                        where i.invoice_number = :n""").param("n", second).query(String.class).single())
                .isEqualTo("credit-application");

        // asked again (another invoice issued to the customer, say): nothing left to apply, nothing booked twice
        creditStore.requestReviews(List.of(new CustomerCreditStore.CustomerCurrency(customer, "CNY")));
        long entries = jdbc.sql("select count(*) from journal_entry").query(Long.class).single();
        drainCredit(credit);
        assertThat(jdbc.sql("select count(*) from journal_entry").query(Long.class).single()).isEqualTo(entries);
        assertThat(allocated(second)).isEqualByComparingTo("37.00");
    }

    @Test
    void creditGoesFirstToTheInvoiceWhoseNextInstalmentFallsDueFirst() {
        String customer = unique("C-NEXT");
        String paid = invoice(customer, null);
        String plain = invoice(customer, null);                // all due in 30 days
        String split = invoice(customer, "deposit-30");        // 33.90 due today, the rest in 30 days
        String trade = pay(paid, "133.00", unique("payer"));  // 20.00 over
        reconcile();
        drainCredit(credit);
        assertThat(unapplied(trade)).isEqualByComparingTo("0");
        assertThat(allocated(split)).isEqualByComparingTo("20.00");
        assertThat(allocated(plain)).isEqualByComparingTo("0");
    }

    @Test
    void aPrepaymentNamingAnOrderWaitsAsCreditAndSettlesItsInvoiceWhenIssued() {
        String customer = unique("C-PRE");
        String crmOrder = order(customer, null);
        // paid before invoicing ran: the order has no invoice yet
        String trade = pay(crmOrder, "113.00", unique("payer"));
        reconcile();
        assertThat(exceptionReasons(trade)).isEmpty();
        assertThat(unapplied(trade)).isEqualByComparingTo("113.00");
        assertThat(jdbc.sql("select status from payment_event where gateway_trade_id = :t").param("t", trade)
                .query(String.class).single()).isEqualTo("RECONCILED");
        assertThat(lines("payment:alipay:" + trade + ":unapplied"))
                .containsExactly("DEBIT GATEWAY_CLEARING 113", "CREDIT CUSTOMER_CREDIT 113");

        invoicing.issueBatch(500);
        String invoice = invoiceNumberOf(crmOrder);
        drainCredit(credit);
        assertThat(allocated(invoice)).isEqualByComparingTo("113.00");
        assertThat(unapplied(trade)).isEqualByComparingTo("0");
        assertThat(receivables.openItems(today().plusDays(60), customer)).isEmpty();
    }

    @Test
    void creditAnOpenExceptionWaitsOnIsLeftToAPerson() {
        String customer = unique("C-HOLD");
        String payer = unique("payer");
        String earlier = invoice(customer, null);
        pay(earlier, "113.00", payer); // teaches us who the payer is
        reconcile();
        String open = invoice(customer, null);
        // the same payer names an invoice nobody issued: an exception for a person, the money held as credit
        String trade = pay("INV-2099-999999", "50.00", payer);
        reconcile();
        // (a known payer: the rules suggest the customer's open invoice rather than guess)
        assertThat(exceptionReasons(trade)).hasSize(1);
        assertThat(jdbc.sql("select customer_id from payment where gateway_trade_id = :t").param("t", trade)
                .query(String.class).single()).isEqualTo(customer);
        creditStore.requestReviews(List.of(new CustomerCreditStore.CustomerCurrency(customer, "CNY")));
        drainCredit(credit);
        assertThat(allocated(open)).isEqualByComparingTo("0");
        assertThat(unapplied(trade)).isEqualByComparingTo("50.00");
    }

    @Test
    void inSuggestModeCreditRaisesOneExceptionNamingTheInvoicesAndMovesNoMoney() {
        CustomerCreditService suggesting = new CustomerCreditService(creditStore, journal, postings,
                new ReconciliationProperties(new BigDecimal("0.05"), CreditApplicationMode.SUGGEST), company, clock);
        String customer = unique("C-SUGGEST");
        String first = invoice(customer, null);
        String second = invoice(customer, null);
        String trade = pay(first, "150.00", unique("payer"));
        reconcile();
        drainCredit(suggesting);
        assertThat(exceptionReasons(trade)).containsExactly("CREDIT_AVAILABLE");
        String detail = jdbc.sql("""
                        select x.detail from reconciliation_exception x join payment_event e on e.id = x.payment_event_id
                        where e.gateway_trade_id = :t""").param("t", trade).query(String.class).single();
        assertThat(detail).contains("37.00 CNY of " + second);
        assertThat(allocated(second)).isEqualByComparingTo("0");
        assertThat(unapplied(trade)).isEqualByComparingTo("37.00");
        // the open exception now holds the credit for a person: asking again changes nothing
        creditStore.requestReviews(List.of(new CustomerCreditStore.CustomerCurrency(customer, "CNY")));
        drainCredit(suggesting);
        drainCredit(credit);
        assertThat(exceptionReasons(trade)).containsExactly("CREDIT_AVAILABLE");
        assertThat(allocated(second)).isEqualByComparingTo("0");
    }

    @Test
    void aRefundTheGatewayReportsCarriesOutTheWorkbenchRefundInstruction() {
        String trade = pay("INV-2099-888888", "50.00", unique("payer"));
        reconcile();
        long exception = jdbc.sql("""
                        select x.id from reconciliation_exception x join payment_event e on e.id = x.payment_event_id
                        where e.gateway_trade_id = :t""").param("t", trade).query(Long.class).single();
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("otto", null,
                List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"))));
        ActionView refund = workbench.refund(String.valueOf(exception),
                new ActionRequest(unique("req"), null, null, null, "customer paid the wrong shop"));
        assertThat(refund.status()).isEqualTo("PENDING_REFUND");

        event(trade, PaymentEventType.REFUND_TOTAL, PaymentEventKeys.refundTotal(trade, Money.of("50.00", "CNY")),
                "INV-2099-888888", "50.00", null);
        reconcile();
        assertThat(jdbc.sql("select status from workbench_action where id = :id").param("id", refund.id())
                .query(String.class).single()).isEqualTo("DONE");
        assertThat(jdbc.sql("select status from reconciliation_exception where id = :id").param("id", exception)
                .query(String.class).single()).isEqualTo("RESOLVED");
        assertThat(unapplied(trade)).isEqualByComparingTo("0");
        assertThat(jdbc.sql("""
                        select count(*) from audit_event where action = 'workbench.refund-reported' and subject_id = :id
                        """).param("id", String.valueOf(refund.id())).query(Long.class).single()).isEqualTo(1);
    }

    /**
     * The credit stage and a refund of the same payment racing, ten times: whichever locks the payment first, the
     * money ends up in one place — refunded from the credit, or applied and then taken back from the invoice — never
     * both, never lost.
     */
    @Test
    void theCreditStageAndARefundOfTheSamePaymentRacingMoveTheMoneyOnce() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 10; i++) {
                String customer = unique("C-RACE");
                String first = invoice(customer, null);
                String second = invoice(customer, null);
                String trade = pay(first, "150.00", unique("payer"));
                reconcile();
                event(trade, PaymentEventType.REFUND_TOTAL, PaymentEventKeys.refundTotal(trade, Money.of("37.00", "CNY")),
                        first, "37.00", null);
                var refunding = pool.submit(this::reconcile);
                var applying = pool.submit(() -> drainCredit(credit));
                refunding.get(30, java.util.concurrent.TimeUnit.SECONDS);
                applying.get(30, java.util.concurrent.TimeUnit.SECONDS);
                reconcile();
                drainCredit(credit);
                assertThat(unapplied(trade)).isEqualByComparingTo("0");
                // 150 paid = 113 + what the second invoice keeps + 37 refunded
                BigDecimal live = jdbc.sql("""
                                select coalesce(sum(a.amount), 0) - coalesce((select sum(r.amount) from allocation_reversal r
                                                                              where r.gateway_trade_id = :t), 0)
                                from allocation a join payment_event e on e.id = a.payment_event_id
                                where e.gateway_trade_id = :t""").param("t", trade).query(BigDecimal.class).single();
                assertThat(live).isEqualByComparingTo("113.00");
                assertThat(allocated(first).add(allocated(second))).isEqualByComparingTo("113.00");
                BigDecimal customerCredit = jdbc.sql("""
                                select coalesce(sum(case when l.credit > 0 then l.credit else -l.debit end), 0)
                                from journal_line l join journal_entry e on e.id = l.entry_id
                                where l.account_role = 'CUSTOMER_CREDIT' and e.source_reference like :t""")
                        .param("t", "alipay:" + trade + "%").query(BigDecimal.class).single();
                assertThat(customerCredit).isEqualByComparingTo("0");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    void drainCredit(CustomerCreditService service) {
        // the service built by hand (SUGGEST mode) has no transactional proxy: give it its transaction
        var transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        while (transaction.execute(status -> service.applyBatch(50).reviewed()) > 0) {
            // until no customer waits
        }
    }
}
