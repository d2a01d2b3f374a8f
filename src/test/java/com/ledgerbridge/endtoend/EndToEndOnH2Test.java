package com.ledgerbridge.endtoend;

import com.ledgerbridge.testing.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The end-to-end path on the embedded default database. */
class EndToEndOnH2Test extends EndToEndTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        endToEndProperties(registry, TestDatabase.H2);
    }
}
