package com.ledgerbridge.gateway.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ledgerbridge.simulators.StripeEvents;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random bodies (any Unicode), secrets, timestamps and tamperings, each header made by stripe-java: our verdict equals
 * {@code Webhook.Signature.verifyHeader}'s wherever the timestamp is not in the future, and there the only difference
 * is ours: a future timestamp beyond the tolerance is refused.
 */
class StripeSignatureVerifierPropertyTest {

    static final long NOW = 1_800_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    enum Tamper { NONE, BODY_CHAR, OTHER_SECRET, FLIP_SIGNATURE_CHAR, UPPERCASE_SIGNATURE, EXTRA_OLD_V1, TRUNCATE }

    record Case(String body, String secret, long offset, Tamper tamper) {
    }

    @Property(tries = 500)
    void ourVerdictIsTheSdksExceptForFutureTimestamps(@ForAll("cases") Case c) {
        long t = NOW + c.offset();
        String header = StripeEvents.signature(c.body(), c.secret(), t);
        String body = c.body();
        switch (c.tamper()) {
            case BODY_CHAR -> body = body + " ";
            case OTHER_SECRET -> header = StripeEvents.signature(c.body(), c.secret() + "x", t);
            case FLIP_SIGNATURE_CHAR -> header = header.substring(0, header.length() - 1)
                    + (header.endsWith("0") ? "1" : "0");
            case UPPERCASE_SIGNATURE -> header = "t=" + t + ",v1=" + header.substring(header.indexOf("v1=") + 3)
                    .toUpperCase();
            case EXTRA_OLD_V1 -> header = header + ",v1=" + "ab".repeat(32);
            case TRUNCATE -> header = header.substring(0, header.length() - 2);
            case NONE -> { }
        }
        boolean sdk;
        try {
            sdk = Webhook.Signature.verifyHeader(body, header, c.secret(), 300, CLOCK);
        } catch (SignatureVerificationException e) {
            sdk = false;
        }
        boolean ours = new StripeSignatureVerifier(List.of(c.secret()), Duration.ofSeconds(300), CLOCK)
                .verify(header, body.getBytes(StandardCharsets.UTF_8)).valid();
        Statistics.label("tamper/sdk/ours").collect(c.tamper(), sdk, ours);

        boolean untampered = c.tamper() == Tamper.NONE || c.tamper() == Tamper.EXTRA_OLD_V1;
        if (c.offset() <= 300) {
            assertEquals(sdk, ours, "verdicts differ for a timestamp not beyond the tolerance ahead");
        } else {
            assertFalse(ours, "a timestamp beyond the tolerance ahead is refused");
            assertEquals(untampered, sdk, "stripe-java takes any future timestamp");
        }
        // sanity, so that "both always false" cannot pass
        assertEquals(untampered && Math.abs(c.offset()) <= 300, ours);
        if (untampered && c.offset() >= -300) {
            assertTrue(sdk);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> bodies = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(300)
                .filter(s -> s.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)); // only what UTF-8 can carry
        Arbitrary<String> secrets = Arbitraries.strings().alpha().numeric().ofMinLength(8).ofMaxLength(40)
                .map(s -> "whsec_" + s);
        Arbitrary<Long> offsets = Arbitraries.oneOf(Arbitraries.longs().between(-310, 310),
                Arbitraries.longs().between(-100_000, 100_000));
        return Combinators.combine(bodies, secrets, offsets, Arbitraries.of(Tamper.class)).as(Case::new);
    }
}
