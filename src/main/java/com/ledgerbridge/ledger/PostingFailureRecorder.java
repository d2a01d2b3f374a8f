package com.ledgerbridge.ledger;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Called by the ledger posting error handler ({@code onExceptionOccurredRef}) right after each failed
 * attempt, redeliveries included, so that {@code attempts} and {@code last_error} tell an operator what
 * happened even while the retries are still running.
 */
@Component("ledgerPostingFailureRecorder")
public class PostingFailureRecorder implements Processor {

    /** The exchange property the routes keep the entry id in. */
    public static final String ENTRY_ID = "ledgerEntryId";

    private final LedgerPosting posting;

    public PostingFailureRecorder(LedgerPosting posting) {
        this.posting = posting;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        posting.attemptFailed(exchange.getProperty(ENTRY_ID, Long.class), failure);
    }
}
