package com.ledgerbridge.reconciliation;

import com.ledgerbridge.testing.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Matching replays on PostgreSQL (production's database; decisions stored with COPY). */
@EnabledIf("com.ledgerbridge.testing.TestDatabase#postgresRequiredOrReachable")
class MatchingReplayOnPostgresTest extends MatchingReplayTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        replayProperties(registry, TestDatabase.POSTGRESQL);
    }
}
