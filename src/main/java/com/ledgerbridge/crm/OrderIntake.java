package com.ledgerbridge.crm;

import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.storage.OrderStore.StoredOrder;
import com.ledgerbridge.storage.WatermarkStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores the orders a CRM source has mapped and says which of them must be invoiced: the ids of versions
 * stored for the first time whose status is BILLABLE. Storing is idempotent per source + order id +
 * version, so a re-delivered file or an overlapping page changes nothing and prompts nobody twice.
 */
@Component("orderIntake")
public class OrderIntake {

    private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);

    private final OrderStore orders;
    private final WatermarkStore watermarks;

    public OrderIntake(OrderStore orders, WatermarkStore watermarks) {
        this.orders = orders;
        this.watermarks = watermarks;
    }

    /** What storing a batch did: how many versions were new or already known, and the new billable ids. */
    public record Intake(int newVersions, int knownVersions, List<Long> newBillable) {

        public Intake {
            newBillable = List.copyOf(newBillable);
        }
    }

    /** Stores all orders in one transaction; returns the sales_order ids of new billable versions. */
    @Transactional
    public List<Long> intake(List<SalesOrder> batch) {
        return store(batch).newBillable();
    }

    /**
     * Stores one page of a delta sync and moves the source's watermark in the same transaction, so the
     * watermark can never pass orders that were not stored.
     *
     * @param watermark the highest modification time seen on the page; null leaves the watermark alone
     */
    @Transactional
    public Intake intakePage(String source, List<SalesOrder> page, Instant watermark) {
        Intake stored = store(page);
        if (watermark != null) {
            watermarks.advance(source, watermark);
        }
        return stored;
    }

    private Intake store(List<SalesOrder> batch) {
        List<Long> billable = new ArrayList<>();
        int stored = 0;
        for (SalesOrder order : batch) {
            StoredOrder row = orders.store(order);
            if (row.isNew()) {
                stored++;
                if (order.isBillable()) {
                    billable.add(row.id());
                }
            }
        }
        if (!batch.isEmpty()) {
            log.info("Stored {} new order version(s) of {} received ({} already known), {} new billable",
                    stored, batch.size(), batch.size() - stored, billable.size());
        }
        return new Intake(stored, batch.size() - stored, billable);
    }
}
