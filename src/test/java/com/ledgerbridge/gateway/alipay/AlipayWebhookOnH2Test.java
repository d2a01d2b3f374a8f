package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.testing.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Alipay webhook on the embedded default database. */
class AlipayWebhookOnH2Test extends AlipayWebhookTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        webhookProperties(registry, TestDatabase.H2);
    }
}
