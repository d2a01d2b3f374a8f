package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.testing.TestDatabase;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Alipay webhook on PostgreSQL, production's database (skipped only when it is unreachable outside CI). */
@EnabledIf(value = "com.ledgerbridge.testing.TestDatabase#postgresRequiredOrReachable",
        disabledReason = "PostgreSQL is not reachable on 127.0.0.1:5432 and CI is not set")
class AlipayWebhookOnPostgresTest extends AlipayWebhookTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        webhookProperties(registry, TestDatabase.POSTGRESQL);
    }
}
