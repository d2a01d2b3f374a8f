package com.ledgerbridge.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Several instances (lease objects with their own owner ids) against one database. */
class SchedulerLeaseTest extends IntegrationTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        registry.add("camel.main.routes-include-pattern", () -> "false");
    }

    @Autowired
    JdbcClient jdbc;

    SchedulerLease instance(String name, Clock clock) {
        return new SchedulerLease(jdbc, clock, name);
    }

    @Test
    void onlyOneInstanceHoldsALeaseUntilItIsReleasedOrExpires() {
        String job = "job-" + UUID.randomUUID();
        Clock now = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
        SchedulerLease a = instance("a", now);
        SchedulerLease b = instance("b", now);

        assertThat(a.tryAcquire(job, Duration.ofMinutes(5))).isTrue();
        assertThat(b.tryAcquire(job, Duration.ofMinutes(5))).isFalse();
        assertThat(a.tryAcquire(job, Duration.ofMinutes(5))).as("the holder may extend").isTrue();

        a.release(job);
        assertThat(b.tryAcquire(job, Duration.ofMinutes(5))).isTrue();
        assertThat(a.tryAcquire(job, Duration.ofMinutes(5))).isFalse();

        // b crashes without releasing: after expiry another instance takes over
        SchedulerLease later = instance("a", Clock.offset(now, Duration.ofMinutes(6)));
        assertThat(later.tryAcquire(job, Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void concurrentInstancesNeverBothWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String job = "race-" + UUID.randomUUID();
                List<Callable<Boolean>> contenders = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    SchedulerLease lease = instance("instance-" + i, Clock.systemUTC());
                    contenders.add(() -> lease.tryAcquire(job, Duration.ofMinutes(5)));
                }
                long winners = 0;
                for (Future<Boolean> result : pool.invokeAll(contenders)) {
                    winners += result.get() ? 1 : 0;
                }
                assertThat(winners).as("winners of %s", job).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
