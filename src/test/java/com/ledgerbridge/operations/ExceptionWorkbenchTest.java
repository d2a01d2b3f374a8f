package com.ledgerbridge.operations;

import com.ledgerbridge.testing.OperatorTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.failure.Conflict;
import com.ledgerbridge.failure.NotPermitted;
import com.ledgerbridge.operations.ExceptionWorkbench.ActionRequest;
import com.ledgerbridge.operations.ExceptionWorkbench.ActionView;
import com.ledgerbridge.operations.ExceptionWorkbench.Share;
import com.ledgerbridge.storage.AuditTrail;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The exception workbench against a real database: each action's entries (lines by role and amount), allocations and
 * balances; over-allocation refused; approvals in levels, not by the maker; undo reversing exactly; a double submit
 * taking effect once; the audit trail recording every step with an intact chain; and the HTTP API through the real
 * port with tokens of different roles. Approval thresholds are config/application.yml's (write-off > 1,000: level 1,
 * > 50,000: level 2; match > 50,000: level 1).
 */
class ExceptionWorkbenchTest extends IntegrationTest {

    static final String OPERATOR = "workbench-operator-token-test-only-1";
    static final String OTHER_OPERATOR = "workbench-operator-token-test-only-2";
    static final String APPROVER_1 = "workbench-approver1-token-test-only";
    static final String APPROVER_2 = "workbench-approver2-token-test-only";
    static final String VIEWER = "workbench-viewer-token-test-only";
    static final AtomicInteger SEQ = new AtomicInteger();
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        OperatorTokens.apiToken(registry, 0, "otto", OPERATOR, "OPERATOR");
        OperatorTokens.apiToken(registry, 1, "olga", OTHER_OPERATOR, "OPERATOR");
        OperatorTokens.apiToken(registry, 2, "ann", APPROVER_1, "APPROVER_1");
        OperatorTokens.apiToken(registry, 3, "bea", APPROVER_2, "APPROVER_2");
        OperatorTokens.apiToken(registry, 4, "vic", VIEWER, "VIEWER");
    }

    @Autowired
    ExceptionWorkbench workbench;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    TestRestTemplate http;

    @AfterEach
    void nobody() {
        SecurityContextHolder.clearContext();
    }

    static void actAs(String name, String... roles) {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(name, null,
                Arrays.stream(roles).map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList()));
    }

    /** A payment holding {@code credit} as customer credit, with its OPEN exception; the exception's id. */
    long exception(String customer, String paid, String credit) {
        int n = SEQ.incrementAndGet();
        String trade = "WB-T-" + n + "-" + System.nanoTime();
        Timestamp now = Timestamp.from(Instant.now());
        long event = jdbc.sql("""
                        insert into payment_event (gateway, event_key, event_type, gateway_trade_id, merchant_reference,
                            amount, currency, occurred_at, payer_id, raw_payload, received_at, status)
                        values ('alipay', :key, 'PAYMENT', :trade, :ref, :amount, 'CNY', :now, :payer, '{}', :now, 'EXCEPTION')
                        """)
                .param("key", "payment:" + trade).param("trade", trade).param("ref", "REF-" + trade)
                .param("amount", new BigDecimal(paid)).param("now", now).param("payer", customer).update();
        long eventId = jdbc.sql("select id from payment_event where gateway_trade_id = :t").param("t", trade)
                .query(Long.class).single();
        jdbc.sql("""
                        insert into payment (gateway, gateway_trade_id, currency, status, paid_amount, refund_total_seen,
                            refund_increments, dispute_amount, dispute_stage, closed, booked_paid, booked_refunded,
                            booked_dispute_stage, unapplied_amount, updated_at)
                        values ('alipay', :trade, 'CNY', 'PAID', :paid, 0, 0, 0, 'NONE', false, :paid, 0, 'NONE', :credit, :now)
                        """)
                .param("trade", trade).param("paid", new BigDecimal(paid)).param("credit", new BigDecimal(credit))
                .param("now", now).update();
        jdbc.sql("""
                        insert into reconciliation_exception (payment_event_id, reason, detail, status, created_at)
                        values (:event, 'UNKNOWN_INVOICE', 'no invoice named', 'OPEN', :now)
                        """)
                .param("event", eventId).param("now", now).update();
        assertThat(event).isEqualTo(1);
        return jdbc.sql("select id from reconciliation_exception where payment_event_id = :e").param("e", eventId)
                .query(Long.class).single();
    }

    /** An open invoice of {@code gross}; its number. */
    String invoice(String customer, String gross) {
        int n = SEQ.incrementAndGet();
        String order = "WB-SO-" + n + "-" + System.nanoTime();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                        insert into sales_order (source, crm_order_id, crm_version, customer_id, currency, order_date,
                            status, received_at)
                        values ('wb', :order, '1', :customer, 'CNY', :day, 'BILLABLE', :now)
                        """)
                .param("order", order).param("customer", customer).param("day", LocalDate.now()).param("now", now).update();
        long orderId = jdbc.sql("select id from sales_order where crm_order_id = :o").param("o", order).query(Long.class).single();
        String number = "WB-INV-" + n + "-" + System.nanoTime();
        jdbc.sql("""
                        insert into invoice (invoice_number, sales_order_id, source, crm_order_id, customer_id, currency,
                            issue_date, due_date, net_total, tax_total, gross_total, created_at)
                        values (:number, :order, 'wb', :crm, :customer, 'CNY', :day, :day, :gross, 0, :gross, :now)
                        """)
                .param("number", number).param("order", orderId).param("crm", order).param("customer", customer)
                .param("day", LocalDate.now()).param("gross", new BigDecimal(gross)).param("now", now).update();
        return number;
    }

    /** The lines of the entry with this key, "SIDE ROLE amount", in line order. */
    List<String> lines(String key) {
        return jdbc.sql("""
                        select l.account_role, l.debit, l.credit from journal_line l join journal_entry e on e.id = l.entry_id
                        where e.idempotency_key = :key order by l.line_no
                        """)
                .param("key", key)
                .query((rs, n) -> rs.getBigDecimal("debit") != null && rs.getBigDecimal("debit").signum() > 0
                        ? "DEBIT " + rs.getString("account_role") + " " + rs.getBigDecimal("debit").stripTrailingZeros().toPlainString()
                        : "CREDIT " + rs.getString("account_role") + " " + rs.getBigDecimal("credit").stripTrailingZeros().toPlainString())
                .list();
    }

    BigDecimal allocated(String invoice) {
        return jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", invoice)
                .query(BigDecimal.class).single().stripTrailingZeros();
    }

    BigDecimal unapplied(long exceptionId) {
        return jdbc.sql("""
                        select pay.unapplied_amount from reconciliation_exception e join payment_event p on p.id = e.payment_event_id
                        join payment pay on pay.gateway = p.gateway and pay.gateway_trade_id = p.gateway_trade_id where e.id = :id
                        """).param("id", exceptionId).query(BigDecimal.class).single().stripTrailingZeros();
    }

    String exceptionStatus(long id) {
        return jdbc.sql("select status from reconciliation_exception where id = :id").param("id", id).query(String.class).single();
    }

    static ActionRequest match(String requestId, String invoice, String amount) {
        return new ActionRequest(requestId, List.of(new Share(invoice, new BigDecimal(amount))), null, null, null);
    }

    static String rid() {
        return "req-" + SEQ.incrementAndGet() + "-" + System.nanoTime();
    }

    @Test
    void aMatchAppliesHeldCreditToTheInvoiceWithABalancedEntryAndResolvesTheException() {
        long exception = exception("cust-m", "100.00", "100.00");
        String invoice = invoice("cust-m", "150.00");
        actAs("otto", "OPERATOR", "VIEWER");
        ActionView action = workbench.match(String.valueOf(exception), match(rid(), invoice, "100.00"));

        assertThat(action.status()).isEqualTo("DONE");
        assertThat(lines("workbench:" + action.id() + ":apply"))
                .containsExactly("DEBIT CUSTOMER_CREDIT 100", "CREDIT ACCOUNTS_RECEIVABLE 100");
        assertThat(allocated(invoice)).isEqualByComparingTo("100");
        assertThat(unapplied(exception)).isEqualByComparingTo("0");
        assertThat(exceptionStatus(exception)).isEqualTo("RESOLVED");
        assertThat(jdbc.sql("""
                        select count(*) from allocation a join reconciliation_exception e on e.payment_event_id = a.payment_event_id
                        where e.id = :id and a.amount = 100
                        """).param("id", exception).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select count(*) from audit_event where action = 'workbench.match.request' and actor = 'otto'
                        and subject_id = :id
                        """).param("id", String.valueOf(exception)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void overAllocationIsRefusedAndChangesNothing() {
        long exception = exception("cust-o", "100.00", "100.00");
        String small = invoice("cust-o", "50.00");
        String other = invoice("cust-o", "500.00");
        actAs("otto", "OPERATOR");
        // more than the invoice has outstanding
        assertThatThrownBy(() -> workbench.match(String.valueOf(exception), match(rid(), small, "60.00")))
                .isInstanceOf(Conflict.class).hasMessageContaining("outstanding");
        // more than the payment holds as credit, split over two invoices
        assertThatThrownBy(() -> workbench.match(String.valueOf(exception), new ActionRequest(rid(), List.of(
                new Share(small, new BigDecimal("50.00")), new Share(other, new BigDecimal("50.01"))), null, null, null)))
                .isInstanceOf(Conflict.class).hasMessageContaining("credit");
        assertThatThrownBy(() -> workbench.match(String.valueOf(exception), match(rid(), small, "-1")))
                .isInstanceOf(BadInput.class);
        assertThat(allocated(small)).isEqualByComparingTo("0");
        assertThat(allocated(other)).isEqualByComparingTo("0");
        assertThat(unapplied(exception)).isEqualByComparingTo("100");
        assertThat(exceptionStatus(exception)).isEqualTo("OPEN");
        assertThat(workbench.actionsOf(String.valueOf(exception))).isEmpty();
    }

    @Test
    void undoOfASplitReversesExactlyAndOpensTheExceptionAgain() {
        long exception = exception("cust-s", "100.00", "100.00");
        String a = invoice("cust-s", "40.00");
        String b = invoice("cust-s", "80.00");
        actAs("otto", "OPERATOR");
        ActionView split = workbench.match(String.valueOf(exception), new ActionRequest(rid(), List.of(
                new Share(a, new BigDecimal("40.00")), new Share(b, new BigDecimal("60.00"))), null, null, null));
        assertThat(lines("workbench:" + split.id() + ":apply")).containsExactly(
                "DEBIT CUSTOMER_CREDIT 100", "CREDIT ACCOUNTS_RECEIVABLE 40", "CREDIT ACCOUNTS_RECEIVABLE 60");
        assertThat(exceptionStatus(exception)).isEqualTo("RESOLVED");

        ActionView undo = workbench.undo(String.valueOf(split.id()), new ActionRequest(rid(), null, null, null, "wrong customer"));

        assertThat(undo.status()).isEqualTo("DONE");
        assertThat(lines("workbench:" + split.id() + ":apply:reversed")).containsExactly(
                "CREDIT CUSTOMER_CREDIT 100", "DEBIT ACCOUNTS_RECEIVABLE 40", "DEBIT ACCOUNTS_RECEIVABLE 60");
        assertThat(allocated(a)).isEqualByComparingTo("0");
        assertThat(allocated(b)).isEqualByComparingTo("0");
        assertThat(unapplied(exception)).isEqualByComparingTo("100");
        assertThat(exceptionStatus(exception)).isEqualTo("OPEN");
        assertThat(workbench.action(String.valueOf(split.id())).status()).isEqualTo("UNDONE");
        // the original entry and allocations stay; the reversal rows net them to zero
        assertThat(lines("workbench:" + split.id() + ":apply")).hasSize(3);
        assertThat(jdbc.sql("select coalesce(sum(amount), 0) from allocation_reversal where refund_key = :k")
                .param("k", "workbench:" + undo.id() + ":undo").query(BigDecimal.class).single()).isEqualByComparingTo("100");
        // undone once only
        assertThatThrownBy(() -> workbench.undo(String.valueOf(split.id()), new ActionRequest(rid(), null, null, null, "again")))
                .isInstanceOf(Conflict.class);
        // the credit can be applied again, to the same invoice
        ActionView again = workbench.match(String.valueOf(exception), match(rid(), a, "40.00"));
        assertThat(again.status()).isEqualTo("DONE");
        assertThat(allocated(a)).isEqualByComparingTo("40");
    }

    @Test
    void aLargeWriteOffNeedsTwoLevelsNotTheMakerAndBooksOnlyAtTheLast() {
        long exception = exception("cust-w", "10.00", "10.00");
        String invoice = invoice("cust-w", "70000.00");
        actAs("otto", "OPERATOR");
        ActionView requested = workbench.writeOff(String.valueOf(exception),
                new ActionRequest(rid(), null, invoice, new BigDecimal("60000.00"), "customer insolvent"));
        assertThat(requested.status()).isEqualTo("PENDING_APPROVAL");
        assertThat(requested.levelsRequired()).isEqualTo(2);
        String key = "workbench:" + requested.id() + ":write-off";
        assertThat(lines(key)).isEmpty();
        String id = String.valueOf(requested.id());

        // the maker, even holding the approval role, cannot approve
        actAs("otto", "OPERATOR", "APPROVER_2", "APPROVER_1");
        assertThatThrownBy(() -> workbench.approve(id)).isInstanceOf(Conflict.class).hasMessageContaining("maker");
        // level 1 by ann
        actAs("ann", "VIEWER", "APPROVER_1");
        assertThat(workbench.approve(id).levelsApproved()).isEqualTo(1);
        assertThat(lines(key)).isEmpty();
        assertThat(allocated(invoice)).isEqualByComparingTo("0");
        // level 2 needs APPROVER_2
        assertThatThrownBy(() -> workbench.approve(id)).isInstanceOf(NotPermitted.class).hasMessageContaining("APPROVER_2");
        actAs("bea", "VIEWER", "APPROVER_1", "APPROVER_2");
        ActionView done = workbench.approve(id);

        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.approvals()).extracting(m -> m.get("approver")).containsExactly("ann", "bea");
        assertThat(lines(key)).containsExactly("DEBIT WRITE_OFFS 60000", "CREDIT ACCOUNTS_RECEIVABLE 60000");
        assertThat(allocated(invoice)).isEqualByComparingTo("60000");
        assertThatThrownBy(() -> workbench.approve(id)).isInstanceOf(Conflict.class);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'workbench.approve' and subject_id = :id")
                .param("id", id).query(Long.class).single()).isEqualTo(2);
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void aSmallWriteOffTakesEffectAtOnceAndCannotExceedTheOutstandingBalance() {
        long exception = exception("cust-x", "99.60", "0");
        String invoice = invoice("cust-x", "100.00");
        actAs("otto", "OPERATOR");
        assertThatThrownBy(() -> workbench.writeOff(String.valueOf(exception),
                new ActionRequest(rid(), null, invoice, new BigDecimal("100.01"), null))).isInstanceOf(Conflict.class);
        ActionView w = workbench.writeOff(String.valueOf(exception),
                new ActionRequest(rid(), null, invoice, new BigDecimal("0.40"), "rounding by the bank"));
        assertThat(w.status()).isEqualTo("DONE");
        assertThat(lines("workbench:" + w.id() + ":write-off"))
                .containsExactly("DEBIT WRITE_OFFS 0.4", "CREDIT ACCOUNTS_RECEIVABLE 0.4");
        workbench.undo(String.valueOf(w.id()), new ActionRequest(rid(), null, null, null, null));
        assertThat(lines("workbench:" + w.id() + ":write-off:reversed"))
                .containsExactly("CREDIT WRITE_OFFS 0.4", "DEBIT ACCOUNTS_RECEIVABLE 0.4");
        assertThat(allocated(invoice)).isEqualByComparingTo("0");
    }

    @Test
    void aWriteOffOfAnInvoiceInAnotherCurrencyIsAConflictAndStoresNothing() {
        long exception = exception("cust-fx", "10.00", "0");
        String invoice = invoice("cust-fx", "10.00");
        jdbc.sql("update invoice set currency = 'USD' where invoice_number = :n").param("n", invoice).update();
        actAs("otto", "OPERATOR");
        assertThatThrownBy(() -> workbench.writeOff(String.valueOf(exception),
                new ActionRequest(rid(), null, invoice, new BigDecimal("0.40"), "rounding")))
                .isInstanceOf(Conflict.class).hasMessageContaining("is in USD");
        assertThat(workbench.actionsOf(String.valueOf(exception))).isEmpty();
        assertThat(allocated(invoice)).isEqualByComparingTo("0");
    }

    @Test
    void refundInstructionAndIgnoreMoveNoMoney() {
        long exception = exception("cust-r", "30.00", "30.00");
        actAs("otto", "OPERATOR");
        assertThatThrownBy(() -> workbench.ignore(String.valueOf(exception), new ActionRequest(rid(), null, null, null, " ")))
                .isInstanceOf(BadInput.class);
        ActionView refund = workbench.refund(String.valueOf(exception), new ActionRequest(rid(), null, null, null, "customer asked"));
        assertThat(refund.status()).isEqualTo("PENDING_REFUND");
        assertThat(refund.amount()).isEqualTo("30.00");
        assertThat(exceptionStatus(exception)).isEqualTo("PENDING_REFUND");
        assertThat(unapplied(exception)).isEqualByComparingTo("30");
        assertThat(jdbc.sql("select count(*) from journal_entry where idempotency_key like :k")
                .param("k", "workbench:" + refund.id() + ":%").query(Long.class).single()).isZero();
        workbench.undo(String.valueOf(refund.id()), new ActionRequest(rid(), null, null, null, "customer changed mind"));
        assertThat(exceptionStatus(exception)).isEqualTo("OPEN");
        workbench.ignore(String.valueOf(exception), new ActionRequest(rid(), null, null, null, "test payment by our staff"));
        assertThat(exceptionStatus(exception)).isEqualTo("IGNORED");
    }

    @Test
    void aConcurrentDoubleSubmitTakesEffectOnce() throws Exception {
        long exception = exception("cust-c", "100.00", "100.00");
        String invoice = invoice("cust-c", "100.00");
        String requestId = rid();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ActionView>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                results.add(pool.submit(() -> {
                    actAs("otto", "OPERATOR");
                    start.await();
                    return workbench.match(String.valueOf(exception), match(requestId, invoice, "100.00"));
                }));
            }
            start.countDown();
            long first = results.get(0).get().id();
            assertThat(results.get(1).get().id()).isEqualTo(first);
        } finally {
            pool.shutdownNow();
        }
        assertThat(workbench.actionsOf(String.valueOf(exception))).hasSize(1);
        assertThat(allocated(invoice)).isEqualByComparingTo("100");
        assertThat(unapplied(exception)).isEqualByComparingTo("0");
        assertThat(jdbc.sql("select count(*) from journal_entry where idempotency_key like 'workbench:%:apply' and source_reference = :p")
                .param("p", jdbc.sql("""
                        select p.gateway || ':' || p.gateway_trade_id from reconciliation_exception e
                        join payment_event p on p.id = e.payment_event_id where e.id = :id
                        """).param("id", exception).query(String.class).single())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void twoDifferentActionsRacingForTheSameCreditCannotBothTakeIt() throws Exception {
        long exception = exception("cust-race", "100.00", "100.00");
        String a = invoice("cust-race", "100.00");
        String b = invoice("cust-race", "100.00");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ActionView>> results = new ArrayList<>();
        try {
            for (String invoice : List.of(a, b)) {
                results.add(pool.submit(() -> {
                    actAs("otto", "OPERATOR");
                    start.await();
                    return workbench.match(String.valueOf(exception), match(rid(), invoice, "100.00"));
                }));
            }
            start.countDown();
            int succeeded = 0;
            int refused = 0;
            for (Future<ActionView> result : results) {
                try {
                    result.get();
                    succeeded++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(Conflict.class);
                    refused++;
                }
            }
            assertThat(succeeded).isEqualTo(1);
            assertThat(refused).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(allocated(a).add(allocated(b))).isEqualByComparingTo("100");
        assertThat(unapplied(exception)).isEqualByComparingTo("0");
    }

    @Test
    void theListFiltersByStatusReasonGatewayCustomerAmountAndAge() {
        String customer = "cust-f-" + System.nanoTime();
        long small = exception(customer, "10.00", "10.00");
        long large = exception(customer, "900.00", "900.00");
        jdbc.sql("update reconciliation_exception set created_at = :old where id = :id")
                .param("old", Timestamp.from(Instant.now().minus(java.time.Duration.ofDays(40)))).param("id", large).update();
        actAs("vic", "VIEWER");
        assertThat(workbench.list("OPEN", null, null, customer, null, null, null, null))
                .extracting(ExceptionWorkbench.ExceptionView::id).containsExactly(small, large);
        assertThat(workbench.list(null, null, null, customer, "100", null, null, null))
                .extracting(ExceptionWorkbench.ExceptionView::id).containsExactly(large);
        assertThat(workbench.list(null, null, null, customer, null, "100", null, null))
                .extracting(ExceptionWorkbench.ExceptionView::id).containsExactly(small);
        assertThat(workbench.list(null, null, null, customer, null, null, "30", null))
                .extracting(ExceptionWorkbench.ExceptionView::id).containsExactly(large);
        assertThat(workbench.list(null, "UNKNOWN_INVOICE", "alipay", customer, null, null, null, null)).hasSize(2);
        assertThat(workbench.list(null, null, "stripe", customer, null, null, null, null)).isEmpty();
        assertThat(workbench.list("RESOLVED", null, null, customer, null, null, null, null)).isEmpty();
        assertThatThrownBy(() -> workbench.list(null, null, null, null, "ten", null, null, null))
                .isInstanceOf(BadInput.class).hasMessageContaining("minAmount");
    }

    HttpHeaders json(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    ResponseEntity<String> call(HttpMethod method, String path, String token, String body) {
        return http.exchange(path, method, new HttpEntity<>(body, json(token)), String.class);
    }

    @Autowired
    com.ledgerbridge.reconciliation.CustomerCreditService creditStage;

    String paymentCustomer(long exception) {
        return jdbc.sql("""
                        select p.customer_id from payment p join payment_event e on e.gateway_trade_id = p.gateway_trade_id
                        join reconciliation_exception x on x.payment_event_id = e.id where x.id = :id""")
                .param("id", exception).query(String.class).optional().orElse(null);
    }

    @Test
    void keptAsACustomersCreditTheMoneySettlesTheirInvoicesAndCannotBeTakenBackOnceUsed() throws Exception {
        String customer = "cust-credit-" + System.nanoTime();
        long exception = exception("payer-" + System.nanoTime(), "70.00", "70.00");
        String invoice = invoice(customer, "50.00");
        String path = "/operations/workbench/exceptions/" + exception + "/credit";
        // nobody knows whose money it is: the person must say
        ResponseEntity<String> noCustomer = call(HttpMethod.POST, path, OPERATOR, "{\"requestId\":\"" + rid() + "\"}");
        assertThat(noCustomer.getStatusCode().value()).as(noCustomer.getBody()).isEqualTo(400);
        assertThat(noCustomer.getBody()).contains("customerId is required");
        assertThat(call(HttpMethod.POST, path, VIEWER, "{\"requestId\":\"" + rid() + "\",\"customerId\":\"" + customer
                + "\"}").getStatusCode().value()).isEqualTo(403);

        ResponseEntity<String> kept = call(HttpMethod.POST, path, OPERATOR, "{\"requestId\":\"" + rid()
                + "\",\"customerId\":\"" + customer + "\",\"note\":\"customer confirmed by phone\"}");
        assertThat(kept.getStatusCode().value()).as(kept.getBody()).isEqualTo(200);
        JsonNode action = JSON.readTree(kept.getBody());
        assertThat(action.get("kind").asText()).isEqualTo("CREDIT");
        assertThat(action.get("status").asText()).isEqualTo("DONE");
        assertThat(action.get("amount").asText()).isEqualTo("70.00");
        assertThat(exceptionStatus(exception)).isEqualTo("RESOLVED");
        assertThat(paymentCustomer(exception)).isEqualTo(customer);

        // the credit stage applies it to the customer's invoice: 50 of the 70, the rest stays credit
        while (creditStage.applyBatch(50).reviewed() > 0) {
            // until nobody waits
        }
        assertThat(allocated(invoice)).isEqualByComparingTo("50.00");
        assertThat(unapplied(exception)).isEqualByComparingTo("20.00");
        actAs("otto", "OPERATOR");
        assertThatThrownBy(() -> workbench.undo(String.valueOf(action.get("id").asLong()),
                new ActionRequest(rid(), null, null, null, "wrong customer"))).isInstanceOf(Conflict.class)
                .hasMessageContaining("applied to invoices since");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'workbench.credit.request'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void creditKeptForTheWrongCustomerIsTakenBackWhileUnused() {
        long exception = exception("payer-" + System.nanoTime(), "30.00", "30.00");
        actAs("otto", "OPERATOR");
        ActionView kept = workbench.credit(String.valueOf(exception),
                new ActionRequest(rid(), null, null, null, null, "cust-nobody-" + System.nanoTime()));
        assertThat(exceptionStatus(exception)).isEqualTo("RESOLVED");
        workbench.undo(String.valueOf(kept.id()), new ActionRequest(rid(), null, null, null, "typo in the customer"));
        assertThat(exceptionStatus(exception)).isEqualTo("OPEN");
        assertThat(paymentCustomer(exception)).isNull();
        assertThat(unapplied(exception)).isEqualByComparingTo("30.00");
    }

    @Test
    void theHttpApiListsWithSuggestionsAndEnforcesRolesAndConflicts() throws Exception {
        String customer = "cust-http-" + System.nanoTime();
        long exception = exception(customer, "80.00", "80.00");
        String invoice = invoice(customer, "80.00");

        ResponseEntity<String> list = call(HttpMethod.GET, "/operations/workbench/exceptions?status=OPEN&customer=" + customer,
                VIEWER, null);
        assertThat(list.getStatusCode().value()).isEqualTo(200);
        JsonNode rows = JSON.readTree(list.getBody());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("id").asLong()).isEqualTo(exception);
        assertThat(rows.get(0).get("unappliedCredit").asText()).isEqualTo("80.00");
        assertThat(rows.get(0).get("suggestions").get(0).get("invoiceNumber").asText()).isEqualTo(invoice);

        String bodyOf90 = "{\"requestId\":\"" + rid() + "\",\"allocations\":[{\"invoiceNumber\":\"" + invoice + "\",\"amount\":90}]}";
        String bodyOf80 = "{\"requestId\":\"" + rid() + "\",\"allocations\":[{\"invoiceNumber\":\"" + invoice + "\",\"amount\":80}]}";
        String body = bodyOf90;
        String path = "/operations/workbench/exceptions/" + exception + "/match";
        assertThat(call(HttpMethod.POST, path, VIEWER, body).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> over = call(HttpMethod.POST, path, OPERATOR, body);
        assertThat(over.getStatusCode().value()).isEqualTo(409);
        assertThat(over.getBody()).contains("holds 80.00 CNY of credit");
        assertThat(call(HttpMethod.POST, path, OPERATOR, "{\"allocations\":[]}").getStatusCode().value()).isEqualTo(400);

        ResponseEntity<String> done = call(HttpMethod.POST, path, OPERATOR, bodyOf80);
        assertThat(done.getStatusCode().value()).isEqualTo(200);
        JsonNode action = JSON.readTree(done.getBody());
        assertThat(action.get("status").asText()).isEqualTo("DONE");
        assertThat(action.get("maker").asText()).isEqualTo("otto");
        assertThat(call(HttpMethod.GET, "/operations/workbench/exceptions/999999999/actions", VIEWER, null)
                .getStatusCode().value()).isEqualTo(200);

        // a write-off above 1,000 waits for approval; an operator cannot approve (route), the approver can
        long second = exception(customer, "1.00", "0");
        String big = invoice(customer, "5000.00");
        ResponseEntity<String> pending = call(HttpMethod.POST, "/operations/workbench/exceptions/" + second + "/write-off",
                OTHER_OPERATOR, "{\"requestId\":\"" + rid() + "\",\"invoiceNumber\":\"" + big + "\",\"amount\":2000}");
        assertThat(pending.getStatusCode().value()).isEqualTo(200);
        long pendingId = JSON.readTree(pending.getBody()).get("id").asLong();
        assertThat(JSON.readTree(pending.getBody()).get("status").asText()).isEqualTo("PENDING_APPROVAL");
        String approve = "/operations/workbench/actions/" + pendingId + "/approve";
        assertThat(call(HttpMethod.POST, approve, OPERATOR, null).getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> approved = call(HttpMethod.POST, approve, APPROVER_1, null);
        assertThat(approved.getStatusCode().value()).isEqualTo(200);
        assertThat(JSON.readTree(approved.getBody()).get("status").asText()).isEqualTo("DONE");
        assertThat(lines("workbench:" + pendingId + ":write-off"))
                .containsExactly("DEBIT WRITE_OFFS 2000", "CREDIT ACCOUNTS_RECEIVABLE 2000");
        assertThat(jdbc.sql("select actor from audit_event where action = 'workbench.approve' and subject_id = :id")
                .param("id", String.valueOf(pendingId)).query(String.class).list()).containsExactly("ann");
        assertThat(call(HttpMethod.GET, "/operations/audit/verify", VIEWER, null).getBody()).contains("\"intact\":true");
    }

    @Test
    void theOpenApiDocumentDescribesTheWorkbenchWithItsRoles() throws Exception {
        ResponseEntity<String> answer = http.getForEntity("/operations/openapi.json", String.class);
        var parsed = new io.swagger.v3.parser.OpenAPIV3Parser().readContents(answer.getBody());
        assertThat(parsed.getMessages()).as("problems the OpenAPI parser reports").isEmpty();
        JsonNode paths = JSON.readTree(answer.getBody()).path("paths");
        assertRole(paths, "/operations/workbench/exceptions", "get", "VIEWER");
        assertRole(paths, "/operations/workbench/exceptions/{id}/match", "post", "OPERATOR");
        assertRole(paths, "/operations/workbench/exceptions/{id}/write-off", "post", "OPERATOR");
        assertRole(paths, "/operations/workbench/exceptions/{id}/refund", "post", "OPERATOR");
        assertRole(paths, "/operations/workbench/exceptions/{id}/credit", "post", "OPERATOR");
        assertRole(paths, "/operations/workbench/exceptions/{id}/ignore", "post", "OPERATOR");
        assertRole(paths, "/operations/workbench/actions/{id}/undo", "post", "OPERATOR");
        assertRole(paths, "/operations/workbench/actions/{id}/approve", "post", "APPROVER_1");
        assertThat(paths.path("/operations/workbench/exceptions").path("get").path("parameters").findValuesAsText("name"))
                .contains("status", "reason", "gateway", "customer", "minAmount", "maxAmount", "minAgeDays");
    }

    static void assertRole(JsonNode paths, String path, String method, String role) {
        JsonNode operation = paths.path(path).path(method);
        assertThat(operation.isMissingNode()).as(path + " " + method).isFalse();
        assertThat(operation.path(com.ledgerbridge.security.OperationsApiDocument.REQUIRED_ROLE).asText()).as(path)
                .isEqualTo(role);
    }
}
