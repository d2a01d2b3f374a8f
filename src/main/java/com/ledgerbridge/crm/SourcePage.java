package com.ledgerbridge.crm;

import com.ledgerbridge.domain.order.SalesOrder;
import java.util.List;

/**
 * One page from a CRM source.
 *
 * @param orders   the records that mapped to valid canonical orders
 * @param rejects  the records that did not, with their reasons (written to the rejects report)
 * @param seen     how many records the page held, valid or not
 * @param next     the cursor after this page; its watermark counts rejected records too (they were seen,
 *                 and come again once the CRM changes them)
 * @param hasMore  whether another page follows
 */
public record SourcePage(List<SalesOrder> orders, RejectsReport rejects, int seen, CrmCursor next, boolean hasMore) {

    public SourcePage {
        orders = List.copyOf(orders);
    }
}
