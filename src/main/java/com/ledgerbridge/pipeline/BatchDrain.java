package com.ledgerbridge.pipeline;

import java.util.function.IntSupplier;

/** The loop every stage shares: run batches while they come back full. */
public final class BatchDrain {

    private BatchDrain() {
    }

    /**
     * Runs {@code batch} (which handles up to {@code batchSize} items in one transaction and returns how many it
     * handled) until a batch comes back short, which means nothing claimable is left.
     */
    public static int drain(int batchSize, IntSupplier batch) {
        int total = 0;
        int handled;
        do {
            handled = batch.getAsInt();
            total += handled;
        } while (handled >= batchSize);
        return total;
    }
}
