package com.ledgerbridge.app;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one HTTP client configuration for every outbound call (CRM sources, ledger targets, gateway APIs),
 * set on the camel-http component in config/application.yml. Apache HttpClient by default re-sends a
 * request answered 429 or 503 (POST included) after sleeping for the server's Retry-After: a second,
 * invisible retry layer under routes/error-handling.camel.yaml, which owns retries and Retry-After.
 */
@Configuration
public class OutboundHttp {

    @Bean
    HttpClientConfigurer outboundHttpClientConfigurer() {
        return builder -> builder.disableAutomaticRetries();
    }
}
