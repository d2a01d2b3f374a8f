package com.ledgerbridge.crm.rest;

import com.ledgerbridge.failure.RetryAfterHeader;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Turns a CRM's refusal into the failure kind the error handling acts on, with one line an operator can act on
 * (the status, the CRM's own error body, what to check). 408, 429 and 5xx are transient: a 429's or 503's
 * Retry-After (seconds or an HTTP date) rides along so the next request waits at least that long. 401 and
 * 403 (credentials refused) and every other 4xx are permanent. Credentials never appear in the text.
 */
final class CrmHttpFailures {

    static final int MAX_BODY = 500;

    private CrmHttpFailures() {
    }

    static RuntimeException of(int status, String retryAfter, String body, String request, String tokenKey, Clock clock) {
        StringBuilder text = new StringBuilder("HTTP ").append(status).append(" from ").append(request);
        if (status == 401 || status == 403) {
            text.append(" (the CRM refused the token: check ").append(tokenKey).append(')');
        }
        if (status == 429) {
            text.append(" (rate limited").append(retryAfter == null ? "" : "; Retry-After " + retryAfter).append(')');
        }
        if (body != null && !body.isBlank()) {
            text.append("; response: ").append(oneLine(body));
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new TransientFailure(text.toString(), RetryAfterHeader.parse(retryAfter, clock), null);
        }
        return new PermanentFailure(text.toString());
    }


    static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_BODY ? flat : flat.substring(0, MAX_BODY) + "…";
    }
}
