package com.ledgerbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts Ledgerbridge: Spring Boot hosts the Camel routes found in routes/ and the beans they call. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerbridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(LedgerbridgeApplication.class, args);
    }
}
