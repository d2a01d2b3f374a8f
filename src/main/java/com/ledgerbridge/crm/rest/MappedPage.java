package com.ledgerbridge.crm.rest;

import com.ledgerbridge.domain.order.SalesOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of CRM orders after mapping: the valid orders to store, the rejected ones with their reasons,
 * and the highest modification time seen on the page (rejected orders count: they were seen, and will
 * come again once they are changed in the CRM).
 */
public record MappedPage(List<SalesOrder> orders, List<RejectedOrder> rejects, Instant highestModifiedAt) {

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

    /** The rejects report as CSV records, header first. */
    public List<List<String>> rejectReport() {
        List<List<String>> report = new ArrayList<>();
        report.add(List.of("order_id", "version", "modified_at", "reasons", "mapped_order"));
        for (RejectedOrder reject : rejects) {
            report.add(List.of(nullToEmpty(reject.crmOrderId()), nullToEmpty(reject.crmVersion()),
                    nullToEmpty(reject.modifiedAt()), String.join("; ", reject.reasons()), reject.mapped()));
        }
        return report;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
