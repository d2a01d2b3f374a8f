package com.ledgerbridge.ledger.rest;

import com.ledgerbridge.ledger.LedgerSettings;
import com.ledgerbridge.ledger.PostingRejectedException;
import org.springframework.stereotype.Component;

/**
 * The REST ledger's bearer token ({@code ledgerbridge.ledger.rest.token}, from LEDGER_API_TOKEN). The routes
 * ask for the header value at call time instead of writing the token into the route as a placeholder, so
 * the token never appears in a route dump; it is removed from the message right after each call.
 */
@Component
public class RestLedgerCredentials {

    private final String token;

    public RestLedgerCredentials(LedgerSettings settings) {
        this.token = settings.rest() == null || settings.rest().token() == null ? "" : settings.rest().token().strip();
    }

    /** The value of the {@code Authorization} header. */
    public String authorization() {
        if (token.isEmpty()) {
            throw new PostingRejectedException(
                    "no REST ledger token configured (ledgerbridge.ledger.rest.token / LEDGER_API_TOKEN)");
        }
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "RestLedgerCredentials[token=***]";
    }
}
