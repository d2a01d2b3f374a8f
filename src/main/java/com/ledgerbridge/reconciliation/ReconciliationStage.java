package com.ledgerbridge.reconciliation;

import com.ledgerbridge.pipeline.BatchDrain;
import com.ledgerbridge.pipeline.PipelineProperties;
import com.ledgerbridge.pipeline.WorkStage;
import org.springframework.stereotype.Component;

/** The reconciliation stage of the pipeline: applies waiting payment events, batch after batch. */
@Component
public class ReconciliationStage implements WorkStage {

    private final ReconciliationService reconciliation;
    private final int batchSize;

    public ReconciliationStage(ReconciliationService reconciliation, PipelineProperties pipeline) {
        this.reconciliation = reconciliation;
        this.batchSize = pipeline.batchSize();
    }

    @Override
    public int drain() {
        return BatchDrain.drain(batchSize, () -> reconciliation.reconcileBatch(batchSize).claimed());
    }
}
