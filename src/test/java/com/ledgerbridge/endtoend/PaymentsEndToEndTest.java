package com.ledgerbridge.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.invoicing.InvoicingService;
import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.simulators.AlipayTradeBillWriter;
import com.ledgerbridge.simulators.StripeEvents;
import com.ledgerbridge.simulators.WechatPayNotifier;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.OperatorTokens;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each gateway end to end, through the whole application on the real schema: signed notifications over HTTP become
 * payments applied to invoices, a partial refund reopens part of its invoice, a lost dispute is withdrawn and
 * written off (Stripe), and the day's settlement bill — dropped into the gateway's bill folder — reveals the one
 * payment whose notification never came: the books heal themselves from the bill, the gateway's fees (and Stripe's
 * payout) are booked, the report names the missed notification, and importing the bill again or receiving the late
 * notification changes nothing. Every entry reaches the ledger (the CSV journal) exactly once.
 */
@DirtiesContext
class PaymentsEndToEndTest extends IntegrationTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    static final AlipaySimulator alipay = new AlipaySimulator();
    static final String STRIPE_SECRET = StripeEvents.sandboxSecret();
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = configure(registry, TestDatabase.standard());
        registry.add("ledgerbridge.pipeline.sweep-interval-ms", () -> 500);
        registry.add("ledgerbridge.gateways.alipay.public-key", alipay::publicKey);
        registry.add("ledgerbridge.gateways.alipay.app-id", () -> AlipaySimulator.APP_ID);
        registry.add("ledgerbridge.gateways.alipay.seller-id", () -> AlipaySimulator.SELLER_ID);
        String w = "ledgerbridge.gateways.wechatpay.";
        registry.add(w + "enabled", () -> true);
        registry.add(w + "mch-id", () -> WechatPayNotifier.MCH_ID);
        registry.add(w + "app-id", () -> WechatPayNotifier.APP_ID);
        registry.add(w + "api-v3-key", () -> WechatPayNotifier.API_V3_KEY);
        registry.add(w + "public-key-id", () -> WechatPayNotifier.PUBLIC_KEY_ID);
        registry.add(w + "public-key", WechatPayNotifier::publicKeyPem);
        registry.add("ledgerbridge.gateways.stripe.enabled", () -> true);
        registry.add("ledgerbridge.gateways.stripe.endpoint-secrets", () -> STRIPE_SECRET);
        registry.add("ledgerbridge.gateways.stripe.livemode", () -> false);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OrderStore orders;

    @Autowired
    InvoicingService invoicing;

    // ---- the company's side ---------------------------------------------------------------------------------------

    /** An invoice of 100.00 net + 13.00 VAT = 113.00 in {@code currency}. */
    String invoice(String currency) {
        SalesOrder order = new SalesOrder("e2e", "O-" + UUID.randomUUID(), "v1", "CUST-E2E", null,
                Currency.getInstance(currency), LocalDate.now(BEIJING), null, OrderStatus.BILLABLE,
                List.of(new OrderLine(1, "S", "Consulting", BigDecimal.ONE, new BigDecimal("100.00"))));
        long orderId = orders.store(order).id();
        String number = invoicing.issueBatch(500).issued().get(orderId);
        assertThat(number).isNotNull();
        return number;
    }

    BigDecimal allocatedTotal(String invoice) {
        return jdbc.sql("select allocated_total from invoice where invoice_number = :n").param("n", invoice)
                .query(BigDecimal.class).single();
    }

    /** Journal entries whose key starts with {@code prefix}: key to posting status. */
    Map<String, String> entries(String prefix) {
        Map<String, String> entries = new TreeMap<>();
        jdbc.sql("select idempotency_key, posting_status from journal_entry where idempotency_key like :p")
                .param("p", prefix + "%").query(rs -> {
                    entries.put(rs.getString(1), rs.getString(2));
                });
        return entries;
    }

    /** Waits until exactly these entries exist for the prefixes and all are posted to the ledger. */
    void awaitPosted(List<String> prefixes, List<String> expectedKeys) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, String> all = new TreeMap<>();
            prefixes.forEach(p -> all.putAll(entries(p)));
            assertThat(all).containsOnlyKeys(expectedKeys);
            assertThat(all.values()).allMatch("POSTED"::equals);
        });
    }

    /** The entry's lines as "ROLE debit/credit". */
    List<String> lines(String key) {
        return jdbc.sql("""
                        select l.account_role, l.debit, l.credit from journal_line l join journal_entry e on e.id = l.entry_id
                        where e.idempotency_key = :k order by l.line_no
                        """).param("k", key)
                .query((rs, n) -> rs.getString(1) + " " + plain(rs.getBigDecimal(2)) + "/" + plain(rs.getBigDecimal(3)))
                .list();
    }

    static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    /** How many journal lines the CSV ledger has received for an entry (the ledger's own view: posted once). */
    long postedToLedger(String key) throws IOException {
        long lines = 0;
        try (var files = Files.list(dataDir.resolve("out"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("journal-")).toList()) {
                lines += Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.startsWith(key + ",")).count();
            }
        }
        return lines;
    }

    JsonNode payment(String gateway, String tradeId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/operations/payments/"
                        + gateway + "/" + tradeId))
                .header("Authorization", "Bearer " + OperatorTokens.DEMO_OPERATOR).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Drops a bill into the gateway's folder as a download would: written aside, then moved in. */
    void dropBill(String gateway, String fileName, byte[] content) throws IOException {
        Path folder = dataDir.resolve("in").resolve("bills").resolve(gateway);
        Files.createDirectories(folder);
        Path aside = Files.createTempFile(dataDir, "bill-", ".tmp");
        Files.write(aside, content);
        Files.move(aside, folder.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    void awaitReport(String gateway, LocalDate day, long expectedBillLines) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql("""
                        select bill_lines from settlement_report
                        where gateway = :g and bill_date = :d and finished_at is not null
                        """).param("g", gateway).param("d", day).query(Long.class).optional())
                .contains(expectedBillLines));
    }

    Map<String, Object> report(String gateway, LocalDate day) {
        return jdbc.sql("select * from settlement_report where gateway = :g and bill_date = :d")
                .param("g", gateway).param("d", day).query().singleRow();
    }

    Map<String, String> discrepancies(String gateway, LocalDate day) {
        Map<String, String> byTrade = new TreeMap<>();
        jdbc.sql("select gateway_trade_id, kind from settlement_discrepancy where gateway = :g and bill_date = :d")
                .param("g", gateway).param("d", day).query(rs -> {
                    byTrade.put(rs.getString(1), rs.getString(2));
                });
        return byTrade;
    }

    String origin(String gateway, String eventKey) {
        return jdbc.sql("select origin from payment_event where gateway = :g and event_key = :k")
                .param("g", gateway).param("k", eventKey).query(String.class).single();
    }

    long journalEntries() {
        return jdbc.sql("select count(*) from journal_entry").query(Long.class).single();
    }

    HttpResponse<String> post(String gateway, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/" + gateway))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- Alipay ---------------------------------------------------------------------------------------------------

    HttpResponse<String> notifyAlipay(Map<String, String> params) throws Exception {
        return post("alipay", AlipaySimulator.formBody(alipay.signed(params)).getBytes(StandardCharsets.US_ASCII),
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
    }

    @Test
    void alipayPaymentPartialRefundAndADayBillThatRevealsAMissedNotification() throws Exception {
        String paidInvoice = invoice("CNY");
        String missedInvoice = invoice("CNY");
        Map<String, String> payment = alipay.paymentNotification(paidInvoice, "113.00", "utf-8");
        String trade = payment.get("trade_no");
        assertThat(notifyAlipay(payment).body()).isEqualTo("success");
        assertThat(notifyAlipay(payment).body()).isEqualTo("success"); // Alipay sends it again

        // a partial refund: TRADE_SUCCESS again, refund_fee cumulative, a new notify_id
        String refundTime = LocalDateTime.now(BEIJING).format(TIME) + ".320";
        Map<String, String> refund = new LinkedHashMap<>(payment);
        refund.put("notify_id", UUID.randomUUID().toString().replace("-", ""));
        refund.put("refund_fee", "30.00");
        refund.put("out_biz_no", "RF-" + trade);
        refund.put("gmt_refund", refundTime);
        assertThat(notifyAlipay(refund).body()).isEqualTo("success");

        String paymentKey = "payment:alipay:" + trade + "->" + paidInvoice;
        String refundKey = "refund:alipay:" + trade + ":to:3000";
        awaitPosted(List.of("payment:alipay:" + trade, "refund:alipay:" + trade), List.of(paymentKey, refundKey));
        assertThat(lines(refundKey)).containsExactly("ACCOUNTS_RECEIVABLE 30/0", "GATEWAY_CLEARING 0/30");
        assertThat(allocatedTotal(paidInvoice)).isEqualByComparingTo("83.00");
        assertThat(payment("alipay", trade).get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");

        // the missed payment: Alipay gave up sending it; only the bill knows
        Map<String, String> missed = alipay.paymentNotification(missedInvoice, "113.00", "utf-8");
        String missedTrade = missed.get("trade_no");
        LocalDate day = LocalDate.now(BEIJING);
        String now = LocalDateTime.now(BEIJING).format(TIME);
        AlipayTradeBillWriter bill = new AlipayTradeBillWriter(AlipaySimulator.SELLER_ID, day)
                .payment(trade, paidInvoice, "113.00", "-0.68", now)
                .refund(trade, paidInvoice, "-30.00", "RF-" + trade, "0.18", now)
                .payment(missedTrade, missedInvoice, "113.00", "-0.68", now);
        dropBill("alipay", bill.zipName(), bill.zip());
        awaitReport("alipay", day, 3);

        String healedKey = "payment:alipay:" + missedTrade + "->" + missedInvoice;
        String feesKey = "fees:alipay:" + day + ":CNY";
        awaitPosted(List.of("payment:alipay:" + missedTrade, feesKey), List.of(healedKey, feesKey));
        assertThat(origin("alipay", missedTrade + ":PAYMENT")).isEqualTo("BILL");
        assertThat(allocatedTotal(missedInvoice)).isEqualByComparingTo("113.00");
        assertThat(lines(feesKey)).containsExactly("GATEWAY_FEES 1.18/0", "GATEWAY_CLEARING 0/1.18");
        assertThat(discrepancies("alipay", day)).containsEntry(missedTrade, "MISSING_NOTIFICATION")
                .doesNotContainKey(trade);
        assertThat(report("alipay", day)).containsEntry("matched", 1L).containsEntry("missing_notification", 1L);

        // the same bill again, and the late notification: nothing more
        long before = journalEntries();
        dropBill("alipay", "again-" + bill.zipName(), bill.zip());
        assertThat(notifyAlipay(missed).body()).isEqualTo("success");
        Thread.sleep(2000);
        assertThat(journalEntries()).isEqualTo(before);
        for (String key : List.of(paymentKey, refundKey, healedKey, feesKey)) {
            assertThat(postedToLedger(key)).as("ledger lines of %s", key).isEqualTo(2);
        }
    }

    // ---- WeChat Pay -----------------------------------------------------------------------------------------------

    HttpResponse<String> notifyWechat(WechatPayNotifier.Notification notification) throws Exception {
        return post("wechatpay", notification.body(), notification.headers());
    }

    @Test
    void wechatPayPaymentPartialRefundAndADayBillThatRevealsAMissedNotification() throws Exception {
        String paidInvoice = invoice("CNY");
        String missedInvoice = invoice("CNY");
        String successTime = java.time.OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).toString();
        String transaction = "4200" + Math.abs(UUID.randomUUID().getMostSignificantBits());
        String missedTransaction = "4200" + Math.abs(UUID.randomUUID().getMostSignificantBits());
        String refundId = "5030" + Math.abs(UUID.randomUUID().getMostSignificantBits());
        var paid = WechatPayNotifier.payment(
                WechatPayNotifier.transaction(transaction, paidInvoice, 11300, "CNY", successTime), Instant.now());
        assertThat(notifyWechat(paid).statusCode()).isEqualTo(204);
        var refunded = WechatPayNotifier.refund("REFUND.SUCCESS", WechatPayNotifier.refund(transaction, paidInvoice,
                refundId, "SUCCESS", 11300, 3000, successTime), Instant.now());
        assertThat(notifyWechat(refunded).statusCode()).isEqualTo(204);

        String paymentKey = "payment:wechatpay:" + transaction + "->" + paidInvoice;
        String refundKey = "refund:wechatpay:" + transaction + ":to:3000";
        awaitPosted(List.of("payment:wechatpay:" + transaction, "refund:wechatpay:" + transaction),
                List.of(paymentKey, refundKey));
        assertThat(lines(paymentKey)).containsExactly("GATEWAY_CLEARING 113/0", "ACCOUNTS_RECEIVABLE 0/113");
        assertThat(allocatedTotal(paidInvoice)).isEqualByComparingTo("83.00");
        assertThat(payment("wechatpay", transaction).get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");

        LocalDate day = LocalDate.now(BEIJING);
        String at = LocalDateTime.now(BEIJING).format(TIME);
        String header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
                + "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
                + "手续费,费率,订单金额,申请退款金额,费率备注";
        String mch = WechatPayNotifier.MCH_ID;
        String app = WechatPayNotifier.APP_ID;
        String bill = String.join("\n", header,
                "`" + at + ",`" + app + ",`" + mch + ",`0,`,`" + transaction + ",`" + paidInvoice + ",`oUser,`JSAPI,`SUCCESS,"
                        + "`CMC,`CNY,`113.00,`0.00,`0,`0,`0.00,`0.00,`,`,`发票,`,`0.68000,`0.60%,`113.00,`0.00,`",
                "`" + at + ",`" + app + ",`" + mch + ",`0,`,`" + transaction + ",`" + paidInvoice + ",`oUser,`JSAPI,`REFUND,"
                        + "`CMC,`CNY,`0.00,`0.00,`" + refundId + ",`R-" + paidInvoice + ",`30.00,`0.00,`ORIGINAL,`SUCCESS,"
                        + "`发票,`,`-0.18000,`0.60%,`0.00,`30.00,`",
                "`" + at + ",`" + app + ",`" + mch + ",`0,`,`" + missedTransaction + ",`" + missedInvoice + ",`oUser,`JSAPI,"
                        + "`SUCCESS,`CMC,`CNY,`113.00,`0.00,`0,`0,`0.00,`0.00,`,`,`发票,`,`0.68000,`0.60%,`113.00,`0.00,`",
                "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
                "`3,`226.00,`30.00,`0.00,`1.18000,`226.00,`30.00") + "\n";
        String fileName = "wechatpay-" + mch + "-tradebill-" + day + ".csv";
        dropBill("wechatpay", fileName, bill.getBytes(StandardCharsets.UTF_8));
        awaitReport("wechatpay", day, 3);

        String healedKey = "payment:wechatpay:" + missedTransaction + "->" + missedInvoice;
        String feesKey = "fees:wechatpay:" + day + ":CNY";
        awaitPosted(List.of("payment:wechatpay:" + missedTransaction, feesKey), List.of(healedKey, feesKey));
        assertThat(origin("wechatpay", missedTransaction + ":PAYMENT")).isEqualTo("BILL");
        // the WeChat Pay clearing sub-account, not Alipay's
        assertThat(jdbc.sql("""
                        select distinct l.account_code from journal_line l join journal_entry e on e.id = l.entry_id
                        where e.idempotency_key = :k and l.account_role = 'GATEWAY_CLEARING'
                        """).param("k", healedKey).query(String.class).list()).containsExactly("101202");
        assertThat(lines(feesKey)).containsExactly("GATEWAY_FEES 1.18/0", "GATEWAY_CLEARING 0/1.18");
        assertThat(discrepancies("wechatpay", day)).containsEntry(missedTransaction, "MISSING_NOTIFICATION")
                .doesNotContainKey(transaction);

        long before = journalEntries();
        dropBill("wechatpay", "again-" + fileName, bill.getBytes(StandardCharsets.UTF_8));
        var late = WechatPayNotifier.payment(
                WechatPayNotifier.transaction(missedTransaction, missedInvoice, 11300, "CNY", successTime), Instant.now());
        assertThat(notifyWechat(late).statusCode()).isEqualTo(204);
        Thread.sleep(2000);
        assertThat(journalEntries()).isEqualTo(before);
        for (String key : List.of(paymentKey, refundKey, healedKey, feesKey)) {
            assertThat(postedToLedger(key)).as("ledger lines of %s", key).isEqualTo(2);
        }
    }

    // ---- Stripe ---------------------------------------------------------------------------------------------------

    HttpResponse<String> notifyStripe(String payload) throws Exception {
        return post("stripe", payload.getBytes(StandardCharsets.UTF_8), Map.of(
                "Content-Type", "application/json; charset=utf-8",
                "Stripe-Signature", StripeEvents.signature(payload, STRIPE_SECRET, Instant.now().getEpochSecond())));
    }

    static String paymentSucceeded(String charge, long cents, String invoice) {
        return StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent(StripeEvents.newId("pi"),
                charge, cents, "usd", Map.of("invoice_number", invoice), "cus_E2E")).json();
    }

    @Test
    void stripePaymentPartialRefundLostDisputeAndADayBillThatRevealsAMissedNotification() throws Exception {
        String refundedInvoice = invoice("USD");
        String disputedInvoice = invoice("USD");
        String missedInvoice = invoice("USD");
        String charge = StripeEvents.newId("ch");
        String disputedCharge = StripeEvents.newId("ch");
        String missedCharge = StripeEvents.newId("ch");
        String dispute = StripeEvents.newId("dp");
        long created = Instant.now().getEpochSecond();

        assertThat(notifyStripe(paymentSucceeded(charge, 11300, refundedInvoice)).statusCode()).isEqualTo(200);
        String refund = StripeEvents.event("charge.refunded", StripeEvents.charge(charge, StripeEvents.newId("pi"), 11300,
                3000, "usd", Map.of("invoice_number", refundedInvoice), "cus_E2E", created)).json();
        assertThat(notifyStripe(refund).statusCode()).isEqualTo(200);
        assertThat(notifyStripe(paymentSucceeded(disputedCharge, 11300, disputedInvoice)).statusCode()).isEqualTo(200);
        // the verdict arrives before the dispute's creation: the lifecycle books both, in order
        assertThat(notifyStripe(StripeEvents.event("charge.dispute.closed", StripeEvents.dispute(dispute, disputedCharge,
                11300, "usd", "lost", created)).json()).statusCode()).isEqualTo(200);
        assertThat(notifyStripe(StripeEvents.event("charge.dispute.created", StripeEvents.dispute(dispute, disputedCharge,
                11300, "usd", "needs_response", created)).json()).statusCode()).isEqualTo(200);

        String paymentKey = "payment:stripe:" + charge + "->" + refundedInvoice;
        String refundKey = "refund:stripe:" + charge + ":to:3000";
        String disputedPaymentKey = "payment:stripe:" + disputedCharge + "->" + disputedInvoice;
        String opened = "dispute:stripe:" + disputedCharge + ":" + dispute + ":opened";
        String lost = "dispute:stripe:" + disputedCharge + ":" + dispute + ":lost";
        awaitPosted(List.of("payment:stripe:" + charge, "refund:stripe:" + charge, "payment:stripe:" + disputedCharge,
                "dispute:stripe:" + disputedCharge), List.of(paymentKey, refundKey, disputedPaymentKey, opened, lost));
        assertThat(lines(opened)).containsExactly("DISPUTED_FUNDS 113/0", "GATEWAY_CLEARING 0/113");
        assertThat(lines(lost)).containsExactly("CHARGEBACK_LOSSES 113/0", "DISPUTED_FUNDS 0/113");
        assertThat(payment("stripe", disputedCharge).get("status").asText()).isEqualTo("DISPUTE_LOST");
        assertThat(payment("stripe", charge).get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(allocatedTotal(refundedInvoice)).isEqualByComparingTo("83.00");

        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        String at = LocalDateTime.now(ZoneOffset.UTC).format(TIME);
        String header = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,"
                + "reporting_category,source_id,description,customer_id,charge_id,payment_intent_id,"
                + "payment_metadata[invoice_number]";
        String activity = String.join("\r\n", header,
                "txn_e1," + at + "," + at + ",usd,113.00,3.58,109.42,charge," + charge + ",Invoice,cus_E2E," + charge
                        + ",pi_1," + refundedInvoice,
                "txn_e2," + at + "," + at + ",usd,-30.00,0.00,-30.00,refund,re_e2,Refund,cus_E2E," + charge + ",pi_1,"
                        + refundedInvoice,
                "txn_e3," + at + "," + at + ",usd,113.00,3.58,109.42,charge," + disputedCharge + ",Invoice,cus_E2E,"
                        + disputedCharge + ",pi_2," + disputedInvoice,
                "txn_e4," + at + "," + at + ",usd,-113.00,15.00,-128.00,dispute," + dispute + ",Chargeback,cus_E2E,"
                        + disputedCharge + ",pi_2,",
                "txn_e5," + at + "," + at + ",usd,113.00,3.58,109.42,charge," + missedCharge + ",Invoice,cus_E2E,"
                        + missedCharge + ",pi_3," + missedInvoice) + "\r\n";
        String payouts = String.join("\r\n", "payout_id,effective_at_utc,currency,gross,fee,net,reporting_category,"
                        + "balance_transaction_id,description",
                "po_e2e," + at + ",usd,-50.00,0.00,-50.00,payout,txn_po,STRIPE PAYOUT") + "\r\n";
        String activityName = "Itemized_balance_change_from_activity_USD_" + day + ".csv";
        dropBill("stripe", activityName, activity.getBytes(StandardCharsets.UTF_8));
        awaitReport("stripe", day, 5);
        dropBill("stripe", "Itemized_payouts_USD_" + day + ".csv", payouts.getBytes(StandardCharsets.UTF_8));

        String healedKey = "payment:stripe:" + missedCharge + "->" + missedInvoice;
        String feesKey = "fees:stripe:" + day + ":USD";
        String payoutKey = "payout:stripe:po_e2e";
        awaitPosted(List.of("payment:stripe:" + missedCharge, feesKey, payoutKey), List.of(healedKey, feesKey, payoutKey));
        assertThat(origin("stripe", missedCharge + ":PAYMENT")).isEqualTo("BILL");
        assertThat(lines(feesKey)).containsExactly("GATEWAY_FEES 25.74/0", "GATEWAY_CLEARING 0/25.74");
        assertThat(lines(payoutKey)).containsExactly("BANK 50/0", "GATEWAY_CLEARING 0/50");
        assertThat(discrepancies("stripe", day)).containsEntry(missedCharge, "MISSING_NOTIFICATION")
                .doesNotContainKeys(charge, disputedCharge);

        long before = journalEntries();
        dropBill("stripe", "again-" + activityName, activity.getBytes(StandardCharsets.UTF_8));
        assertThat(notifyStripe(paymentSucceeded(missedCharge, 11300, missedInvoice)).statusCode()).isEqualTo(200);
        Thread.sleep(2000);
        assertThat(journalEntries()).isEqualTo(before);
        for (String key : List.of(paymentKey, refundKey, disputedPaymentKey, opened, lost, healedKey, feesKey, payoutKey)) {
            assertThat(postedToLedger(key)).as("ledger lines of %s", key).isEqualTo(2);
        }
    }
}
