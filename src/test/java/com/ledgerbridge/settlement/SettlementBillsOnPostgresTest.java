package com.ledgerbridge.settlement;

import com.ledgerbridge.testing.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Settlement bills on PostgreSQL, production's database: COPY loading, code point ordering, row locks. */
@EnabledIf(value = "com.ledgerbridge.testing.TestDatabase#postgresRequiredOrReachable",
        disabledReason = "PostgreSQL is not reachable on 127.0.0.1:5432 and CI is not set")
class SettlementBillsOnPostgresTest extends SettlementBillsTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        settlementProperties(registry, TestDatabase.POSTGRESQL);
    }
}
