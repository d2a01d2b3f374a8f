package com.ledgerbridge.ledger;

import static org.awaitility.Awaitility.await;

import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalOutbox.OutboxState;
import com.ledgerbridge.storage.JournalStore.PostingStatus;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Shared pieces of the ledger posting integration tests. */
final class LedgerTestSupport {

    static final String QUEUE = "jms:queue:ledger.post";
    static final String DEAD_LETTER_QUEUE = "DLQ.ledger.post";

    private LedgerTestSupport() {
    }

    /**
     * Only this flow's routes (the tests must not depend on, or be disturbed by, other flows' route files)
     * and short retry delays. The delays are set here because config/application.yml, read from outside the
     * jar, outranks the packaged application-test.yml.
     */
    static void ledgerProperties(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern",
                () -> "file:${ledgerbridge.home}/routes/ledger-posting.camel.yaml");
        registry.add("ledgerbridge.ledger.retry.maximum-redeliveries", () -> 5);
        registry.add("ledgerbridge.ledger.retry.redelivery-delay-ms", () -> 50);
        registry.add("ledgerbridge.ledger.retry.maximum-redelivery-delay-ms", () -> 200);
        registry.add("ledgerbridge.ledger.sweep-interval-ms", () -> 3_600_000);
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

    /** Waits until DLQ.ledger.post holds a message for {@code body} (browsed, not consumed) and returns it. */
    static DeadLetter awaitDeadLetter(JmsTemplate jms, String body) {
        AtomicReference<DeadLetter> found = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        found.set(deadLetter(jms, body));
                        return found.get() != null;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no dead letter '" + body + "' on DLQ.ledger.post", e);
        }
        return found.get();
    }

    /** The message on DLQ.ledger.post whose body is {@code body}, or null; the queue is only browsed. */
    static DeadLetter deadLetter(JmsTemplate jms, String body) {
        return jms.browse(DEAD_LETTER_QUEUE, (session, browser) -> {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                if (messages.nextElement() instanceof TextMessage text && body.equals(text.getText())) {
                    Set<String> properties = new TreeSet<>();
                    Collections.list((Enumeration<?>) text.getPropertyNames()).forEach(p -> properties.add(p.toString()));
                    return new DeadLetter(text.getText(), text.getStringProperty("LedgerPostingFailure"), properties);
                }
            }
            return null;
        });
    }

    /** A message parked on DLQ.ledger.post: the prompt, the failure reason, and every property name it carries. */
    record DeadLetter(String body, String failure, Set<String> properties) {
    }
}
