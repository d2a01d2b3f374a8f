package com.ledgerbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.ledger.rest.RestLedgerProperties;
import com.ledgerbridge.pipeline.RetryProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad ledger settings stop start-up with a message naming the key; the back-off grows and is capped. */
class LedgerSettingsTest {

    record NamedTarget(String name) implements LedgerTarget {
        @Override
        public List<PostingOutcome> post(List<JournalEntry> batch) {
            return List.of();
        }

        @Override
        public Optional<String> lookup(String idempotencyKey) {
            return Optional.empty();
        }
    }

    @Test
    void theConfiguredTargetIsChosenByName() {
        NamedTarget rest = new NamedTarget("rest");

        assertThat(LedgerPostingStage.select(List.of(new NamedTarget("csv"), rest), "rest")).isSameAs(rest);
        assertThatThrownBy(() -> LedgerPostingStage.select(List.of(new NamedTarget("csv"), rest), "xero"))
                .hasMessage("ledgerbridge.ledger.target must be one of [csv, rest], was 'xero'");
        assertThatThrownBy(() -> new LedgerProperties("CSV!"))
                .hasMessageStartingWith("ledgerbridge.ledger.target must name a ledger target");
    }

    @Test
    void restSettingsAreCheckedByKey() {
        assertThatThrownBy(() -> new RestLedgerProperties("ftp://erp", "/e", "t", "file:m.jsonata", 1000, 1000))
                .hasMessageStartingWith("ledgerbridge.ledger.rest.base-url must be an http(s) URL");
        assertThatThrownBy(() -> new RestLedgerProperties("https://erp", "e", "t", "file:m.jsonata", 1000, 1000))
                .hasMessageStartingWith("ledgerbridge.ledger.rest.entries-path must start with /");
        assertThatThrownBy(() -> new RestLedgerProperties("https://erp", "/e", "t", "file:m.jsonata", 1000, 0))
                .hasMessage("ledgerbridge.ledger.rest.read-timeout-ms must be between 1 and 600000, was 0");
        assertThat(new RestLedgerProperties("https://erp", "/e", "secret", "file:m.jsonata", 1, 1).toString())
                .doesNotContain("secret");
    }

    @Test
    void theBackOffDoublesUpToItsCap() {
        RetryProperties retry = new RetryProperties(5, 1000, 2.0, 5000);

        assertThat(List.of(1, 2, 3, 4, 5).stream().map(n -> LedgerPostingStage.backOff(retry, n)).toList())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
    }
}
