package com.ledgerbridge.gateway.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.simulators.WechatPayNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** ledgerbridge.gateways.wechatpay.*: good settings bind; each bad one stops start-up naming its key. */
class WechatPayPropertiesTest {

    static final String P = "ledgerbridge.gateways.wechatpay.";

    static Map<String, String> good() {
        Map<String, String> values = new HashMap<>();
        values.put(P + "enabled", "true");
        values.put(P + "mch-id", WechatPayNotifier.MCH_ID);
        values.put(P + "app-id", WechatPayNotifier.APP_ID);
        values.put(P + "api-v3-key", WechatPayNotifier.API_V3_KEY);
        values.put(P + "public-key-id", WechatPayNotifier.PUBLIC_KEY_ID);
        values.put(P + "public-key", WechatPayNotifier.publicKeyPem());
        return values;
    }

    static WechatPayProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind("ledgerbridge.gateways.wechatpay",
                WechatPayProperties.class).get();
    }

    static void assertRefused(Map<String, String> values, String key) {
        assertThatThrownBy(() -> bind(values)).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining(key);
    }

    @Test
    void goodSettingsBindWithTheirDefaults() {
        WechatPayProperties properties = bind(good());
        assertThat(properties.timestampTolerance()).isEqualTo(Duration.ofSeconds(300));
        assertThat(properties.parsedPublicKey()).isEqualTo(WechatPayNotifier.publicKeyPair().getPublic());
        assertThat(properties.billDownload().enabled()).isFalse();
        assertThat(properties.billDownload().baseUrl()).isEqualTo("https://api.mch.weixin.qq.com");
    }

    @Test
    void keysComeFromFilesAndCertificatesFromAList(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("pub_key.pem"), WechatPayNotifier.publicKeyPem());
        Path cert = Files.writeString(dir.resolve("wechatpay_test.pem"), WechatPayNotifier.certificate().pem());
        Map<String, String> values = good();
        values.put(P + "public-key", "file:" + key);
        values.put(P + "platform-certificates[0]", "file:" + cert);
        values.put(P + "timestamp-tolerance", "2m");
        WechatPayProperties properties = bind(values);
        assertThat(properties.parsedPublicKey()).isEqualTo(WechatPayNotifier.publicKeyPair().getPublic());
        assertThat(properties.parsedPlatformCertificates()).containsExactly(WechatPayNotifier.certificate().certificate());
        assertThat(properties.timestampTolerance()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void eachBadValueIsRefusedNamingItsKey(@TempDir Path dir) {
        for (String key : new String[] {"mch-id", "app-id", "api-v3-key"}) {
            Map<String, String> values = good();
            values.remove(P + key);
            assertRefused(values, P + key);
        }
        Map<String, String> shortKey = good();
        shortKey.put(P + "api-v3-key", "too-short");
        assertRefused(shortKey, P + "api-v3-key");
        Map<String, String> wideKey = good();
        wideKey.put(P + "api-v3-key", "密钥".repeat(16)); // 32 characters, 96 bytes
        assertRefused(wideKey, P + "api-v3-key");

        Map<String, String> nothingToVerify = good();
        nothingToVerify.remove(P + "public-key");
        nothingToVerify.remove(P + "public-key-id");
        assertRefused(nothingToVerify, P + "platform-certificates");
        Map<String, String> keyWithoutId = good();
        keyWithoutId.remove(P + "public-key-id");
        assertRefused(keyWithoutId, P + "public-key-id");
        Map<String, String> badKey = good();
        badKey.put(P + "public-key", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----");
        assertRefused(badKey, P + "public-key");
        Map<String, String> missingFile = good();
        missingFile.put(P + "public-key", "file:" + dir.resolve("absent.pem"));
        assertRefused(missingFile, P + "public-key");
        Map<String, String> badCertificate = good();
        badCertificate.put(P + "platform-certificates[0]", WechatPayNotifier.certificate().pem());
        badCertificate.put(P + "platform-certificates[1]", WechatPayNotifier.publicKeyPem());
        assertRefused(badCertificate, P + "platform-certificates[1]");
        Map<String, String> twice = good();
        twice.put(P + "platform-certificates[0]", WechatPayNotifier.certificate().pem());
        twice.put(P + "platform-certificates[1]", WechatPayNotifier.certificate().pem());
        assertRefused(twice, P + "platform-certificates[1]");
        Map<String, String> noWindow = good();
        noWindow.put(P + "timestamp-tolerance", "0s");
        assertRefused(noWindow, P + "timestamp-tolerance");
    }

    @Test
    void theBillDownloadNeedsOurMerchantKeyWhenEnabled() {
        Map<String, String> values = good();
        values.put(P + "bill-download.enabled", "true");
        values.put(P + "bill-download.merchant-serial-no", "3775B6A45ACD588826D15E583A95F5DD00000001");
        assertRefused(values, P + "bill-download.merchant-private-key");
        values.put(P + "bill-download.merchant-private-key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----");
        assertRefused(values, P + "bill-download.merchant-private-key");
        values.put(P + "bill-download.merchant-private-key", WechatPayNotifier.pem("PRIVATE KEY",
                WechatPayNotifier.otherPair().getPrivate().getEncoded()));
        assertThat(bind(values).billDownload().enabled()).isTrue();
        values.put(P + "bill-download.merchant-serial-no", "not hex");
        assertRefused(values, P + "bill-download.merchant-serial-no");
        values.put(P + "bill-download.merchant-serial-no", "3775B6A45ACD588826D15E583A95F5DD00000001");
        values.put(P + "bill-download.base-url", "ftp://example.com");
        assertRefused(values, P + "bill-download.base-url");
    }

    @Test
    void disabledNeedsNothingAndSecretsNeverShowInText() {
        Map<String, String> disabled = new HashMap<>();
        disabled.put(P + "enabled", "false");
        assertThat(bind(disabled).enabled()).isFalse();
        WechatPayProperties properties = bind(good());
        assertThat(properties.toString()).doesNotContain(WechatPayNotifier.API_V3_KEY).contains("(secret)");
        Map<String, String> shortKey = good();
        shortKey.put(P + "api-v3-key", "secret-value-that-is-too-long-for-a-key");
        assertThatThrownBy(() -> bind(shortKey)).rootCause().message()
                .doesNotContain("secret-value-that-is-too-long-for-a-key");
    }
}
