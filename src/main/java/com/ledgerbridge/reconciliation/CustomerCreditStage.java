package com.ledgerbridge.reconciliation;

import com.ledgerbridge.pipeline.BatchDrain;
import com.ledgerbridge.pipeline.PipelineProperties;
import com.ledgerbridge.pipeline.WorkStage;
import org.springframework.stereotype.Component;

/** The customer-credit stage of the pipeline: applies held credit to the customers' next invoices, batch after batch. */
@Component
public class CustomerCreditStage implements WorkStage {

    private final CustomerCreditService credit;
    private final int batchSize;

    public CustomerCreditStage(CustomerCreditService credit, PipelineProperties pipeline) {
        this.credit = credit;
        this.batchSize = pipeline.batchSize();
    }

    @Override
    public int drain() {
        return BatchDrain.drain(batchSize, () -> credit.applyBatch(batchSize).reviewed());
    }
}
