package com.ledgerbridge.crm;

import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.OrderStore.StoredBatch;
import com.ledgerbridge.storage.SyncWatermark;
import com.ledgerbridge.storage.WatermarkStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores what a CRM source delivered, a batch at a time in one transaction: JDBC batch inserts of the orders
 * and their lines, idempotent per source + order id + version (a re-dropped file or an overlapping page
 * changes nothing), new billable versions marked as waiting for invoicing. A pulled page moves its source's
 * watermark in the same transaction, so the watermark never passes orders that were not stored.
 */
@Component
public class OrderIntake {

    private final OrderStore orders;
    private final WatermarkStore watermarks;

    public OrderIntake(OrderStore orders, WatermarkStore watermarks) {
        this.orders = orders;
        this.watermarks = watermarks;
    }

    /** Stores a batch of orders (a slice of a dropped file). */
    @Transactional
    public StoredBatch store(java.util.List<SalesOrder> batch) {
        return orders.storeBatch(batch);
    }

    /**
     * Stores a pulled page and moves the source's watermark to {@code watermark} (null: the page held no
     * records, the watermark stays), all in one transaction.
     */
    @Transactional
    public StoredBatch storePage(String source, java.util.List<SalesOrder> page, SyncWatermark watermark) {
        StoredBatch stored = orders.storeBatch(page);
        if (watermark != null) {
            watermarks.advance(source, watermark);
        }
        return stored;
    }
}
