/**
 * The three kinds of failure every flow reports, and which routes/error-handling.camel.yaml treats alike
 * whichever connector raised them: {@link com.ledgerbridge.failure.TransientFailure} (retry with back-off,
 * honouring the remote's Retry-After, then park), {@link com.ledgerbridge.failure.PermanentFailure} (no
 * retry: a visible, re-drivable exception with its reason) and {@link com.ledgerbridge.failure.BadInput}
 * (answered with a clear 4xx and recorded; nothing changes). Plain Java, so connectors and services throw
 * them without knowing about Camel.
 */
package com.ledgerbridge.failure;
