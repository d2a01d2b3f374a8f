package com.ledgerbridge.ledger;

import java.util.regex.Pattern;

/**
 * Turns a failure into the text stored in {@code journal_entry.last_error} and put on dead letters:
 * the exception chain's messages, with credentials masked and the length bounded.
 */
public final class FailureText {

    public static final int MAX_LENGTH = 1000;

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:token|password|secret|api[_-]?key|access[_-]?key)[\"']?\\s*[=:]\\s*[\"']?)[^\\s\"'&,;]+");

    private final String token;

    /** @param token the configured ledger token, masked wherever it appears even without a "Bearer" prefix */
    public FailureText(String token) {
        this.token = token == null || token.isBlank() ? null : token;
    }

    public String describe(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        StringBuilder text = new StringBuilder();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 5; depth++, current = current.getCause()) {
            String message = current.getMessage();
            if (depth > 0) {
                // wrappers (bean invocation, HTTP client) often repeat their cause's message
                if (message != null && text.indexOf(message) >= 0) {
                    continue;
                }
                text.append(" <- ");
            }
            text.append(current.getClass().getSimpleName());
            if (message != null && !message.isBlank()) {
                text.append(": ").append(message);
            }
        }
        return redact(text.toString());
    }

    public String redact(String text) {
        String clean = text;
        if (token != null) {
            clean = clean.replace(token, "***");
        }
        clean = BEARER.matcher(clean).replaceAll("$1***");
        clean = SECRET_PARAMETER.matcher(clean).replaceAll("$1***");
        return clean.length() <= MAX_LENGTH ? clean : clean.substring(0, MAX_LENGTH - 1) + "…";
    }
}
