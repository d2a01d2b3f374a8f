package com.ledgerbridge.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.gateway.SettlementBillFormat;
import com.ledgerbridge.simulators.StripeSimulator;
import com.stripe.model.BalanceTransaction;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Refund;
import com.stripe.net.ApiResource;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day's balance transactions from the Stripe simulator into the bill file, through camel-http as in the
 * application (automatic retries off): paging, the request Stripe expects, every outcome (no bill, 401, 429 with
 * Retry-After, 5xx in the middle of paging, a timeout, no connection), and the file read back by our own bill reader
 * agreeing with what stripe-java reads from the API's JSON.
 */
class StripeBalanceBillDownloadTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    static final long DAY_START = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    static final Clock CLOCK = Clock.fixed(DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);

    static StripeSimulator stripe;
    static CamelContext camel;
    static ProducerTemplate http;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() {
        stripe = StripeSimulator.start();
        camel = new DefaultCamelContext();
        // as app/OutboundHttp: Apache HttpClient must not sleep on a 429's Retry-After and re-send by itself
        camel.getComponent("http", HttpComponent.class).setHttpClientConfigurer(builder -> builder.disableAutomaticRetries());
        camel.start();
        http = camel.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        camel.stop();
        stripe.close();
    }

    @AfterEach
    void reset() {
        stripe.reset();
    }

    static StripeProperties properties(String apiBase, String apiKey, String accountId, String zone, Duration readTimeout) {
        return new StripeProperties(true, List.of("whsec_test_sandbox_download"), null, false, accountId, null,
                new StripeProperties.Bill(zone), new StripeProperties.Download(true, URI.create(apiBase), apiKey, 100,
                        Duration.ofSeconds(2), readTimeout));
    }

    static StripeBalanceBillDownload download() {
        return download(properties(stripe.apiBase(), StripeSimulator.API_KEY, null, "UTC", Duration.ofSeconds(5)));
    }

    static StripeBalanceBillDownload download(StripeProperties properties) {
        return new StripeBalanceBillDownload(properties, http, CLOCK);
    }

    List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    static List<BillLine> readBack(Path file, String accountId) throws IOException {
        List<BillLine> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            new StripeBalanceBillFormat(ZoneOffset.UTC, accountId, "invoice_number").read(in, file.getFileName().toString(),
                    new SettlementBillFormat.BillLineSink() {
                        @Override
                        public void line(BillLine line) {
                            lines.add(line);
                        }

                        @Override
                        public void rejected(long lineNumber, String reason) {
                            throw new AssertionError("line " + lineNumber + " rejected: " + reason);
                        }
                    });
        }
        return lines;
    }

    @Test
    void aDayOfSeveralPagesIsWrittenWholeAndReadsBackAsStripeJavaReadsTheApi() throws IOException {
        List<ObjectNode> api = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            api.add(stripe.charge(String.format("txn_c%03d", i), String.format("ch_%03d", i), DAY_START + 60L * i,
                    1_000 + i, 59 + i % 7, "usd", Map.of("invoice_number", "INV-" + i), "cus_" + i));
        }
        api.add(stripe.refund("txn_r1", "re_1", "ch_007", DAY_START + 50_000, 400, "usd"));
        api.add(stripe.dispute("txn_d1", "dp_1", "ch_008", DAY_START + 60_000, 1_008, 1_500, "usd"));
        api.add(stripe.payout("txn_p1", "po_1", DAY_START + 70_000, 90_000, "usd"));
        api.add(stripe.stripeFee("txn_f1", DAY_START + 80_000, 200, "usd"));
        api.add(stripe.charge("txn_jpy", "ch_jpy", DAY_START + 81_000, 5_000, 175, "jpy", Map.of(), null));
        api.add(stripe.charge("txn_isk", "ch_isk", DAY_START + 82_000, 50_000, 1_500, "isk", Map.of(), null));
        // the days either side are not this day's bill
        stripe.charge("txn_before", "ch_before", DAY_START - 1, 100, 0, "usd", Map.of(), null);
        stripe.charge("txn_after", "ch_after", DAY_START + 86_400, 100, 0, "usd", Map.of(), null);

        Optional<Path> written = download().download(DAY, folder);

        assertThat(written).contains(folder.resolve("stripe-balance-2026-11-22.csv"));
        assertThat(filesIn(folder)).containsExactly(written.get()); // no temporary file left
        List<LoggedRequest> requests = stripe.requests();
        assertThat(requests).hasSize(3); // 236 transactions, 100 a page
        for (LoggedRequest request : requests) {
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + StripeSimulator.API_KEY);
            assertThat(request.queryParameter("created[gte]").firstValue()).isEqualTo(String.valueOf(DAY_START));
            assertThat(request.queryParameter("created[lt]").firstValue()).isEqualTo(String.valueOf(DAY_START + 86_400));
            assertThat(request.queryParameter("limit").firstValue()).isEqualTo("100");
            assertThat(request.queryParameter("expand[]").firstValue()).isEqualTo("data.source");
            assertThat(request.containsHeader("Stripe-Account")).isFalse();
        }
        assertThat(requests.get(0).queryParameter("starting_after").isPresent()).isFalse();
        assertThat(requests.get(1).queryParameter("starting_after").isPresent()).isTrue();

        List<BillLine> lines = readBack(written.get(), null);
        Map<String, BillLine> byKey = new HashMap<>();
        lines.forEach(line -> byKey.put(line.lineKey(), line));
        assertThat(byKey).hasSize(api.size()).doesNotContainKeys("txn_before", "txn_after");
        for (ObjectNode json : api) {
            // the oracle: the SDK's model of the very JSON the API answered, expanded source included
            BalanceTransaction sdk = ApiResource.GSON.fromJson(json.toString(), BalanceTransaction.class);
            BillLine line = byKey.get(sdk.getId());
            assertThat(line.occurredAt().getEpochSecond()).isEqualTo(sdk.getCreated());
            assertThat(line.fee().currency().getCurrencyCode()).isEqualToIgnoringCase(sdk.getCurrency());
            long grossMinor = StripeAmounts.stripeMinorUnits(line.amount());
            long feeMinor = StripeAmounts.stripeMinorUnits(line.fee());
            switch (sdk.getReportingCategory()) {
                case "charge" -> {
                    Charge charge = (Charge) sdk.getSourceObject();
                    assertThat(line.kind()).isEqualTo(BillLineKind.PAYMENT);
                    assertThat(line.gatewayTradeId()).isEqualTo(charge.getId());
                    assertThat(grossMinor).isEqualTo(sdk.getAmount());
                    assertThat(feeMinor).isEqualTo(sdk.getFee());
                    assertThat(line.merchantReference()).isEqualTo(charge.getMetadata().get("invoice_number"));
                }
                case "refund" -> {
                    Refund refund = (Refund) sdk.getSourceObject();
                    assertThat(line.kind()).isEqualTo(BillLineKind.REFUND);
                    assertThat(line.gatewayTradeId()).isEqualTo(refund.getCharge());
                    assertThat(line.movementId()).isEqualTo(refund.getId());
                    assertThat(grossMinor).isEqualTo(-sdk.getAmount());
                }
                case "dispute" -> {
                    Dispute dispute = (Dispute) sdk.getSourceObject();
                    assertThat(line.kind()).isEqualTo(BillLineKind.DISPUTE);
                    assertThat(line.gatewayTradeId()).isEqualTo(dispute.getCharge());
                    assertThat(line.movementId()).isEqualTo(dispute.getId());
                    assertThat(grossMinor).isEqualTo(-sdk.getAmount());
                    assertThat(feeMinor).isEqualTo(sdk.getFee());
                }
                case "payout" -> {
                    assertThat(line.kind()).isEqualTo(BillLineKind.PAYOUT);
                    assertThat(line.gatewayTradeId()).isEqualTo(sdk.getSource());
                    assertThat(grossMinor).isEqualTo(-sdk.getAmount());
                }
                case "fee" -> {
                    assertThat(line.kind()).isEqualTo(BillLineKind.FEE);
                    assertThat(feeMinor).isEqualTo(-sdk.getNet());
                }
                default -> throw new AssertionError(sdk.getReportingCategory());
            }
        }
        // hand-worked: ¥5,000 is 5000 yen; 50000 ISK-hundredths are 500 krónur
        assertThat(byKey.get("txn_jpy").amount()).isEqualTo(Money.of("5000", "JPY"));
        assertThat(byKey.get("txn_isk").amount()).isEqualTo(Money.of("500", "ISK"));
        assertThat(byKey.get("txn_isk").fee()).isEqualTo(Money.of("15", "ISK"));
        assertThat(byKey.get("txn_c001").amount()).isEqualTo(Money.of("10.01", "USD"));
    }

    @Test
    void theDayIsTheBillZonesDay() {
        stripe.charge("txn_sh", "ch_sh", DAY_START - 3_600, 100, 0, "usd", Map.of(), null); // 07:00 in Shanghai
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        Optional<Path> written = download(properties(stripe.apiBase(), StripeSimulator.API_KEY, null,
                shanghai.getId(), Duration.ofSeconds(5))).download(DAY, folder);
        assertThat(written).isPresent();
        LoggedRequest request = stripe.requests().get(0);
        assertThat(request.queryParameter("created[gte]").firstValue())
                .isEqualTo(String.valueOf(DAY.atStartOfDay(shanghai).toEpochSecond()));
    }

    @Test
    void aDayWithoutTransactionsIsNoBill() throws IOException {
        stripe.charge("txn_other_day", "ch_x", DAY_START - 86_400, 100, 0, "usd", Map.of(), null);
        assertThat(download().download(DAY, folder)).isEmpty();
        assertThat(filesIn(folder)).isEmpty();
    }

    @Test
    void aRefusedKeyIsPermanentAndNeverShown() throws IOException {
        StripeBalanceBillDownload wrongKey = download(properties(stripe.apiBase(), "sk_test_sandbox_wrongkey123", null,
                "UTC", Duration.ofSeconds(5)));
        stripe.charge("txn_1", "ch_1", DAY_START, 100, 0, "usd", Map.of(), null);
        assertThatThrownBy(() -> wrongKey.download(DAY, folder)).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("401").hasMessageContaining("ledgerbridge.gateways.stripe.download.api-key")
                .hasMessageNotContaining("sk_test_sandbox_wrongkey123");
        assertThat(filesIn(folder)).isEmpty();
    }

    @Test
    void rateLimitingIsTransientAndCarriesRetryAfter() throws IOException {
        stripe.charge("txn_1", "ch_1", DAY_START, 100, 0, "usd", Map.of(), null);
        stripe.rateLimitNext(1, 7);
        assertThatThrownBy(() -> download().download(DAY, folder)).isInstanceOfSatisfying(TransientFailure.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7))).hasMessageContaining("429");
        assertThat(stripe.requests()).hasSize(1); // no hidden retry underneath
        assertThat(filesIn(folder)).isEmpty();
        // the next attempt (the retry policy's) gets the bill
        assertThat(download().download(DAY, folder)).isPresent();
    }

    @Test
    void aServerErrorInTheMiddleOfPagingIsTransientAndLeavesNoPartialFile() throws IOException {
        for (int i = 0; i < 150; i++) {
            stripe.charge("txn_" + i, "ch_" + i, DAY_START + i, 100, 0, "usd", Map.of(), null);
        }
        stripe.failNext(1, 500, true);
        assertThatThrownBy(() -> download().download(DAY, folder)).isInstanceOf(TransientFailure.class)
                .hasMessageContaining("500").hasMessageContaining("page 2");
        assertThat(filesIn(folder)).isEmpty();
    }

    @Test
    void aTimeoutIsTransient() throws IOException {
        stripe.charge("txn_1", "ch_1", DAY_START, 100, 0, "usd", Map.of(), null);
        stripe.delayAnswers(1_500);
        StripeBalanceBillDownload impatient = download(properties(stripe.apiBase(), StripeSimulator.API_KEY, null, "UTC",
                Duration.ofMillis(300)));
        assertThatThrownBy(() -> impatient.download(DAY, folder)).isInstanceOf(TransientFailure.class);
        assertThat(filesIn(folder)).isEmpty();
    }

    @Test
    void noConnectionIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StripeBalanceBillDownload nowhere = download(properties("http://localhost:" + closedPort,
                StripeSimulator.API_KEY, null, "UTC", Duration.ofSeconds(2)));
        assertThatThrownBy(() -> nowhere.download(DAY, folder)).isInstanceOf(TransientFailure.class)
                .hasMessageNotContaining(StripeSimulator.API_KEY);
    }

    @Test
    void aConnectAccountIsNamedInTheRequestAndTheFile() throws IOException {
        stripe.charge("txn_1", "ch_1", DAY_START, 100, 0, "usd", Map.of(), null);
        Optional<Path> written = download(properties(stripe.apiBase(), StripeSimulator.API_KEY, "acct_1Ours", "UTC",
                Duration.ofSeconds(5))).download(DAY, folder);
        assertThat(written).contains(folder.resolve("stripe-balance-acct_1Ours-2026-11-22.csv"));
        assertThat(stripe.requests().get(0).getHeader("Stripe-Account")).isEqualTo("acct_1Ours");
        assertThat(readBack(written.get(), "acct_1Ours")).hasSize(1);
        assertThatThrownBy(() -> readBack(written.get(), null)).hasMessageContaining("acct_1Ours");
    }
}
