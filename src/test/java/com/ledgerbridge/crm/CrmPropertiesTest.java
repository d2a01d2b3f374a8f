package com.ledgerbridge.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** ledgerbridge.crm.* bound as Spring Boot binds it: defaults, and a bad value refused naming its full key. */
class CrmPropertiesTest {

    static CrmProperties bind(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("ledgerbridge.crm.rejects", "data/out/rejects");
        return new Binder(new MapConfigurationPropertySource(all)).bind("ledgerbridge.crm", CrmProperties.class).get();
    }

    static Map<String, String> restSource(String key, String value) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "ledgerbridge.crm.sources.shop.type", "generic-rest",
                "ledgerbridge.crm.sources.shop.base-url", "https://crm.example.com/api",
                "ledgerbridge.crm.sources.shop.token", "t",
                "ledgerbridge.crm.sources.shop.mapping", "mappings/crm/generic-rest/sales-order.jsonata",
                "ledgerbridge.crm.sources.shop.cron", "0 */5 * * * ?"));
        if (key != null) {
            settings.put("ledgerbridge.crm.sources.shop." + key, value);
        }
        return settings;
    }

    static void refused(ThrowingCallable binding, String message) {
        assertThatThrownBy(binding).rootCause().isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aSourceGetsTheDocumentedDefaults() {
        CrmProperties.Source shop = bind(restSource(null, null)).source("shop");

        assertThat(shop.enabled()).isTrue();
        assertThat(shop.type()).isEqualTo(CrmSourceType.GENERIC_REST);
        assertThat(shop.pageSize()).isEqualTo(200);
        assertThat(shop.overlap()).isEqualTo(Duration.ofMinutes(2));
        assertThat(shop.ordersPath()).isEqualTo("/orders");
        assertThat(shop.charset()).isEqualTo(Charset.forName("UTF-8"));
    }

    @Test
    void aBadValueIsRefusedNamingItsFullKey() {
        refused(() -> bind(restSource("page-size", "0")),
                "ledgerbridge.crm.sources.shop.page-size must be between 1 and 1000, was 0");
        refused(() -> bind(restSource("token", "")), "ledgerbridge.crm.sources.shop.token must be set");
        refused(() -> bind(restSource("base-url", "crm.example.com")),
                "ledgerbridge.crm.sources.shop.base-url must start with http:// or https://, was crm.example.com");
        refused(() -> bind(Map.of("ledgerbridge.crm.sources.files.type", "csv")),
                "ledgerbridge.crm.sources.files.inbox must name the drop folder");
        String tooLong = "s".repeat(41);
        refused(() -> bind(Map.of("ledgerbridge.crm.sources." + tooLong + ".type", "csv",
                        "ledgerbridge.crm.sources." + tooLong + ".inbox", "in")),
                "ledgerbridge.crm.sources." + tooLong + ": a source name is 1-40 lower-case letters, digits and '-', was '"
                        + tooLong + "'");
    }

    @Test
    void aDisabledSourceNeedsNoSettingsButItsType() {
        CrmProperties crm = bind(Map.of("ledgerbridge.crm.sources.later.type", "generic-rest",
                "ledgerbridge.crm.sources.later.enabled", "false"));

        assertThat(crm.source("later").enabled()).isFalse();
    }
}
