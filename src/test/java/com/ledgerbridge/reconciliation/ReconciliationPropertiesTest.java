package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ReconciliationPropertiesTest {

    @Test
    void aNegativeOrHugeToleranceIsRefusedNamingTheKeyAndNoneMeansOff() {
        assertThatThrownBy(() -> new ReconciliationProperties(new BigDecimal("-0.01"), null))
                .hasMessageContaining("ledgerbridge.reconciliation.write-off-tolerance").hasMessageContaining("-0.01");
        assertThatThrownBy(() -> new ReconciliationProperties(new BigDecimal("100.01"), null))
                .hasMessageContaining("ledgerbridge.reconciliation.write-off-tolerance");
        assertThat(new ReconciliationProperties(null, null).writeOffTolerance()).isZero();
    }
}
