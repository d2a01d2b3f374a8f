package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.storage.PaymentInboxProperties;
import org.junit.jupiter.api.Test;

/** A bad Alipay or inbox setting stops start-up with a message that names the key. */
class AlipayPropertiesTest {

    static final String KEY = new AlipaySimulator().publicKey();

    static AlipayProperties publicKeyMode(boolean enabled, String appId, String sellerId, String publicKey,
            AlipayProperties.Sandbox sandbox) {
        return new AlipayProperties(enabled, appId, sellerId, null, publicKey, null, sandbox, null);
    }

    @Test
    void anEnabledGatewayNeedsItsIdsAndAParsableKey() {
        assertThat(publicKeyMode(true, "app", "seller", KEY, null).publicKeyText()).isEqualTo(KEY);
        assertThatThrownBy(() -> publicKeyMode(true, " ", "seller", KEY, null))
                .hasMessageContaining("ledgerbridge.gateways.alipay.app-id");
        assertThatThrownBy(() -> publicKeyMode(true, "app", null, KEY, null))
                .hasMessageContaining("ledgerbridge.gateways.alipay.seller-id");
        assertThatThrownBy(() -> publicKeyMode(true, "app", "seller", "not-a-key", null))
                .hasMessageContaining("ledgerbridge.gateways.alipay.public-key")
                .hasMessageNotContaining("not-a-key");
        assertThatThrownBy(() -> publicKeyMode(true, "app", "seller", "file:/no/such/key.pem", null))
                .hasMessageContaining("ledgerbridge.gateways.alipay.public-key");
    }

    @Test
    void aDisabledGatewayIsNotChecked() {
        assertThat(publicKeyMode(false, null, null, null, null).enabled()).isFalse();
    }

    @Test
    void theSandboxNeedsTheGatewayAndAParsablePrivateKey() {
        assertThatThrownBy(() -> publicKeyMode(false, null, null, null,
                new AlipayProperties.Sandbox(true, SdkOracle.ALIPAY_PRIVATE_KEY, "http://localhost/webhooks/alipay")))
                .hasMessageContaining("ledgerbridge.gateways.alipay.sandbox.enabled");
        assertThatThrownBy(() -> new AlipayProperties.Sandbox(true, KEY, "http://localhost/webhooks/alipay"))
                .hasMessageContaining("ledgerbridge.gateways.alipay.sandbox.private-key");
        assertThatThrownBy(() -> new AlipayProperties.Sandbox(true, SdkOracle.ALIPAY_PRIVATE_KEY, ""))
                .hasMessageContaining("ledgerbridge.gateways.alipay.sandbox.webhook-url");
    }

    @Test
    void inboxSettingsAreBounded() {
        assertThatThrownBy(() -> new PaymentInboxProperties(0, 100, 1000))
                .hasMessageContaining("ledgerbridge.payment-inbox.max-batch-size");
        assertThatThrownBy(() -> new PaymentInboxProperties(200, 100, 1000))
                .hasMessageContaining("ledgerbridge.payment-inbox.max-waiting");
        assertThatThrownBy(() -> new PaymentInboxProperties(10, 100, 0))
                .hasMessageContaining("ledgerbridge.payment-inbox.commit-timeout-ms");
    }
}
