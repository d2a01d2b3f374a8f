package com.ledgerbridge.crm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class CrmSyncFailuresTest {

    @Test
    void anHttpFailureShowsStatusUriAndTheCrmsErrorBodyOnOneLine() {
        var failure = new HttpOperationFailedException("https://crm.example.com/api/orders?page=2", 503,
                "Service Unavailable", null, Map.of(), "{\n  \"error\": \"maintenance\"\n}");

        assertThat(SyncFailures.describe(new CamelExecutionException("wrapped", null, failure))).isEqualTo(
                "HTTP 503 Service Unavailable from GET https://crm.example.com/api/orders?page=2; "
                        + "response: { \"error\": \"maintenance\" }");
    }

    @Test
    void rateLimitingNamesRetryAfterAndLongBodiesAreCut() {
        var failure = new HttpOperationFailedException("http://crm/api/orders", 429, "Too Many Requests", null,
                Map.of("retry-after", "120"), "x".repeat(2000));

        String text = SyncFailures.describe(failure);

        assertThat(text).startsWith("HTTP 429 Too Many Requests from GET http://crm/api/orders (rate limited; Retry-After 120)");
        assertThat(text).hasSizeLessThan(700).endsWith("…");
    }

    @Test
    void secretsInAUriAreMasked() {
        var failure = new HttpOperationFailedException("http://crm/api/orders?access_token=s3cr3t&page=1", 401,
                "Unauthorized", null, Map.of(), null);

        assertThat(SyncFailures.describe(failure)).doesNotContain("s3cr3t").contains("check ledgerbridge.crm.rest.token");
    }

    @Test
    void otherFailuresShowTheirTypeAndMessage() {
        assertThat(SyncFailures.describe(new CrmResponseException("page 2 has no \"orders\" array")))
                .isEqualTo("CrmResponseException: page 2 has no \"orders\" array");
    }
}
