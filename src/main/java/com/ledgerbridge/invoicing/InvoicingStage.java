package com.ledgerbridge.invoicing;

import com.ledgerbridge.pipeline.BatchDrain;
import com.ledgerbridge.pipeline.PipelineProperties;
import com.ledgerbridge.pipeline.WorkStage;
import org.springframework.stereotype.Component;

/** The invoicing stage of the pipeline: issues invoices for waiting billable orders, batch after batch. */
@Component
public class InvoicingStage implements WorkStage {

    private final InvoicingService invoicing;
    private final int batchSize;

    public InvoicingStage(InvoicingService invoicing, PipelineProperties pipeline) {
        this.invoicing = invoicing;
        this.batchSize = pipeline.batchSize();
    }

    @Override
    public int drain() {
        return BatchDrain.drain(batchSize, () -> invoicing.issueBatch(batchSize).claimed());
    }
}
