package com.ledgerbridge.ledger.rest;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.stereotype.Component;

/**
 * Turns off Apache HttpClient's own retries for the ledger endpoints. By default it re-sends a request
 * answered 429 or 503, POST included, after waiting a second; the ledger posting route already owns
 * retries (backoff, attempt counting, dead letters, lookup before every create), so there must be no second,
 * invisible retry layer underneath it.
 */
@Component("ledgerHttpClientConfigurer")
public class NoHiddenHttpRetries implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
    }
}
