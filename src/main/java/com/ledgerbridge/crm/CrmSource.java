package com.ledgerbridge.crm;

/**
 * The seam every pulled CRM connector plugs into (DESIGN.md, "Seams"): given a cursor, fetch the next page of
 * the CRM's changed orders, mapped by the source's own mapping into canonical SalesOrders, and the cursor after
 * it. Authentication, paging and rate limits live inside the source. A source reports what went wrong with the
 * failure kinds of com.ledgerbridge.failure: TransientFailure (timeouts, 5xx, 429 with its Retry-After) or
 * PermanentFailure (refused credentials, an answer that breaks the contract). {@link CrmPull} stores each page.
 */
public interface CrmSource {

    /** The configured name (ledgerbridge.crm.sources.&lt;name&gt;), stored as sales_order.source. */
    String name();

    /** The page at {@code cursor}: its valid orders, its rejected records and the cursor of the page after it. */
    SourcePage fetch(CrmCursor cursor);
}
