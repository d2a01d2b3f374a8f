package com.ledgerbridge.pipeline;

import com.ledgerbridge.failure.TransientFailure;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Called by the error handler of routes/error-handling.camel.yaml for every failed attempt: when the remote
 * said how long to wait (a {@link TransientFailure} carrying Retry-After), the next attempt waits that long
 * instead of the back-off's own delay; otherwise the back-off decides.
 */
@Component
public class RetryAfterDelay implements Processor {

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        TransientFailure transientFailure = find(failure);
        if (transientFailure != null && transientFailure.retryAfter().isPresent()) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, transientFailure.retryAfter().get().toMillis());
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }

    private static TransientFailure find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientFailure tf) {
                return tf;
            }
        }
        return null;
    }
}
