package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatchingReplayPropertiesTest {

    @Test
    void threadsAndBatchSizeAreBoundedNamingTheKeyAndDefaultToTwoAndTwoThousand() {
        assertThatThrownBy(() -> new MatchingReplayProperties(0, null))
                .hasMessageContaining("ledgerbridge.matching.replay.threads").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new MatchingReplayProperties(65, null))
                .hasMessageContaining("ledgerbridge.matching.replay.threads");
        assertThatThrownBy(() -> new MatchingReplayProperties(null, 99))
                .hasMessageContaining("ledgerbridge.matching.replay.batch-size").hasMessageContaining("was 99");
        MatchingReplayProperties defaults = new MatchingReplayProperties(null, null);
        assertThat(defaults.threads()).isEqualTo(2);
        assertThat(defaults.batchSize()).isEqualTo(2_000);
    }
}
