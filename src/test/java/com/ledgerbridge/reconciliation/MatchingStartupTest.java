package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.reconciliation.matching.MatchingEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The rules are read when the application starts: a good file gives the engine, a bad one stops start-up. */
class MatchingStartupTest {

    @Configuration
    @EnableConfigurationProperties(MatchingProperties.class)
    @Import(MatchingConfiguration.class)
    static class OnlyMatching {
    }

    @TempDir
    Path dir;

    private static ConfigurableApplicationContext start(Path rules) {
        return new SpringApplicationBuilder(OnlyMatching.class).web(WebApplicationType.NONE)
                .properties("spring.config.location=optional:classpath:/none.yml", "ledgerbridge.matching.rules=" + rules)
                .run();
    }

    @Test
    void theShippedRulesGiveTheEngine() {
        try (ConfigurableApplicationContext context = start(MatchingRulesFileTest.SHIPPED.toAbsolutePath())) {
            assertThat(context.getBean(MatchingEngine.class).rules().version()).isEqualTo("2026-12-01.1");
        }
    }

    @Test
    void aBadRuleStopsStartUpNamingTheRuleAndTheField() throws IOException {
        Path bad = dir.resolve("matching-rules.yml");
        Files.writeString(bad, Files.readString(MatchingRulesFileTest.SHIPPED).replace("days-after: 45", "days-after: -45"));

        assertThatThrownBy(() -> start(bad).close()).rootCause()
                .hasMessageContaining("rule 'amount-customer-date' (rules[3])")
                .hasMessageContaining("field 'days-after'");
    }
}
