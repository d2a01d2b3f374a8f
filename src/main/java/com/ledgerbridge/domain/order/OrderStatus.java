package com.ledgerbridge.domain.order;

/** Canonical order status; each CRM's own picklist values are mapped onto these in mappings/. */
public enum OrderStatus {
    DRAFT,
    BILLABLE,
    CANCELLED;

    public boolean isBillable() {
        return this == BILLABLE;
    }
}
