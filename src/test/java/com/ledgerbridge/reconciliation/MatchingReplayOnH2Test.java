package com.ledgerbridge.reconciliation;

import com.ledgerbridge.testing.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Matching replays on the embedded default database (decisions stored with JDBC batches). */
class MatchingReplayOnH2Test extends MatchingReplayTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        replayProperties(registry, TestDatabase.H2);
    }
}
