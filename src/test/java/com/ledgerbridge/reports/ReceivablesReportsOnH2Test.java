package com.ledgerbridge.reports;

import com.ledgerbridge.testing.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Receivables reports on the embedded default database. */
class ReceivablesReportsOnH2Test extends ReceivablesReportsTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        reportsProperties(registry, TestDatabase.H2);
    }
}
