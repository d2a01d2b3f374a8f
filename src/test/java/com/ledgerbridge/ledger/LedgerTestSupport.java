package com.ledgerbridge.ledger;

import static org.awaitility.Awaitility.await;

import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalOutbox.OutboxState;
import com.ledgerbridge.storage.JournalStore.PostingStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Shared pieces of the ledger posting integration tests. */
final class LedgerTestSupport {

    /** Wakes the posting stage (routes/work-stages.camel.yaml, instantiated by routes/ledger-posting.camel.yaml). */
    static final String WAKE = "jms:queue:work.ledger-posting?exchangePattern=InOnly";

    private LedgerTestSupport() {
    }

    /**
     * Only this flow's routes and the shared templates and error handling (the tests must not depend on, or be
     * disturbed by, other flows), short retry delays, and a sweep every {@code sweepIntervalMs}. Set here
     * because config/application.yml, read from outside the jar, outranks a packaged application-test.yml.
     */
    static void ledgerProperties(DynamicPropertyRegistry registry, long sweepIntervalMs) {
        registry.add("camel.main.routes-include-pattern", () -> "file:${ledgerbridge.home}/routes/ledger-posting.camel.yaml,"
                + "file:${ledgerbridge.home}/routes/work-stages.camel.yaml,"
                + "file:${ledgerbridge.home}/routes/error-handling.camel.yaml");
        registry.add("ledgerbridge.retry.maximum-redeliveries", () -> 5);
        registry.add("ledgerbridge.retry.redelivery-delay-ms", () -> 50);
        registry.add("ledgerbridge.retry.maximum-redelivery-delay-ms", () -> 200);
        registry.add("ledgerbridge.pipeline.sweep-interval-ms", () -> sweepIntervalMs);
    }

    static OutboxState awaitStatus(JournalOutbox outbox, long id, PostingStatus status) {
        AtomicReference<OutboxState> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                OutboxState state = outbox.state(id).orElseThrow();
                last.set(state);
                return state.status() == status;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("journal entry " + id + " did not become " + status + "; last seen " + last.get(), e);
        }
        return last.get();
    }
}
