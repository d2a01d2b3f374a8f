package com.ledgerbridge.crm.rest;

import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.crm.RejectsReport;
import com.ledgerbridge.storage.SyncWatermark;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of CRM orders after mapping: the valid orders to store, the rejected ones with their reasons,
 * and the highest (modification time, order id) seen on the page (rejected orders count: they were seen, and will
 * come again once they are changed in the CRM).
 */
public record MappedPage(List<SalesOrder> orders, List<RejectedOrder> rejects, SyncWatermark highest) {

    /** A CRM order that failed validation; {@code mapped} is the canonical JSON the mapping produced for it. */
    public record RejectedOrder(String crmOrderId, String crmVersion, String modifiedAt, List<String> reasons,
            String mapped) {

        public RejectedOrder {
            reasons = List.copyOf(reasons);
        }
    }

    public MappedPage {
        orders = List.copyOf(orders);
        rejects = List.copyOf(rejects);
    }

    public boolean hasRejects() {
        return !rejects.isEmpty();
    }

    /** The rejects report: one row per rejected order with its reasons and what the mapping made of it. */
    public RejectsReport rejectReport() {
        List<List<String>> rows = new ArrayList<>();
        for (RejectedOrder reject : rejects) {
            rows.add(List.of(nullToEmpty(reject.crmOrderId()), nullToEmpty(reject.crmVersion()),
                    nullToEmpty(reject.modifiedAt()), String.join("; ", reject.reasons()), reject.mapped()));
        }
        return new RejectsReport(List.of("order_id", "version", "modified_at", "reasons", "mapped_order"), rows);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
