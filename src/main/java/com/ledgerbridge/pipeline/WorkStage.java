package com.ledgerbridge.pipeline;

/**
 * One stage of the pipeline whose work waits in the database (invoicing, reconciliation, ledger posting).
 * Routes call {@link #drain()} when the stage is woken (routes/work-stages.camel.yaml).
 */
public interface WorkStage {

    /**
     * Handles waiting work in batches, one transaction per batch, until none is left that this instance can
     * claim (rows another instance holds are skipped, not waited for).
     *
     * @return how many items were handled; more than zero means the next stage has work
     */
    int drain();
}
