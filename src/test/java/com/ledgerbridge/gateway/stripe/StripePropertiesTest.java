package com.ledgerbridge.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A bad Stripe setting stops start-up with a message that names the key and never shows a secret. */
class StripePropertiesTest {

    static final String SECRET = "whsec_test_sandbox_0123456789abcdef";

    static StripeProperties enabled(List<String> secrets) {
        return new StripeProperties(true, secrets, null, false, null, null, null, null);
    }

    @Test
    void defaultsAreStripes() {
        StripeProperties p = enabled(List.of(SECRET));
        assertThat(p.tolerance()).isEqualTo(Duration.ofSeconds(300));
        assertThat(p.referenceMetadataKey()).isEqualTo("invoice_number");
        assertThat(p.accountId()).isNull();
        assertThat(p.bill().zone()).isEqualTo("UTC");
        assertThat(p.download().apiBase()).isEqualTo(URI.create("https://api.stripe.com"));
        assertThat(p.download().pageSize()).isEqualTo(100);
    }

    @Test
    void anEnabledGatewayNeedsWhsecSecrets() {
        assertThatThrownBy(() -> enabled(List.of())).hasMessageContaining("ledgerbridge.gateways.stripe.endpoint-secrets");
        assertThatThrownBy(() -> enabled(List.of(SECRET, "sk_live_notawebhooksecret")))
                .hasMessageContaining("ledgerbridge.gateways.stripe.endpoint-secrets[1]")
                .hasMessageNotContaining("sk_live_notawebhooksecret");
        // the environment's comma-separated list arrives with blanks around and between
        assertThat(enabled(List.of(" " + SECRET + " ", "")).endpointSecrets()).containsExactly(SECRET);
        assertThat(new StripeProperties(false, null, null, false, null, null, null, null).enabled()).isFalse();
    }

    @Test
    void secretsNeverAppearInToString() {
        StripeProperties p = new StripeProperties(true, List.of(SECRET), null, false, null, null, null,
                new StripeProperties.Download(true, null, "sk_test_sandbox_secretkey", 0, null, null));
        assertThat(p.toString()).doesNotContain(SECRET).doesNotContain("sk_test_sandbox_secretkey");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> new StripeProperties(true, List.of(SECRET), Duration.ZERO, false, null, null, null, null))
                .hasMessageContaining("ledgerbridge.gateways.stripe.tolerance");
        assertThatThrownBy(() -> new StripeProperties(true, List.of(SECRET), null, false, "cus_123", null, null, null))
                .hasMessageContaining("ledgerbridge.gateways.stripe.account-id");
        assertThatThrownBy(() -> new StripeProperties(true, List.of(SECRET), null, false, null, "invoice number", null,
                null)).hasMessageContaining("ledgerbridge.gateways.stripe.reference-metadata-key");
        assertThatThrownBy(() -> new StripeProperties.Bill("Mars/Olympus")).hasMessageContaining(
                "ledgerbridge.gateways.stripe.bill.zone");
        assertThatThrownBy(() -> new StripeProperties.Download(true, null, "pk_test_publishable", 0, null, null))
                .hasMessageContaining("ledgerbridge.gateways.stripe.download.api-key")
                .hasMessageNotContaining("pk_test_publishable");
        assertThatThrownBy(() -> new StripeProperties.Download(false, null, null, 101, null, null))
                .hasMessageContaining("ledgerbridge.gateways.stripe.download.page-size");
        assertThatThrownBy(() -> new StripeProperties.Download(false, URI.create("ftp://x"), null, 0, null, null))
                .hasMessageContaining("ledgerbridge.gateways.stripe.download.api-base");
        assertThatThrownBy(() -> new StripeProperties(false, null, null, false, null, null, null,
                new StripeProperties.Download(true, null, "sk_test_sandbox_x", 0, null, null)))
                .hasMessageContaining("ledgerbridge.gateways.stripe.download.enabled");
    }

    static StripeProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("ledgerbridge.gateways.stripe",
                StripeProperties.class).get();
    }

    @Test
    void settingsBindAsConfigApplicationYmlWritesThem() {
        // as config/application.yml with STRIPE_WEBHOOK_SECRETS="whsec_…,whsec_…" and STRIPE_ACCOUNT_ID unset
        StripeProperties p = bind(Map.of("ledgerbridge.gateways.stripe.enabled", "true",
                "ledgerbridge.gateways.stripe.endpoint-secrets", SECRET + ",whsec_test_sandbox_rolled_0000",
                "ledgerbridge.gateways.stripe.tolerance", "300s",
                "ledgerbridge.gateways.stripe.livemode", "false",
                "ledgerbridge.gateways.stripe.account-id", "",
                "ledgerbridge.gateways.stripe.bill.zone", "Asia/Shanghai",
                "ledgerbridge.gateways.stripe.download.api-base", "https://api.stripe.com",
                "ledgerbridge.gateways.stripe.download.read-timeout", "60s"));
        assertThat(p.endpointSecrets()).containsExactly(SECRET, "whsec_test_sandbox_rolled_0000");
        assertThat(p.tolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.accountId()).isNull();
        assertThat(p.bill().zoneId().getId()).isEqualTo("Asia/Shanghai");
        assertThat(p.download().readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> bind(Map.of("ledgerbridge.gateways.stripe.enabled", "true",
                "ledgerbridge.gateways.stripe.endpoint-secrets", "")))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("ledgerbridge.gateways.stripe.endpoint-secrets");
    }
}
