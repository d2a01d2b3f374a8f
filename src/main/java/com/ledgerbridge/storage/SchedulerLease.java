package com.ledgerbridge.storage;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Leases that let exactly one instance run a scheduled job at a time (webhooks run everywhere; pulls
 * from a CRM must not). A lease is taken by a conditional update that only succeeds when it is free,
 * expired or already ours, so two instances can never both hold it; a crashed holder's lease expires.
 */
@Repository
public class SchedulerLease {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String owner;

    @org.springframework.beans.factory.annotation.Autowired
    public SchedulerLease(JdbcClient jdbc, Clock clock) {
        this(jdbc, clock, ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID());
    }

    /** For tests that play several instances against one database. */
    public SchedulerLease(JdbcClient jdbc, Clock clock, String owner) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.owner = owner;
    }

    /** Longer than any run should take; a crashed holder's job is taken over after this. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(30);

    /** Takes the lease on {@code job} for {@link #DEFAULT_LEASE}; false when another instance holds it. */
    public boolean tryAcquire(String job) {
        return tryAcquire(job, DEFAULT_LEASE);
    }

    /** Takes (or extends) the lease on {@code job} for {@code duration}; false when another instance holds it. */
    public boolean tryAcquire(String job, Duration duration) {
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(duration));
        int taken = jdbc.sql("""
                        update scheduler_lease set owner = :owner, expires_at = :until
                        where job_name = :job and (owner = :owner or expires_at <= :now)
                        """)
                .param("owner", owner).param("until", until).param("job", job).param("now", Timestamp.from(now))
                .update();
        if (taken == 1) {
            return true;
        }
        try {
            return jdbc.sql("insert into scheduler_lease (job_name, owner, expires_at) values (:job, :owner, :until)")
                    .param("job", job).param("owner", owner).param("until", until).update() == 1;
        } catch (DuplicateKeyException heldByAnother) {
            return false;
        }
    }

    /** Gives the lease back early (after a run), so another instance may take the next run at once. */
    public void release(String job) {
        jdbc.sql("update scheduler_lease set expires_at = :now where job_name = :job and owner = :owner")
                .param("now", Timestamp.from(clock.instant())).param("job", job).param("owner", owner).update();
    }
}
