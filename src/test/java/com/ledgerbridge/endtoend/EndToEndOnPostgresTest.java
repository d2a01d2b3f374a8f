package com.ledgerbridge.endtoend;

import com.ledgerbridge.testing.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The end-to-end path on PostgreSQL, production's database. Skipped only when PostgreSQL is not
 * reachable outside CI; with CI=true it always runs, and fails if PostgreSQL cannot be used.
 */
@EnabledIf(value = "com.ledgerbridge.testing.TestDatabase#postgresRequiredOrReachable",
        disabledReason = "PostgreSQL is not reachable on 127.0.0.1:5432 and CI is not set")
class EndToEndOnPostgresTest extends EndToEndTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        endToEndProperties(registry, TestDatabase.POSTGRESQL);
    }
}
