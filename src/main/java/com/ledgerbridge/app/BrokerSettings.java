package com.ledgerbridge.app;

import java.util.List;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redelivery and dead-letter settings for the embedded broker. Without a dead-letter address Artemis
 * silently deletes a message after its last failed delivery; here each work queue X parks it on the
 * queue DLQ.X, where an operator can read it. An external broker needs the same address settings in
 * its broker.xml (README, "Operations").
 */
@Configuration
public class BrokerSettings {

    /** The work queues; each has a dead-letter queue DLQ.&lt;name&gt; declared in config/application.yml. */
    public static final List<String> WORK_QUEUES = List.of("orders.billable", "payments.received", "ledger.post");

    @Bean
    ArtemisConfigurationCustomizer deadLetterQueues(
            @Value("${ledgerbridge.broker.max-delivery-attempts:5}") int maxDeliveryAttempts,
            @Value("${ledgerbridge.broker.redelivery-delay-ms:1000}") long redeliveryDelayMs,
            @Value("${ledgerbridge.broker.max-redelivery-delay-ms:60000}") long maxRedeliveryDelayMs) {
        return configuration -> {
            for (String queue : WORK_QUEUES) {
                configuration.addAddressSetting(queue, new AddressSettings()
                        .setMaxDeliveryAttempts(maxDeliveryAttempts)
                        .setRedeliveryDelay(redeliveryDelayMs)
                        .setRedeliveryMultiplier(2.0)
                        .setMaxRedeliveryDelay(maxRedeliveryDelayMs)
                        .setDeadLetterAddress(SimpleString.of("DLQ." + queue)));
            }
        };
    }
}
