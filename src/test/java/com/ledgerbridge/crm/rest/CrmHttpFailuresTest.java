package com.ledgerbridge.crm.rest;

import com.ledgerbridge.failure.RetryAfterHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Which CRM refusals are retried (and how long the CRM asked us to wait) and which stop the pull. */
class CrmHttpFailuresTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T08:00:00Z"), ZoneOffset.UTC);
    static final String REQUEST = "GET https://crm.example.com/api/orders";
    static final String TOKEN_KEY = "ledgerbridge.crm.sources.shop.token";

    @Test
    void aServerErrorIsTransientAndShowsStatusRequestAndTheCrmsErrorBodyOnOneLine() {
        RuntimeException failure = CrmHttpFailures.of(503, null, "{\n  \"error\": \"maintenance\"\n}", REQUEST, TOKEN_KEY, CLOCK);

        assertThat(failure).isInstanceOf(TransientFailure.class).hasMessage(
                "HTTP 503 from GET https://crm.example.com/api/orders; response: { \"error\": \"maintenance\" }");
        assertThat(((TransientFailure) failure).retryAfter()).isEmpty();
    }

    @Test
    void rateLimitingIsTransientAndCarriesRetryAfterInSecondsOrAsADate() {
        RuntimeException inSeconds = CrmHttpFailures.of(429, "120", "x".repeat(2000), REQUEST, TOKEN_KEY, CLOCK);
        RuntimeException asDate = CrmHttpFailures.of(429, "Fri, 20 Nov 2026 08:00:30 GMT", null, REQUEST, TOKEN_KEY, CLOCK);

        assertThat(((TransientFailure) inSeconds).retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(inSeconds.getMessage()).startsWith("HTTP 429 from " + REQUEST + " (rate limited; Retry-After 120)")
                .hasSizeLessThan(700).endsWith("…");
        assertThat(((TransientFailure) asDate).retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void aRefusedTokenIsPermanentAndSaysWhichSettingToCheck() {
        RuntimeException failure = CrmHttpFailures.of(401, null, "{\"error\": \"invalid_token\"}", REQUEST, TOKEN_KEY, CLOCK);

        assertThat(failure).isInstanceOf(PermanentFailure.class).isNotInstanceOf(TransientFailure.class);
        assertThat(failure.getMessage()).contains("HTTP 401").contains("check " + TOKEN_KEY).contains("invalid_token");
        assertThat(CrmHttpFailures.of(403, null, null, REQUEST, TOKEN_KEY, CLOCK)).isInstanceOf(PermanentFailure.class);
        assertThat(CrmHttpFailures.of(404, null, null, REQUEST, TOKEN_KEY, CLOCK)).isInstanceOf(PermanentFailure.class);
        assertThat(CrmHttpFailures.of(408, null, null, REQUEST, TOKEN_KEY, CLOCK)).isInstanceOf(TransientFailure.class);
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        assertThat(RetryAfterHeader.parse("soon", CLOCK)).isNull();
        assertThat(RetryAfterHeader.parse(null, CLOCK)).isNull();
        assertThat(RetryAfterHeader.parse("Fri, 20 Nov 2026 07:00:00 GMT", CLOCK)).isEqualTo(Duration.ZERO);
    }
}
