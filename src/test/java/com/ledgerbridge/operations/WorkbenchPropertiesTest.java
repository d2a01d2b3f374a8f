package com.ledgerbridge.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.workbench.ActionKind;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** ledgerbridge.workbench.approvals binds into an approval policy; a bad list stops start-up naming the key. */
class WorkbenchPropertiesTest {

    static WorkbenchProperties bind(String... kindLevelAbove) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < kindLevelAbove.length / 3; i++) {
            String key = "ledgerbridge.workbench.approvals[" + i + "].";
            values.put(key + "kind", kindLevelAbove[3 * i]);
            values.put(key + "level", kindLevelAbove[3 * i + 1]);
            values.put(key + "above", kindLevelAbove[3 * i + 2]);
        }
        values.put("ledgerbridge.workbench.unused", "x");
        return new Binder(new MapConfigurationPropertySource(values)).bind("ledgerbridge.workbench",
                WorkbenchProperties.class).get();
    }

    @Test
    void theConfiguredLevelsBecomeThePolicy() {
        WorkbenchProperties properties = bind("WRITE_OFF", "1", "1000", "WRITE_OFF", "2", "50000");
        assertThat(properties.policy().levelsRequired(ActionKind.WRITE_OFF, new BigDecimal("50000.01"))).isEqualTo(2);
        assertThat(properties.policy().levelsRequired(ActionKind.WRITE_OFF, new BigDecimal("999"))).isZero();
        assertThat(properties.highestLevel()).isEqualTo(2);
    }

    @Test
    void badListsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> bind("WRITE_OFF", "2", "1000")).rootCause()
                .hasMessageContaining("ledgerbridge.workbench.approvals");
        assertThatThrownBy(() -> bind("WRITE_OFF", "1", "1000", "WRITE_OFF", "2", "10")).rootCause()
                .hasMessageContaining("ledgerbridge.workbench.approvals");
        assertThatThrownBy(() -> bind("IGNORE", "1", "0")).rootCause()
                .hasMessageContaining("ledgerbridge.workbench.approvals");
        assertThatThrownBy(() -> bind("WRITE_OFF", "1", "-5")).rootCause()
                .hasMessageContaining("ledgerbridge.workbench.approvals");
    }
}
