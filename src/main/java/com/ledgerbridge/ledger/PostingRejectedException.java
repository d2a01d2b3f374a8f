package com.ledgerbridge.ledger;

/**
 * The target refused the entry for a reason a retry cannot change (a validation error, a wrong account,
 * bad credentials, a journal file that holds a different copy). The entry goes straight to the dead-letter
 * queue for a person; the route configuration gives this exception no redeliveries.
 */
public class PostingRejectedException extends RuntimeException {
    public PostingRejectedException(String message) {
        super(message);
    }
}
