package com.ledgerbridge.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.gateway.WebhookAnswer;
import com.ledgerbridge.gateway.WebhookOutcome;
import com.ledgerbridge.gateway.WebhookRequest;
import com.ledgerbridge.gateway.WebhookVerdict;
import com.ledgerbridge.simulators.StripeEvents;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Stripe gateway on signed events, without Spring. Every accepted event's fields are compared with what the
 * official stripe-java SDK (the oracle) reads from the very same payload via {@code Webhook.constructEvent}: the
 * charge id, amounts in the smallest unit, currency, ids and times must agree.
 */
class StripeGatewayTest {

    static final String SECRET = StripeEvents.sandboxSecret();
    static final long NOW = 1_795_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    final StripeGateway gateway = gateway(false, null);

    static StripeGateway gateway(boolean livemode, String accountId) {
        return gateway(livemode, accountId, CLOCK);
    }

    static StripeGateway gateway(boolean livemode, String accountId, Clock clock) {
        return new StripeGateway(new StripeProperties(true, List.of(SECRET), Duration.ofSeconds(300), livemode, accountId,
                "invoice_number", null, null), clock);
    }

    static WebhookRequest signed(String payload, long timestamp) {
        return new WebhookRequest(payload.getBytes(StandardCharsets.UTF_8),
                Map.of("stripe-signature", StripeEvents.signature(payload, SECRET, timestamp)));
    }

    static WebhookVerdict.Accepted accepted(WebhookVerdict verdict) {
        assertThat(verdict).isInstanceOf(WebhookVerdict.Accepted.class);
        return (WebhookVerdict.Accepted) verdict;
    }

    static WebhookVerdict.Rejected rejected(WebhookVerdict verdict) {
        assertThat(verdict).isInstanceOf(WebhookVerdict.Rejected.class);
        return (WebhookVerdict.Rejected) verdict;
    }

    /** What stripe-java reads from the payload: the verified Event and its data object in the SDK's pinned version. */
    static Event sdkEvent(String payload) {
        try {
            return Webhook.constructEvent(payload, StripeEvents.signature(payload, SECRET, NOW), SECRET, 300, CLOCK);
        } catch (SignatureVerificationException e) {
            throw new AssertionError(e);
        }
    }

    static StripeObject sdkObject(Event event) {
        return event.getDataObjectDeserializer().getObject()
                .orElseThrow(() -> new AssertionError("the SDK could not read data.object in " + event.getApiVersion()));
    }

    // ---- payments

    @Test
    void aSucceededPaymentIntentIsAPaymentOfItsLatestChargeAsTheSdkReadsIt() {
        String chargeId = StripeEvents.newId("ch");
        String payload = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent(StripeEvents.newId("pi"),
                chargeId, 2000, "usd", Map.of("invoice_number", "INV-000042"), "cus_Q1"))
                .created(NOW - 3).json();

        WebhookVerdict.Accepted verdict = accepted(gateway.read(signed(payload, NOW)));

        Event sdk = sdkEvent(payload);
        PaymentIntent intent = (PaymentIntent) sdkObject(sdk);
        assertThat(verdict.notificationId()).isEqualTo(sdk.getId());
        assertThat(verdict.reference()).isEqualTo("INV-000042");
        assertThat(verdict.rawPayload()).isEqualTo(payload);
        assertThat(verdict.events()).hasSize(1);
        PaymentEvent payment = verdict.events().get(0);
        assertThat(payment.gateway()).isEqualTo("stripe");
        assertThat(payment.type()).isEqualTo(PaymentEventType.PAYMENT);
        assertThat(payment.gatewayTradeId()).isEqualTo(intent.getLatestCharge()).isEqualTo(chargeId);
        assertThat(payment.eventKey()).isEqualTo(chargeId + ":PAYMENT");
        assertThat(payment.amount().minorUnits()).isEqualTo(intent.getAmountReceived());
        assertThat(payment.amount()).isEqualTo(Money.of("20.00", "USD")); // 2000 cents, worked by hand
        assertThat(payment.amount().currency().getCurrencyCode().toLowerCase()).isEqualTo(intent.getCurrency());
        assertThat(payment.merchantReference()).isEqualTo(intent.getMetadata().get("invoice_number"));
        assertThat(payment.payerId()).isEqualTo(intent.getCustomer());
        assertThat(payment.occurredAt()).isEqualTo(Instant.ofEpochSecond(sdk.getCreated()));
    }

    @Test
    void aZeroDecimalYenAmountIsWholeYen() {
        String chargeId = StripeEvents.newId("ch");
        String payload = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent(StripeEvents.newId("pi"),
                chargeId, 5000, "jpy", Map.of("invoice_number", "INV-JP-1"), null)).created(NOW).json();

        PaymentEvent payment = accepted(gateway.read(signed(payload, NOW))).events().get(0);

        PaymentIntent intent = (PaymentIntent) sdkObject(sdkEvent(payload));
        assertThat(intent.getAmountReceived()).isEqualTo(5000L);
        assertThat(payment.amount()).isEqualTo(Money.of("5000", "JPY")); // ¥5,000, not ¥50.00
        assertThat(payment.amount().amount().scale()).isZero();
        assertThat(payment.payerId()).isNull();
    }

    @Test
    void icelandicKronurComeInHundredthsAndFractionsAreRefused() {
        String whole = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent(StripeEvents.newId("pi"),
                StripeEvents.newId("ch"), 50_000, "isk", Map.of(), null)).created(NOW).json();
        assertThat(accepted(gateway.read(signed(whole, NOW))).events().get(0).amount()).isEqualTo(Money.of("500", "ISK"));

        String fraction = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent(
                StripeEvents.newId("pi"), StripeEvents.newId("ch"), 50_050, "isk", Map.of(), null)).created(NOW).json();
        WebhookVerdict.Rejected refused = rejected(gateway.read(signed(fraction, NOW)));
        assertThat(refused.reason()).isEqualTo("MALFORMED_EVENT");
        assertThat(refused.detail()).contains("50050");
    }

    @Test
    void olderApiVersionsNameTheChargeInTheChargesList() {
        String chargeId = StripeEvents.newId("ch");
        ObjectNode intent = StripeEvents.paymentIntent(StripeEvents.newId("pi"), chargeId, 1500, "eur", Map.of(), null);
        intent.remove("latest_charge");
        intent.putObject("charges").put("object", "list").putArray("data").addObject().put("id", chargeId)
                .put("object", "charge");
        String payload = StripeEvents.event("payment_intent.succeeded", intent).apiVersion("2020-08-27").created(NOW)
                .json();
        PaymentEvent payment = accepted(gateway.read(signed(payload, NOW))).events().get(0);
        assertThat(payment.gatewayTradeId()).isEqualTo(chargeId);
        assertThat(payment.amount()).isEqualTo(Money.of("15.00", "EUR"));

        ObjectNode chargeless = StripeEvents.paymentIntent(StripeEvents.newId("pi"), chargeId, 1500, "eur", Map.of(), null);
        chargeless.remove("latest_charge");
        String noCharge = StripeEvents.event("payment_intent.succeeded", chargeless).created(NOW).json();
        assertThat(rejected(gateway.read(signed(noCharge, NOW))).reason()).isEqualTo("MALFORMED_EVENT");
    }

    @Test
    void chargeSucceededAndOtherTypesAreAcknowledgedWithoutEvents() {
        String chargeSucceeded = StripeEvents.event("charge.succeeded", StripeEvents.charge(StripeEvents.newId("ch"),
                StripeEvents.newId("pi"), 2000, 0, "usd", Map.of(), null, NOW)).created(NOW).json();
        assertThat(accepted(gateway.read(signed(chargeSucceeded, NOW))).events()).isEmpty();

        ObjectNode customer = JSON.createObjectNode().put("id", "cus_1").put("object", "customer");
        String other = StripeEvents.event("customer.created", customer).created(NOW).json();
        WebhookVerdict.Accepted acknowledged = accepted(gateway.read(signed(other, NOW)));
        assertThat(acknowledged.events()).isEmpty();
        assertThat(gateway.answer(WebhookOutcome.NO_MONEY_MOVED))
                .isEqualTo(WebhookAnswer.of(200, "application/json", "{\"received\":true}"));
    }

    // ---- refunds

    @Test
    void aRefundedChargeIsTheCumulativeRefundAndTheImpliedPaymentAsTheSdkReadsIt() {
        String chargeId = StripeEvents.newId("ch");
        String payload = StripeEvents.event("charge.refunded", StripeEvents.charge(chargeId, StripeEvents.newId("pi"),
                10_000, 2_500, "usd", Map.of("invoice_number", "INV-000077"), "cus_R", NOW - 86_400)).created(NOW).json();

        List<PaymentEvent> events = accepted(gateway.read(signed(payload, NOW))).events();

        Event sdk = sdkEvent(payload);
        Charge charge = (Charge) sdkObject(sdk);
        assertThat(events).extracting(PaymentEvent::type)
                .containsExactlyInAnyOrder(PaymentEventType.PAYMENT, PaymentEventType.REFUND_TOTAL);
        PaymentEvent payment = events.stream().filter(e -> e.type() == PaymentEventType.PAYMENT).findFirst().orElseThrow();
        PaymentEvent refunded = events.stream().filter(e -> e.type() == PaymentEventType.REFUND_TOTAL).findFirst()
                .orElseThrow();
        assertThat(payment.gatewayTradeId()).isEqualTo(refunded.gatewayTradeId()).isEqualTo(charge.getId());
        assertThat(payment.eventKey()).isEqualTo(chargeId + ":PAYMENT");
        assertThat(payment.amount().minorUnits()).isEqualTo(charge.getAmountCaptured()).isEqualTo(10_000L);
        assertThat(payment.occurredAt()).isEqualTo(Instant.ofEpochSecond(charge.getCreated()));
        assertThat(refunded.amount().minorUnits()).isEqualTo(charge.getAmountRefunded());
        assertThat(refunded.amount()).isEqualTo(Money.of("25.00", "USD"));
        assertThat(refunded.eventKey()).isEqualTo(chargeId + ":REFUNDED_TO:2500");
        assertThat(refunded.occurredAt()).isEqualTo(Instant.ofEpochSecond(sdk.getCreated()));
        assertThat(refunded.merchantReference()).isEqualTo(charge.getMetadata().get("invoice_number"));
        assertThat(refunded.payerId()).isEqualTo(charge.getCustomer());
    }

    @Test
    void aReleasedAuthorisationMovedNoMoney() {
        ObjectNode charge = StripeEvents.charge(StripeEvents.newId("ch"), StripeEvents.newId("pi"), 3_000, 3_000, "usd",
                Map.of(), null, NOW);
        charge.put("captured", false).put("amount_captured", 0);
        String payload = StripeEvents.event("charge.refunded", charge).created(NOW).json();
        assertThat(((Charge) sdkObject(sdkEvent(payload))).getCaptured()).isFalse();
        assertThat(accepted(gateway.read(signed(payload, NOW))).events()).isEmpty();
    }

    // ---- disputes

    @Test
    void aDisputeOpenedNamesItsChargeAndIdAsTheSdkReadsIt() {
        String chargeId = StripeEvents.newId("ch");
        String disputeId = StripeEvents.newId("dp");
        String payload = StripeEvents.event("charge.dispute.created", StripeEvents.dispute(disputeId, chargeId, 4_200,
                "gbp", "needs_response", NOW - 60)).created(NOW).json();

        List<PaymentEvent> events = accepted(gateway.read(signed(payload, NOW))).events();

        Dispute dispute = (Dispute) sdkObject(sdkEvent(payload));
        assertThat(events).hasSize(1);
        PaymentEvent opened = events.get(0);
        assertThat(opened.type()).isEqualTo(PaymentEventType.DISPUTE_OPENED);
        assertThat(opened.gatewayTradeId()).isEqualTo(dispute.getCharge());
        assertThat(opened.movementId()).isEqualTo(dispute.getId());
        assertThat(opened.amount().minorUnits()).isEqualTo(dispute.getAmount());
        assertThat(opened.amount()).isEqualTo(Money.of("42.00", "GBP"));
        assertThat(opened.occurredAt()).isEqualTo(Instant.ofEpochSecond(dispute.getCreated()));
        assertThat(opened.eventKey()).isEqualTo(chargeId + ":DISPUTE:" + disputeId + ":OPENED");
    }

    @Test
    void anInquiryTakesNoMoney() {
        String payload = StripeEvents.event("charge.dispute.created", StripeEvents.dispute(StripeEvents.newId("dp"),
                StripeEvents.newId("ch"), 4_200, "usd", "warning_needs_response", NOW)).created(NOW).json();
        assertThat(accepted(gateway.read(signed(payload, NOW))).events()).isEmpty();
        String closed = StripeEvents.event("charge.dispute.closed", StripeEvents.dispute(StripeEvents.newId("dp"),
                StripeEvents.newId("ch"), 4_200, "usd", "warning_closed", NOW)).created(NOW).json();
        assertThat(accepted(gateway.read(signed(closed, NOW))).events()).isEmpty();
    }

    @Test
    void anEscalatedInquiryWithdrawsFundsAsAnOpenedDispute() {
        String chargeId = StripeEvents.newId("ch");
        String disputeId = StripeEvents.newId("dp");
        String payload = StripeEvents.event("charge.dispute.funds_withdrawn", StripeEvents.dispute(disputeId, chargeId,
                900, "usd", "needs_response", NOW - 600)).created(NOW).json();
        List<PaymentEvent> events = accepted(gateway.read(signed(payload, NOW))).events();
        assertThat(events).extracting(PaymentEvent::eventKey).containsExactly(chargeId + ":DISPUTE:" + disputeId
                + ":OPENED");
    }

    @Test
    void aClosedDisputeIsWonOrLostTogetherWithTheOpeningItImplies() {
        String chargeId = StripeEvents.newId("ch");
        String disputeId = StripeEvents.newId("dp");
        for (String status : List.of("won", "lost")) {
            String payload = StripeEvents.event("charge.dispute.closed", StripeEvents.dispute(disputeId, chargeId, 4_200,
                    "usd", status, NOW - 30 * 86_400)).created(NOW).json();
            List<PaymentEvent> events = accepted(gateway.read(signed(payload, NOW))).events();
            Dispute dispute = (Dispute) sdkObject(sdkEvent(payload));
            PaymentEventType outcome = status.equals("won") ? PaymentEventType.DISPUTE_WON : PaymentEventType.DISPUTE_LOST;
            assertThat(dispute.getStatus()).isEqualTo(status);
            assertThat(events).extracting(PaymentEvent::type)
                    .containsExactlyInAnyOrder(PaymentEventType.DISPUTE_OPENED, outcome);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.gatewayTradeId()).isEqualTo(dispute.getCharge());
                assertThat(e.movementId()).isEqualTo(dispute.getId());
                assertThat(e.amount().minorUnits()).isEqualTo(dispute.getAmount());
            });
            assertThat(events).extracting(PaymentEvent::eventKey).contains(chargeId + ":DISPUTE:" + disputeId + ":"
                    + status.toUpperCase());
            PaymentEvent decided = events.stream().filter(e -> e.type() == outcome).findFirst().orElseThrow();
            assertThat(decided.occurredAt()).isEqualTo(Instant.ofEpochSecond(NOW));
        }
    }

    @Test
    void aDisputeClosedWithAnUnknownStatusIsRefusedNotGuessed() {
        String payload = StripeEvents.event("charge.dispute.closed", StripeEvents.dispute(StripeEvents.newId("dp"),
                "ch_X", 100, "usd", "prevented", NOW)).created(NOW).json();
        WebhookVerdict.Rejected refused = rejected(gateway.read(signed(payload, NOW)));
        assertThat(refused.reason()).isEqualTo("UNKNOWN_DISPUTE_STATUS");
        assertThat(refused.gatewayTradeId()).isEqualTo("ch_X");
    }

    // ---- refusals

    @Test
    void anEventOfTheOtherModeIsRefused() {
        String live = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent("pi_L", "ch_L", 100,
                "usd", Map.of(), null)).livemode(true).created(NOW).json();
        WebhookVerdict.Rejected refused = rejected(gateway.read(signed(live, NOW)));
        assertThat(refused.reason()).isEqualTo("WRONG_MODE");
        assertThat(refused.gatewayTradeId()).isEqualTo("ch_L");
        assertThat(accepted(gateway(true, null).read(signed(live, NOW))).events()).hasSize(1);
    }

    @Test
    void aConnectEventOfAnotherAccountIsRefused() {
        String ofOther = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent("pi_C", "ch_C", 100,
                "usd", Map.of(), null)).account("acct_1Other").created(NOW).json();
        assertThat(sdkEvent(ofOther).getAccount()).isEqualTo("acct_1Other");
        assertThat(rejected(gateway.read(signed(ofOther, NOW))).reason()).isEqualTo("FOREIGN_ACCOUNT");
        assertThat(rejected(gateway(false, "acct_1Ours").read(signed(ofOther, NOW))).reason())
                .isEqualTo("FOREIGN_ACCOUNT");
        String ofPlatform = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent("pi_P", "ch_P",
                100, "usd", Map.of(), null)).created(NOW).json();
        assertThat(rejected(gateway(false, "acct_1Ours").read(signed(ofPlatform, NOW))).reason())
                .isEqualTo("FOREIGN_ACCOUNT");
        String ofOurs = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent("pi_O", "ch_O", 100,
                "usd", Map.of(), null)).account("acct_1Ours").created(NOW).json();
        assertThat(accepted(gateway(false, "acct_1Ours").read(signed(ofOurs, NOW))).events()).hasSize(1);
    }

    @Test
    void aThinV2EventIsRefusedAsTheSdkRefusesIt() {
        String thin = "{\"id\":\"evt_test_65R\",\"object\":\"v2.core.event\",\"type\":\"v1.billing.meter.error_report_triggered\","
                + "\"livemode\":false,\"created\":\"2026-11-23T10:00:00.000Z\","
                + "\"related_object\":{\"id\":\"mtr_1\",\"type\":\"billing.meter\",\"url\":\"/v1/billing/meters/mtr_1\"}}";
        assertThatThrownBy(() -> sdkEvent(thin)).isInstanceOf(IllegalArgumentException.class);
        WebhookVerdict.Rejected refused = rejected(gateway.read(signed(thin, NOW)));
        assertThat(refused.reason()).isEqualTo("THIN_EVENT");
        assertThat(refused.notificationId()).isEqualTo("evt_test_65R");
    }

    @Test
    void aSignedBodyThatIsNoEventIsRefusedWithAReason() {
        assertThat(rejected(gateway.read(signed("{\"id\": \"evt_1\", \"object\": \"ev", NOW))).reason())
                .isEqualTo("MALFORMED_JSON");
        assertThat(rejected(gateway.read(signed("[1,2]", NOW))).reason()).isEqualTo("NOT_AN_EVENT");
        assertThat(rejected(gateway.read(signed("", NOW))).reason()).isEqualTo("NOT_AN_EVENT");
        assertThat(rejected(gateway.read(signed("{\"object\":\"customer\"}", NOW))).reason()).isEqualTo("NOT_AN_EVENT");
        assertThat(rejected(gateway.read(signed("{\"id\":\"evt_2\",\"object\":\"event\",\"type\":\"x\"}", NOW))).reason())
                .isEqualTo("MALFORMED_EVENT");
        String noCurrency = StripeEvents.event("payment_intent.succeeded", (ObjectNode) StripeEvents.paymentIntent("pi_1",
                "ch_1", 100, "usd", Map.of(), null).without("currency")).created(NOW).json();
        assertThat(rejected(gateway.read(signed(noCurrency, NOW))).reason()).isEqualTo("MALFORMED_EVENT");
        String badCurrency = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent("pi_1", "ch_1", 100,
                "zzz", Map.of(), null)).created(NOW).json();
        assertThat(rejected(gateway.read(signed(badCurrency, NOW))).detail()).contains("zzz");
    }

    @Test
    void aForgedEventIsRefusedBeforeItsContentIsRead() {
        String payload = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent("pi_F", "ch_F", 100,
                "usd", Map.of("invoice_number", "INV-F"), null)).id("evt_forged").created(NOW).json();
        WebhookRequest forged = new WebhookRequest(payload.getBytes(StandardCharsets.UTF_8),
                Map.of("Stripe-Signature", StripeEvents.signature(payload, StripeEvents.sandboxSecret(), NOW)));
        WebhookVerdict.Rejected refused = rejected(gateway.read(forged));
        assertThat(refused.reason()).isEqualTo("SIGNATURE_MISMATCH");
        assertThat(refused.notificationId()).isEqualTo("evt_forged");
        assertThat(refused.reference()).isNull(); // nothing of an unverified body is taken for true
        WebhookRequest unsigned = new WebhookRequest(payload.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(rejected(gateway.read(unsigned)).reason()).isEqualTo("MISSING_SIGNATURE");
    }

    @Test
    void aGenuineEventReplayedAfterTheToleranceIsRefused() {
        String payload = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent("pi_R", "ch_R", 100,
                "usd", Map.of(), null)).created(NOW).json();
        WebhookRequest captured = signed(payload, NOW);
        assertThat(gateway.read(captured)).isInstanceOf(WebhookVerdict.Accepted.class);
        StripeGateway later = gateway(false, null, Clock.offset(CLOCK, Duration.ofSeconds(301)));
        WebhookVerdict.Rejected replay = rejected(later.read(captured));
        assertThat(replay.reason()).isEqualTo("TIMESTAMP_OUTSIDE_TOLERANCE");
        assertThat(replay.notificationId()).isEqualTo(sdkEvent(payload).getId());
    }

    // ---- answers

    @Test
    void answersFollowStripesContract() throws Exception {
        WebhookAnswer received = WebhookAnswer.of(200, "application/json", "{\"received\":true}");
        assertThat(gateway.answer(WebhookOutcome.NEW_EVENT)).isEqualTo(received);
        assertThat(gateway.answer(WebhookOutcome.DUPLICATE)).isEqualTo(received);
        assertThat(gateway.answer(WebhookOutcome.NOT_STORED).status()).isEqualTo(500);
        WebhookAnswer refused = gateway.answer(new WebhookVerdict.Rejected("SIGNATURE_MISMATCH", "no \"v1\" matches",
                "evt_1", null, null));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).isEqualTo("application/json");
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("received").asBoolean()).isFalse();
        assertThat(body.get("reason").asText()).isEqualTo("SIGNATURE_MISMATCH");
        assertThat(body.get("detail").asText()).isEqualTo("no \"v1\" matches");
    }
}
