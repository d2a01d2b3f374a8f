package com.ledgerbridge.ledger.rest;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.ledger.rest.* — the generic REST ledger target (contract: mappings/ledger/generic-rest/README.md).
 *
 * @param baseUrl          the ledger's API root, e.g. {@code https://erp.example.com/api}
 * @param entriesPath      the journal entries resource below it
 * @param token            bearer token (LEDGER_API_TOKEN); never logged, masked in stored errors
 * @param mapping          the JSONata mapping from the entry document to the create request (camel-jsonata URI)
 * @param connectTimeoutMs how long to wait for a connection
 * @param readTimeoutMs    how long to wait for an answer; a create that times out is looked up before it is sent again
 */
@ConfigurationProperties("ledgerbridge.ledger.rest")
public record RestLedgerProperties(String baseUrl, String entriesPath, String token, String mapping,
        int connectTimeoutMs, int readTimeoutMs) {

    public RestLedgerProperties {
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("ledgerbridge.ledger.rest.base-url must be an http(s) URL, was '" + baseUrl + "'");
        }
        try {
            URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ledgerbridge.ledger.rest.base-url is not a URL: " + e.getMessage());
        }
        if (entriesPath == null || !entriesPath.startsWith("/")) {
            throw new IllegalArgumentException("ledgerbridge.ledger.rest.entries-path must start with /, was '" + entriesPath + "'");
        }
        if (mapping == null || mapping.isBlank()) {
            throw new IllegalArgumentException("ledgerbridge.ledger.rest.mapping must name the JSONata mapping file");
        }
        if (connectTimeoutMs < 1 || connectTimeoutMs > 600_000) {
            throw new IllegalArgumentException("ledgerbridge.ledger.rest.connect-timeout-ms must be between 1 and 600000, was "
                    + connectTimeoutMs);
        }
        if (readTimeoutMs < 1 || readTimeoutMs > 600_000) {
            throw new IllegalArgumentException("ledgerbridge.ledger.rest.read-timeout-ms must be between 1 and 600000, was "
                    + readTimeoutMs);
        }
        token = token == null ? "" : token.strip();
    }

    @Override
    public String toString() {
        return "RestLedgerProperties[baseUrl=" + baseUrl + ", entriesPath=" + entriesPath + ", token=***, mapping="
                + mapping + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs=" + readTimeoutMs + "]";
    }
}
