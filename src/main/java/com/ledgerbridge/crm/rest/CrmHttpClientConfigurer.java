package com.ledgerbridge.crm.rest;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.springframework.stereotype.Component;

/**
 * HTTP client settings for the CRM endpoint only. Apache HttpClient by default re-sends a request after a
 * 429 or 503 and sleeps for the server's Retry-After first, which would hold the sync for as long as the CRM
 * asks (minutes, hours). A CRM sync never needs that: a failed page stops the run, the error is logged with
 * the Retry-After, and the next scheduled run resumes from the watermark.
 */
@Component("crmHttpClientConfigurer")
public class CrmHttpClientConfigurer implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
    }
}
