package com.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class ApplicationStartsTest extends IntegrationTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
    }

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcClient jdbc;

    @Test
    void healthIsUpAndSchemaIsMigrated() {
        assertThat(http.getForObject("/actuator/health", String.class)).contains("\"status\":\"UP\"");
        assertThat(jdbc.sql("select count(*) from journal_entry").query(Long.class).single()).isZero();
    }
}
