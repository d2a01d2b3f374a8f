package com.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A message that keeps failing is redelivered and then parked on DLQ.<queue>, never silently dropped. */
class DeadLetterQueueTest extends IntegrationTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
    }

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JmsTemplate jms;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPromptForAnOrderThatDoesNotExistEndsOnTheDeadLetterQueue() throws Exception {
        producer.sendBody("jms:queue:orders.billable?exchangePattern=InOnly", "987654321");

        jms.setReceiveTimeout(20_000);
        Message parked = jms.receive("DLQ.orders.billable");
        assertThat(parked).as("dead-lettered message").isNotNull();
        assertThat(((TextMessage) parked).getText()).isEqualTo("987654321");
        assertThat(parked.getIntProperty("JMSXDeliveryCount")).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select count(*) from invoice").query(Long.class).single()).isZero();
    }

    @Test
    void aPromptForAPaymentEventThatDoesNotExistEndsOnTheDeadLetterQueue() throws Exception {
        producer.sendBody("jms:queue:payments.received?exchangePattern=InOnly", "123456789");

        jms.setReceiveTimeout(20_000);
        Message parked = jms.receive("DLQ.payments.received");
        assertThat(parked).as("dead-lettered message").isNotNull();
        assertThat(((TextMessage) parked).getText()).isEqualTo("123456789");
    }
}
