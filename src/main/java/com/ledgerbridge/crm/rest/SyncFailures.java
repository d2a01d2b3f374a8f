package com.ledgerbridge.crm.rest;

import java.util.Locale;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.URISupport;

/**
 * Turns whatever stopped a sync run into one line an operator can act on: the HTTP status and the CRM's own
 * error body, a 429's Retry-After, or the contract violation. Credentials never appear: the bearer token
 * travels in a header that is not part of any message here, and URIs are sanitised anyway.
 */
final class SyncFailures {

    static final int MAX_BODY = 500;

    private SyncFailures() {
    }

    static String describe(Throwable failure) {
        Throwable cause = rootOfInterest(failure);
        if (cause instanceof HttpOperationFailedException http) {
            StringBuilder text = new StringBuilder("HTTP ").append(http.getStatusCode());
            if (http.getStatusText() != null && !http.getStatusText().isBlank()) {
                text.append(' ').append(http.getStatusText());
            }
            text.append(" from GET ").append(URISupport.sanitizeUri(http.getUri()));
            if (http.getStatusCode() == 401 || http.getStatusCode() == 403) {
                text.append(" (the CRM refused the token: check ledgerbridge.crm.rest.token / CRM_API_TOKEN)");
            }
            if (http.getStatusCode() == 429) {
                String retryAfter = header(http, "Retry-After");
                text.append(" (rate limited").append(retryAfter == null ? "" : "; Retry-After " + retryAfter).append(')');
            }
            String body = http.getResponseBody();
            if (body != null && !body.isBlank()) {
                text.append("; response: ").append(oneLine(body));
            }
            return text.toString();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message));
    }

    /** Skips the wrappers Camel and Spring put around the exception that actually happened. */
    private static Throwable rootOfInterest(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current
                && !(current instanceof HttpOperationFailedException) && !(current instanceof CrmResponseException)
                && (current.getClass().getName().startsWith("org.apache.camel.")
                        || current.getClass().getName().startsWith("org.springframework."))) {
            current = current.getCause();
        }
        return current;
    }

    private static String header(HttpOperationFailedException http, String name) {
        if (http.getResponseHeaders() == null) {
            return null;
        }
        return http.getResponseHeaders().entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .map(e -> e.getValue())
                .findFirst().orElse(null);
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_BODY ? flat : flat.substring(0, MAX_BODY) + "…";
    }
}
