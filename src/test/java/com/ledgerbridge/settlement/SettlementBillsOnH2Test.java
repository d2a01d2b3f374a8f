package com.ledgerbridge.settlement;

import com.ledgerbridge.testing.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Settlement bills on the embedded default database. */
class SettlementBillsOnH2Test extends SettlementBillsTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        settlementProperties(registry, TestDatabase.H2);
    }
}
