package com.ledgerbridge.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.gateway.SettlementBillDownload;
import com.ledgerbridge.gateway.SettlementBillFormat;
import com.ledgerbridge.simulators.StripeEvents;
import com.ledgerbridge.simulators.StripeSimulator;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /webhooks/stripe} over real HTTP on the whole application (PostgreSQL when reachable, else H2), with
 * events signed by stripe-java: answered 200 only once stored, a resend raced five times is one row, a forged event
 * is answered 400 with its reason and recorded.
 */
// this context is used by no other test class: close it, and give its database connections back, when done
@DirtiesContext
class StripeWebhookTest extends IntegrationTest {

    static final String SECRET = StripeEvents.sandboxSecret();
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    final ExecutorService senders = Executors.newFixedThreadPool(8);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        registry.add("ledgerbridge.gateways.stripe.enabled", () -> true);
        registry.add("ledgerbridge.gateways.stripe.endpoint-secrets", () -> SECRET);
        registry.add("ledgerbridge.gateways.stripe.livemode", () -> false);
        registry.add("ledgerbridge.gateways.stripe.download.enabled", () -> true);
        registry.add("ledgerbridge.gateways.stripe.download.api-base", stripeApi::apiBase);
        registry.add("ledgerbridge.gateways.stripe.download.api-key", () -> StripeSimulator.API_KEY);
    }

    static final StripeSimulator stripeApi = StripeSimulator.start();

    @AfterAll
    static void stopStripeApi() {
        stripeApi.close();
    }

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    List<SettlementBillFormat> billFormats;

    @Autowired
    List<SettlementBillDownload> billDownloads;

    @TempDir
    Path billFolder;

    record Answer(int status, String contentType, String body) {
    }

    Answer post(String payload, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.getBytes(StandardCharsets.UTF_8)));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String signed(String payload) {
        return StripeEvents.signature(payload, SECRET, Instant.now().getEpochSecond());
    }

    static String payment(String chargeId, long cents, String invoice) {
        return StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent(StripeEvents.newId("pi"),
                chargeId, cents, "usd", Map.of("invoice_number", invoice), "cus_W1")).json();
    }

    long rowsFor(String chargeId) {
        return jdbc.sql("select count(*) from payment_event where gateway = 'stripe' and gateway_trade_id = :t")
                .param("t", chargeId).query(Long.class).single();
    }

    static void assertReceived(Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body()).isEqualTo("{\"received\":true}");
    }

    @Test
    void aSignedPaymentIsStoredAndAnsweredReceived() {
        String chargeId = StripeEvents.newId("ch");
        String payload = payment(chargeId, 12_345, "INV-000900");
        assertReceived(post(payload, signed(payload)));
        Map<String, Object> row = jdbc.sql("select * from payment_event where gateway = 'stripe' and gateway_trade_id = :t")
                .param("t", chargeId).query().singleRow();
        assertThat(row.get("event_key")).isEqualTo(chargeId + ":PAYMENT");
        assertThat(row.get("event_type")).isEqualTo("PAYMENT");
        assertThat(row.get("merchant_reference")).isEqualTo("INV-000900");
        assertThat(new BigDecimal(row.get("amount").toString())).isEqualByComparingTo("123.45");
        assertThat(row.get("currency").toString().strip()).isEqualTo("USD");
        assertThat(row.get("notification_id").toString()).startsWith("evt_");
        assertThat(row.get("raw_payload")).isEqualTo(payload);
    }

    @Test
    void aRefundStoresTheRefundTotalAndTheImpliedPayment() {
        String chargeId = StripeEvents.newId("ch");
        String payload = StripeEvents.event("charge.refunded", StripeEvents.charge(chargeId, StripeEvents.newId("pi"),
                5_000, 1_000, "usd", Map.of(), null, Instant.now().getEpochSecond() - 3600)).json();
        assertReceived(post(payload, signed(payload)));
        assertThat(jdbc.sql("select event_key from payment_event where gateway_trade_id = :t order by event_key")
                .param("t", chargeId).query(String.class).list())
                .containsExactly(chargeId + ":PAYMENT", chargeId + ":REFUNDED_TO:1000");
    }

    @Test
    void theSameEventFiveTimesAtOnceIsOneRowAndFiveReceived() throws Exception {
        for (int round = 0; round < 4; round++) {
            String chargeId = StripeEvents.newId("ch");
            String payload = payment(chargeId, 2_000, "INV-RACE-" + round);
            String signature = signed(payload);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(senders.submit(() -> {
                    start.await();
                    return post(payload, signature);
                }));
            }
            start.countDown();
            for (Future<Answer> answer : answers) {
                assertReceived(answer.get());
            }
            assertThat(rowsFor(chargeId)).as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    void aForgedEventIsAnswered400WithItsReasonAndRecorded() throws Exception {
        String chargeId = StripeEvents.newId("ch");
        StripeEvents.Event event = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent(
                StripeEvents.newId("pi"), chargeId, 99_999, "usd", Map.of("invoice_number", "INV-FORGED"), null));
        String payload = event.json();
        String forged = StripeEvents.signature(payload, StripeEvents.sandboxSecret(), Instant.now().getEpochSecond());

        Answer answer = post(payload, forged);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(answer.body()).get("reason").asText()).isEqualTo("SIGNATURE_MISMATCH");
        assertThat(rowsFor(chargeId)).isZero();
        assertThat(jdbc.sql("select reason from rejected_notification where gateway = 'stripe' and notification_id = :n")
                .param("n", event.id()).query(String.class).list()).containsExactly("SIGNATURE_MISMATCH");

        Answer unsigned = post(payload, null);
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(JSON.readTree(unsigned.body()).get("reason").asText()).isEqualTo("MISSING_SIGNATURE");
    }

    @Test
    void theBillDownloadAndFormatAreWiredThroughTheApplicationsCamelHttp() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 20);
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        stripeApi.charge("txn_W1", "ch_W1", start + 100, 4_200, 152, "usd", Map.of("invoice_number", "INV-W1"), null);
        stripeApi.refund("txn_W2", "re_W2", "ch_W1", start + 200, 1_000, "usd");
        SettlementBillDownload download = billDownloads.stream().filter(d -> d.gateway().equals("stripe")).findFirst()
                .orElseThrow();
        SettlementBillFormat format = billFormats.stream().filter(f -> f.gateway().equals("stripe")).findFirst()
                .orElseThrow();

        Path file = download.download(day, billFolder).orElseThrow();

        List<BillLine> lines = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            format.read(in, file.getFileName().toString(), new SettlementBillFormat.BillLineSink() {
                @Override
                public void line(BillLine line) {
                    lines.add(line);
                }

                @Override
                public void rejected(long lineNumber, String reason) {
                    throw new AssertionError(lineNumber + ": " + reason);
                }
            });
        }
        assertThat(lines).extracting(BillLine::lineKey).containsExactly("txn_W2", "txn_W1"); // newest first
        assertThat(lines).extracting(BillLine::gatewayTradeId).containsOnly("ch_W1");
    }
}
