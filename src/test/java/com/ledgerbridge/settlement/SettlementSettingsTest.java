package com.ledgerbridge.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.gateway.SettlementBillDownload;
import com.ledgerbridge.gateway.SettlementBillFormat;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** ledgerbridge.settlement.*: a bad value, or a gateway that reads bills without its settings, stops start-up naming the key. */
class SettlementSettingsTest {

    static Map<String, String> settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("ledgerbridge.settlement.bills-folder", "data/in/bills");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put("ledgerbridge.settlement." + keyValues[i], keyValues[i + 1]);
        }
        return values;
    }

    static SettlementProperties bind(Map<String, String> values) {
        // as Spring Boot binds a @ConfigurationProperties record: created even when no key is set
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("ledgerbridge.settlement", SettlementProperties.class);
    }

    static void assertRefused(Map<String, String> values, String key) {
        assertThatThrownBy(() -> bind(values)).rootCause().hasMessageContaining(key);
    }

    @Test
    void goodValuesBindWithTheirDefaults() {
        SettlementProperties p = bind(settings("gateways.alipay.zone", "Asia/Shanghai",
                "gateways.alipay.download-cron", "0 30 10 * * ?", "gateways.stripe.zone", "UTC",
                "gateways.stripe.download-cron", "0 30 10 * * ?", "gateways.stripe.download-zone", "Asia/Shanghai"));
        assertThat(p.batchSize()).isEqualTo(1000);
        assertThat(p.fetchSize()).isEqualTo(10000);
        assertThat(p.gateway("alipay").zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(p.gateway("alipay").downloadZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(p.gateway("stripe").zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(p.gateway("stripe").downloadZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(p.folder("stripe").toString()).isEqualTo("data/in/bills/stripe".replace('/', java.io.File.separatorChar));
    }

    @Test
    void badValuesAreRefusedNamingTheirKey() {
        assertRefused(settings("batch-size", "0"), "ledgerbridge.settlement.batch-size");
        assertRefused(settings("fetch-size", "10"), "ledgerbridge.settlement.fetch-size");
        assertRefused(settings("gateways.alipay.download-cron", "0 30 10 * * ?"), "ledgerbridge.settlement.gateways.alipay.zone");
        assertRefused(settings("gateways.alipay.zone", "Asia/Shanghai", "gateways.alipay.download-cron", "every day"),
                "ledgerbridge.settlement.gateways.alipay.download-cron");
        assertRefused(settings("gateways.a-gateway-name-far-too-long.zone", "UTC"),
                "ledgerbridge.settlement.gateways.a-gateway-name-far-too-long");
        Map<String, String> noFolder = settings();
        noFolder.remove("ledgerbridge.settlement.bills-folder");
        assertRefused(noFolder, "ledgerbridge.settlement.bills-folder");
    }

    static <T> org.springframework.beans.factory.ObjectProvider<T> provide(Class<T> type, List<T> beans) {
        DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
        for (int i = 0; i < beans.size(); i++) {
            factory.registerSingleton(type.getSimpleName() + i, beans.get(i));
        }
        return factory.getBeanProvider(type);
    }

    @Test
    void aGatewayReadingBillsWithoutItsSettingsStopsStartUpNamingTheKey() {
        SettlementProperties none = bind(settings());
        assertThatThrownBy(() -> new SettlementBillFormats(provide(SettlementBillFormat.class,
                List.of(new TestBillFormat())), provide(SettlementBillDownload.class, List.of()), none))
                .hasMessageContaining("ledgerbridge.settlement.gateways.testpay.zone");
    }

    @Test
    void aDownloadWithoutAFormatToReadItStopsStartUp() {
        SettlementProperties testpay = bind(settings("gateways.testpay.zone", "UTC"));
        assertThatThrownBy(() -> new SettlementBillFormats(provide(SettlementBillFormat.class, List.of()),
                provide(SettlementBillDownload.class, List.of(new TestBillDownload())), testpay))
                .hasMessageContaining("testpay").hasMessageContaining("no settlement bill format");
        SettlementBillFormats formats = new SettlementBillFormats(provide(SettlementBillFormat.class,
                List.of(new TestBillFormat())), provide(SettlementBillDownload.class, List.of(new TestBillDownload())), testpay);
        assertThat(formats.gateways()).containsExactly("testpay");
        assertThat(formats.downloadingGateways()).containsExactly("testpay");
        assertThatThrownBy(() -> formats.format("alipay")).isInstanceOf(BadInput.class).hasMessageContaining("alipay");
    }
}
