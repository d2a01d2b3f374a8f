package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.simulators.AlipaySimulator;
import com.ledgerbridge.storage.PaymentInboxProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

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

    static AlipayProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bind("ledgerbridge.gateways.alipay", AlipayProperties.class).get();
    }

    static Map<String, String> enabled(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("ledgerbridge.gateways.alipay.enabled", "true");
        values.put("ledgerbridge.gateways.alipay.app-id", "2021000000000001");
        values.put("ledgerbridge.gateways.alipay.seller-id", "2088000000000001");
        values.put("ledgerbridge.gateways.alipay.public-key", KEY);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put("ledgerbridge.gateways.alipay." + keyValues[i], keyValues[i + 1]);
        }
        return values;
    }

    @Test
    void theModeAndTheNewSettingsBindAsWrittenInApplicationYml(@TempDir Path folder) throws Exception {
        AlipayProperties defaults = bind(enabled());
        assertThat(defaults.mode()).isEqualTo(AlipayProperties.Mode.PUBLIC_KEY);
        assertThat(defaults.download().enabled()).isFalse();
        assertThat(defaults.download().gatewayUrl()).isEqualTo("https://openapi.alipay.com/gateway.do");
        assertThat(bind(enabled("mode", "public-key")).mode()).isEqualTo(AlipayProperties.Mode.PUBLIC_KEY);

        Path alipayCert = Files.writeString(folder.resolve("alipayCertPublicKey_RSA2.crt"),
                AlipayCertificateModeTest.ALIPAY_FILE);
        Path nextCert = Files.writeString(folder.resolve("alipayCertPublicKey_RSA2-next.crt"),
                AlipayCertificateModeTest.ALIPAY_NEXT_FILE);
        Path roots = Files.writeString(folder.resolve("alipayRootCert.crt"), AlipayCertificateModeTest.ROOT_BUNDLE);
        AlipayProperties certificate = bind(enabled("mode", "certificate", "public-key", "",
                "certificate.alipay-certs", "file:" + alipayCert + ",file:" + nextCert,
                "certificate.root-certs", "file:" + roots));
        assertThat(certificate.mode()).isEqualTo(AlipayProperties.Mode.CERTIFICATE);
        assertThat(certificate.certificate().alipayCertificates(Instant.now())).hasSize(2);
    }

    @Test
    void theDownloadNeedsTheGatewayAUsableUrlAParsableKeyAndInCertificateModeOurCertificate(@TempDir Path folder)
            throws Exception {
        String appKey = SdkOracle.privateKey(TestCertificates.rsa());
        assertThat(bind(enabled("download.enabled", "true", "download.app-private-key", appKey)).download().enabled())
                .isTrue();
        assertThatThrownBy(() -> bind(enabled("download.enabled", "true", "download.app-private-key", "not-a-key")))
                .rootCause().hasMessageContaining("ledgerbridge.gateways.alipay.download.app-private-key")
                .hasMessageNotContaining("not-a-key");
        assertThatThrownBy(() -> bind(enabled("download.enabled", "true", "download.app-private-key", "")))
                .rootCause().hasMessageContaining("ledgerbridge.gateways.alipay.download.app-private-key must be set");
        assertThatThrownBy(() -> bind(enabled("download.enabled", "true", "download.app-private-key", appKey,
                "download.gateway-url", "ftp://openapi.alipay.com/gateway.do")))
                .rootCause().hasMessageContaining("ledgerbridge.gateways.alipay.download.gateway-url");
        assertThatThrownBy(() -> bind(Map.of("ledgerbridge.gateways.alipay.download.enabled", "true",
                "ledgerbridge.gateways.alipay.download.app-private-key", appKey)))
                .rootCause().hasMessageContaining("ledgerbridge.gateways.alipay.download.enabled needs");

        Path roots = Files.writeString(folder.resolve("alipayRootCert.crt"), AlipayCertificateModeTest.ROOT_BUNDLE);
        assertThatThrownBy(() -> bind(enabled("mode", "certificate", "certificate.alipay-certs",
                AlipayCertificateModeTest.ALIPAY_FILE, "certificate.root-certs", "file:" + roots,
                "download.enabled", "true", "download.app-private-key", appKey)))
                .rootCause().hasMessageContaining("ledgerbridge.gateways.alipay.certificate.app-cert");
    }
}
