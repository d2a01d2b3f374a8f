package com.ledgerbridge.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.gateway.stripe.StripeSignatureVerifier.Check;
import com.ledgerbridge.simulators.StripeEvents;
import com.stripe.exception.SignatureVerificationException;
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
 * Our Stripe-Signature check against stripe-java's {@code Webhook.Signature.verifyHeader} (the oracle): headers are made
 * by the SDK's {@code generateSignatureHeader}, and both sides judge the same header, body, secret and clock. Where we
 * deliberately differ (future timestamps, malformed headers) the SDK's behaviour is asserted too, so a change in
 * either side shows here.
 */
class StripeSignatureVerifierTest {

    static final String SECRET = StripeEvents.sandboxSecret();
    static final String OTHER_SECRET = StripeEvents.sandboxSecret();
    static final long NOW = 1_790_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String BODY = StripeEvents.event("payment_intent.succeeded", StripeEvents.paymentIntent("pi_1",
            "ch_1", 2000, "usd", Map.of("invoice_number", "INV-000123"), "cus_1")).created(NOW).json();

    final StripeSignatureVerifier ours = new StripeSignatureVerifier(List.of(SECRET), Duration.ofSeconds(300), CLOCK);

    /** stripe-java's verdict with its default tolerance (300 s) on our fixed clock. */
    static boolean sdkAccepts(String body, String header, String secret) {
        try {
            return Webhook.Signature.verifyHeader(body, header, secret, Webhook.DEFAULT_TOLERANCE, CLOCK);
        } catch (SignatureVerificationException e) {
            return false;
        }
    }

    Check oursOn(String body, String header) {
        return ours.verify(header, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHeaderTheSdkMadeIsValidForBoth() {
        String header = StripeEvents.signature(BODY, SECRET, NOW);
        assertThat(sdkAccepts(BODY, header, SECRET)).isTrue();
        assertThat(oursOn(BODY, header)).isEqualTo(new Check(true, Check.OK, ""));
    }

    @Test
    void aTamperedBodyIsRefusedByBoth() {
        String header = StripeEvents.signature(BODY, SECRET, NOW);
        String tampered = BODY.replace("\"amount_received\" : 2000", "\"amount_received\" : 2001");
        assertThat(tampered).isNotEqualTo(BODY);
        assertThat(sdkAccepts(tampered, header, SECRET)).isFalse();
        assertThat(oursOn(tampered, header).reason()).isEqualTo(Check.SIGNATURE_MISMATCH);
    }

    @Test
    void theSameEventReserialisedIsRefusedByBoth() {
        // a framework that parses the JSON and writes it out again changes the bytes (stripe-java#1664)
        String header = StripeEvents.signature(BODY, SECRET, NOW);
        String compact = BODY.replaceAll("\\n\\s*", "").replace(" : ", ":");
        assertThat(sdkAccepts(compact, header, SECRET)).isFalse();
        assertThat(oursOn(compact, header).reason()).isEqualTo(Check.SIGNATURE_MISMATCH);
    }

    @Test
    void anotherSecretsSignatureIsRefusedByBoth() {
        String header = StripeEvents.signature(BODY, OTHER_SECRET, NOW);
        assertThat(sdkAccepts(BODY, header, SECRET)).isFalse();
        assertThat(oursOn(BODY, header).reason()).isEqualTo(Check.SIGNATURE_MISMATCH);
    }

    @Test
    void duringARollAnyV1ValueMayMatch() {
        // Stripe signs with the old and the new secret while a secret is rolled: t=…,v1=<old>,v1=<new>
        String withOld = StripeEvents.signature(BODY, OTHER_SECRET, NOW);
        String withNew = StripeEvents.signature(BODY, SECRET, NOW);
        String both = withOld + ",v1=" + withNew.substring(withNew.indexOf("v1=") + 3);
        assertThat(sdkAccepts(BODY, both, SECRET)).isTrue();
        assertThat(sdkAccepts(BODY, both, OTHER_SECRET)).isTrue();
        assertThat(oursOn(BODY, both).valid()).isTrue();
        StripeSignatureVerifier oldOnly = new StripeSignatureVerifier(List.of(OTHER_SECRET), Duration.ofSeconds(300), CLOCK);
        assertThat(oldOnly.verify(both, BODY.getBytes(StandardCharsets.UTF_8)).valid()).isTrue();
    }

    @Test
    void withSeveralConfiguredSecretsAnyOneVerifies() {
        StripeSignatureVerifier rolling = new StripeSignatureVerifier(List.of(OTHER_SECRET, SECRET),
                Duration.ofSeconds(300), CLOCK);
        String header = StripeEvents.signature(BODY, SECRET, NOW);
        assertThat(rolling.verify(header, BODY.getBytes(StandardCharsets.UTF_8)).valid()).isTrue();
        String foreign = StripeEvents.signature(BODY, StripeEvents.sandboxSecret(), NOW);
        assertThat(rolling.verify(foreign, BODY.getBytes(StandardCharsets.UTF_8)).valid()).isFalse();
    }

    @Test
    void v0AndUnknownSchemesAreIgnored() {
        String header = StripeEvents.signature(BODY, SECRET, NOW);
        String v1 = header.substring(header.indexOf("v1=") + 3);
        // a "v0" carrying the valid v1 value does not count: only v1 is checked, by both
        String onlyV0 = "t=" + NOW + ",v0=" + v1;
        assertThat(sdkAccepts(BODY, onlyV0, SECRET)).isFalse();
        assertThat(oursOn(BODY, onlyV0).reason()).isEqualTo(Check.MALFORMED_SIGNATURE_HEADER);
        String extras = header + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39,v9=zz";
        assertThat(sdkAccepts(BODY, extras, SECRET)).isTrue();
        assertThat(oursOn(BODY, extras).valid()).isTrue();
    }

    @Test
    void aTimestampOlderThanTheToleranceIsRefusedByBoth() {
        String justInside = StripeEvents.signature(BODY, SECRET, NOW - 300);
        assertThat(sdkAccepts(BODY, justInside, SECRET)).isTrue();
        assertThat(oursOn(BODY, justInside).valid()).isTrue();
        String tooOld = StripeEvents.signature(BODY, SECRET, NOW - 301);
        assertThat(sdkAccepts(BODY, tooOld, SECRET)).isFalse();
        assertThat(oursOn(BODY, tooOld).reason()).isEqualTo(Check.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void aReplayLaterThanTheToleranceIsRefusedThoughTheSignatureIsGenuine() {
        String header = StripeEvents.signature(BODY, SECRET, NOW);
        assertThat(oursOn(BODY, header).valid()).isTrue();
        Clock tenMinutesLater = Clock.offset(CLOCK, Duration.ofMinutes(10));
        StripeSignatureVerifier later = new StripeSignatureVerifier(List.of(SECRET), Duration.ofSeconds(300),
                tenMinutesLater);
        Check replay = later.verify(header, BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(replay.reason()).isEqualTo(Check.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThat(replay.detail()).contains("600 s ago");
    }

    @Test
    void aFutureTimestampBeyondTheToleranceIsRefusedByUsThoughTheSdkTakesIt() {
        // deliberate: stripe-java only checks t < now - tolerance, so a header dated tomorrow passes there
        String tomorrow = StripeEvents.signature(BODY, SECRET, NOW + 86_400);
        assertThat(sdkAccepts(BODY, tomorrow, SECRET)).isTrue();
        Check check = oursOn(BODY, tomorrow);
        assertThat(check.reason()).isEqualTo(Check.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThat(check.detail()).contains("86400 s ahead");
        String slightlyAhead = StripeEvents.signature(BODY, SECRET, NOW + 300);
        assertThat(oursOn(BODY, slightlyAhead).valid()).isTrue();
        assertThat(oursOn(BODY, StripeEvents.signature(BODY, SECRET, NOW + 301)).valid()).isFalse();
    }

    @Test
    void aNonNumericTimestampIsARefusalWithAReasonNotAnException() {
        String header = StripeEvents.signature(BODY, SECRET, NOW);
        String v1 = header.substring(header.indexOf("v1=") + 3);
        String malformed = "t=yesterday,v1=" + v1;
        // the SDK lets this escape as NumberFormatException, not as its SignatureVerificationException
        assertThatThrownBy(() -> Webhook.Signature.verifyHeader(BODY, malformed, SECRET, 300, CLOCK))
                .isInstanceOf(NumberFormatException.class);
        Check check = oursOn(BODY, malformed);
        assertThat(check.reason()).isEqualTo(Check.MALFORMED_SIGNATURE_HEADER);
        assertThat(check.detail()).contains("yesterday");
        assertThat(oursOn(BODY, "t=-5,v1=" + v1).reason()).isEqualTo(Check.MALFORMED_SIGNATURE_HEADER);
        assertThat(oursOn(BODY, "t=99999999999999999999999,v1=" + v1).reason())
                .isEqualTo(Check.MALFORMED_SIGNATURE_HEADER);
    }

    @Test
    void headersWithoutTimestampOrV1AreMalformedForBoth() {
        String header = StripeEvents.signature(BODY, SECRET, NOW);
        String v1 = header.substring(header.indexOf("v1=") + 3);
        for (String bad : List.of("v1=" + v1, "t=" + NOW, "t=" + NOW + ",v2=" + v1, "garbage", ",,,")) {
            assertThat(sdkAccepts(BODY, bad, SECRET)).as(bad).isFalse();
            assertThat(oursOn(BODY, bad).reason()).as(bad).isEqualTo(Check.MALFORMED_SIGNATURE_HEADER);
        }
        assertThat(oursOn(BODY, "t=,v1=" + v1).reason()).isEqualTo(Check.MALFORMED_SIGNATURE_HEADER);
        assertThat(oursOn(BODY, null).reason()).isEqualTo(Check.MISSING_SIGNATURE);
        assertThat(oursOn(BODY, "  ").reason()).isEqualTo(Check.MISSING_SIGNATURE);
    }

    @Test
    void theHmacRunsOverTheExactBytesIncludingNonAscii() {
        String body = BODY.replace("INV-000123", "发票-000123 ü");
        String header = StripeEvents.signature(body, SECRET, NOW);
        assertThat(sdkAccepts(body, header, SECRET)).isTrue();
        assertThat(oursOn(body, header).valid()).isTrue();
        // the same text in another encoding is other bytes: not what Stripe signed
        assertThat(ours.verify(header, body.getBytes(StandardCharsets.UTF_16)).valid()).isFalse();
    }

    @Test
    void refusalsNeverEchoTheSecretOrTheExpectedSignature() {
        String header = StripeEvents.signature(BODY, OTHER_SECRET, NOW);
        String expected = StripeEvents.signature(BODY, SECRET, NOW);
        Check check = oursOn(BODY, header);
        assertThat(check.detail()).doesNotContain(SECRET).doesNotContain(expected.substring(expected.indexOf("v1=") + 3));
    }
}
