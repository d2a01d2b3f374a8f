/**
 * CRM sources: everything that turns a CRM's orders into canonical {@link com.ledgerbridge.domain.order.SalesOrder}s.
 * {@code csv} reads a drop folder, {@code rest} pulls the generic REST contract page by page; both hand their
 * orders to {@link com.ledgerbridge.crm.OrderIntake}, which stores them and names the new billable versions
 * that go on the {@code orders.billable} queue. The routes in routes/crm-sync.camel.yaml only wire these beans.
 */
package com.ledgerbridge.crm;
