package com.ledgerbridge.app;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Dead-letter and redelivery settings for the embedded broker. Without a dead-letter address Artemis
 * silently deletes a message after its last failed delivery; here every queue X parks it on DLQ.X.
 * An external broker needs the same address settings in its broker.xml (see README, "Operations").
 */
@Configuration
public class BrokerSettings {

    static final int MAX_DELIVERY_ATTEMPTS = 5;

    @Bean
    ArtemisConfigurationCustomizer deadLetterAddresses() {
        return configuration -> configuration.addAddressSetting("#", new AddressSettings()
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000)
                .setAutoCreateDeadLetterResources(true)
                .setDeadLetterQueuePrefix(SimpleString.of("DLQ."))
                .setDeadLetterAddress(SimpleString.of("DLA")));
    }
}
