package com.ledgerbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A message that keeps failing is redelivered by the broker exactly ledgerbridge.broker.max-delivery-attempts
 * times and then parked on DLQ.&lt;queue&gt;, never silently dropped. The consuming routes' attempts are
 * counted as they happen (one Camel exchange per JMS delivery), with the delivery count the broker gave each.
 */
class DeadLetterQueueTest extends IntegrationTest {

    /** Neither the shipped default (5) nor Artemis's own default (10): the count must come from the setting. */
    static final int MAX_DELIVERY_ATTEMPTS = 3;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        configure(registry, TestDatabase.standard());
        registry.add("ledgerbridge.broker.max-delivery-attempts", () -> MAX_DELIVERY_ATTEMPTS);
    }

    /** One JMS delivery as a consuming route saw it. */
    record Attempt(String queue, String body, Integer deliveryCount, Boolean redelivered) {
    }

    /** Records every exchange a JMS consumer starts, i.e. every delivery of a message to a route. */
    static final class JmsDeliveries extends EventNotifierSupport {
        final Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof ExchangeCreatedEvent;
        }

        @Override
        public void notify(CamelEvent event) {
            Exchange exchange = ((ExchangeCreatedEvent) event).getExchange();
            // a route consuming from a queue (a ProducerTemplate's exchange has no route)
            if (exchange.getFromRouteId() != null && exchange.getFromEndpoint() instanceof JmsEndpoint jms) {
                attempts.add(new Attempt(jms.getDestinationName(), exchange.getIn().getBody(String.class),
                        exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class),
                        exchange.getIn().getHeader("JMSRedelivered", Boolean.class)));
            }
        }

        List<Attempt> on(String queue, String body) {
            return attempts.stream().filter(a -> a.queue().equals(queue) && body.equals(a.body())).toList();
        }
    }

    @TestConfiguration
    static class CountDeliveries {
        @Bean
        JmsDeliveries jmsDeliveries() {
            return new JmsDeliveries();
        }

        /**
         * Added before Camel starts, so that Camel emits exchange events at all (an EventNotifier bean on its
         * own was not picked up by this Camel/Spring Boot test context).
         */
        @Bean
        CamelContextConfiguration countJmsDeliveries(JmsDeliveries deliveries) {
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext camelContext) {
                    camelContext.getManagementStrategy().addEventNotifier(deliveries);
                }

                @Override
                public void afterApplicationStart(CamelContext camelContext) {
                }
            };
        }
    }

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JmsTemplate jms;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JmsDeliveries deliveries;

    @Value("${ledgerbridge.broker.max-delivery-attempts}")
    int maxDeliveryAttempts;

    @BeforeEach
    void waitLongEnough() {
        jms.setReceiveTimeout(20_000);
    }

    @Test
    void aPromptForAnOrderThatDoesNotExistIsTriedMaxDeliveryAttemptsTimesThenDeadLettered() throws Exception {
        assertRedeliveredThenParked("orders.billable", "987654321");
        assertThat(jdbc.sql("select count(*) from invoice").query(Long.class).single()).isZero();
    }

    @Test
    void aPromptForAPaymentEventThatDoesNotExistIsTriedMaxDeliveryAttemptsTimesThenDeadLettered() throws Exception {
        assertRedeliveredThenParked("payments.received", "123456789");
    }

    void assertRedeliveredThenParked(String queue, String body) throws Exception {
        assertThat(maxDeliveryAttempts).isEqualTo(MAX_DELIVERY_ATTEMPTS);
        producer.sendBody("jms:queue:" + queue + "?exchangePattern=InOnly", body);

        Message parked = jms.receive("DLQ." + queue);
        assertThat(parked).as("dead-lettered message on DLQ.%s", queue).isNotNull();
        assertThat(((TextMessage) parked).getText()).isEqualTo(body);
        // the broker moved it there from the work queue (the app never sends to a DLQ itself)
        assertThat(parked.getStringProperty("_AMQ_ORIG_QUEUE")).isEqualTo(queue);

        // by the time it is parked, the consumer has had it exactly max-delivery-attempts times, each a fresh
        // delivery by the broker (not a retry inside Camel): delivery counts 1, 2, ..., redelivered after the first
        List<Attempt> attempts = deliveries.on(queue, body);
        assertThat(attempts).as("attempts on %s", queue).hasSize(maxDeliveryAttempts);
        assertThat(attempts).extracting(Attempt::deliveryCount)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, maxDeliveryAttempts).boxed().toList());
        assertThat(attempts).extracting(Attempt::redelivered)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, maxDeliveryAttempts).mapToObj(n -> n > 1).toList());

        // and no further attempt, and no second copy, follows once it is parked
        jms.setReceiveTimeout(1_000);
        assertThat(jms.receive("DLQ." + queue)).isNull();
        assertThat(deliveries.on(queue, body)).hasSize(maxDeliveryAttempts);
    }
}
