package com.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.invoicing.InvoicingProperties;
import com.ledgerbridge.pipeline.PipelineProperties;
import com.ledgerbridge.pipeline.RetryProperties;
import java.util.HashMap;
import java.util.Map;
import com.ledgerbridge.LedgerbridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Every settings record refuses a bad value with a message that names the full key, so a typo in
 * config/application.yml stops start-up with the key to fix instead of misbehaving later.
 */
class SettingsValidationTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bind(prefix, type).get();
    }

    private static Map<String, String> pipeline(String batchSize, String sweep) {
        Map<String, String> values = new HashMap<>();
        values.put("ledgerbridge.pipeline.batch-size", batchSize);
        values.put("ledgerbridge.pipeline.sweep-interval-ms", sweep);
        return values;
    }

    private static Map<String, String> retry(String redeliveries, String delay, String multiplier, String max) {
        return Map.of("ledgerbridge.retry.maximum-redeliveries", redeliveries, "ledgerbridge.retry.redelivery-delay-ms",
                delay, "ledgerbridge.retry.backoff-multiplier", multiplier,
                "ledgerbridge.retry.maximum-redelivery-delay-ms", max);
    }

    private static Map<String, String> invoicing(String digits, String taxRate, String rounding, String terms) {
        return Map.of("ledgerbridge.invoicing.series", "INV", "ledgerbridge.invoicing.number-prefix", "INV-",
                "ledgerbridge.invoicing.number-digits", digits, "ledgerbridge.invoicing.tax-rate", taxRate,
                "ledgerbridge.invoicing.tax-rounding", rounding, "ledgerbridge.invoicing.default-payment-terms-days", terms);
    }

    @Test
    void goodValuesBind() {
        assertThat(bind("ledgerbridge.pipeline", PipelineProperties.class, pipeline("500", "2000")).batchSize())
                .isEqualTo(500);
        assertThat(bind("ledgerbridge.retry", RetryProperties.class, retry("5", "1000", "2.0", "60000"))
                .maximumRedeliveries()).isEqualTo(5);
        assertThat(bind("ledgerbridge.invoicing", InvoicingProperties.class, invoicing("6", "0.13", "HALF_UP", "30"))
                .taxRate()).isEqualByComparingTo("0.13");
    }

    @Test
    void aBadValueIsRefusedNamingItsKey() {
        assertRefused("ledgerbridge.pipeline", PipelineProperties.class, pipeline("0", "2000"),
                "ledgerbridge.pipeline.batch-size");
        assertRefused("ledgerbridge.pipeline", PipelineProperties.class, pipeline("500", "5"),
                "ledgerbridge.pipeline.sweep-interval-ms");
        assertRefused("ledgerbridge.retry", RetryProperties.class, retry("-1", "1000", "2.0", "60000"),
                "ledgerbridge.retry.maximum-redeliveries");
        assertRefused("ledgerbridge.retry", RetryProperties.class, retry("5", "1000", "0.5", "60000"),
                "ledgerbridge.retry.backoff-multiplier");
        assertRefused("ledgerbridge.retry", RetryProperties.class, retry("5", "1000", "2.0", "10"),
                "ledgerbridge.retry.maximum-redelivery-delay-ms");
        assertRefused("ledgerbridge.invoicing", InvoicingProperties.class, invoicing("6", "13", "HALF_UP", "30"),
                "ledgerbridge.invoicing.tax-rate");
        assertRefused("ledgerbridge.invoicing", InvoicingProperties.class, invoicing("0", "0.13", "HALF_UP", "30"),
                "ledgerbridge.invoicing.number-digits");
        assertRefused("ledgerbridge.invoicing", InvoicingProperties.class, invoicing("6", "0.13", "UNNECESSARY", "30"),
                "ledgerbridge.invoicing.tax-rounding");
        assertRefused("ledgerbridge.accounts", AccountsProperties.class,
                Map.of("ledgerbridge.accounts.chart", "no/such/chart.yml"), "ledgerbridge.accounts.chart");
    }

    @Test
    void theApplicationDoesNotStartWithABadValueAndSaysWhichKey() {
        // command-line arguments outrank config/application.yml, as an operator's override would
        String[] arguments = {"--ledgerbridge.pipeline.batch-size=0", "--server.port=0",
            "--spring.datasource.url=jdbc:h2:mem:bad-settings;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
            "--spring.artemis.embedded.persistent=false", "--spring.artemis.embedded.server-id=77",
            "--ledgerbridge.sample-data.enabled=false", "--ledgerbridge.data-dir=target/test-data/bad-settings"};
        assertThatThrownBy(() -> {
            try (var started = new SpringApplicationBuilder(LedgerbridgeApplication.class).run(arguments)) {
                started.getId(); // started although it must not have: the assertion below reports it
            }
        }).rootCause().hasMessageContaining("ledgerbridge.pipeline.batch-size");
    }

    private static void assertRefused(String prefix, Class<?> type, Map<String, String> values, String key) {
        assertThatThrownBy(() -> bind(prefix, type, values))
                .rootCause().hasMessageContaining(key);
    }
}
