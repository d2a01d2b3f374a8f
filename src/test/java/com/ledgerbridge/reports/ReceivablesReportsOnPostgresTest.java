package com.ledgerbridge.reports;

import com.ledgerbridge.testing.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Receivables reports on PostgreSQL (production's database), where the partial open-invoice index exists. */
@EnabledIf("com.ledgerbridge.testing.TestDatabase#postgresRequiredOrReachable")
class ReceivablesReportsOnPostgresTest extends ReceivablesReportsTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        reportsProperties(registry, TestDatabase.POSTGRESQL);
    }
}
