/**
 * CRM sources: everything that turns a CRM's orders into canonical {@link com.ledgerbridge.domain.order.SalesOrder}s.
 * Two seams: {@link com.ledgerbridge.crm.CrmSource} (pulled page by page from a cursor: {@code rest}) and
 * {@link com.ledgerbridge.crm.CrmFileSource} (files dropped in a folder: {@code csv}). Which sources run is
 * configuration ({@link com.ledgerbridge.crm.CrmProperties}); {@link com.ledgerbridge.crm.CrmPull} and
 * {@link com.ledgerbridge.crm.CrmFileImport} are the routes' entry points and store through
 * {@link com.ledgerbridge.crm.OrderIntake}, a batch per transaction. New billable versions wait in the database
 * (invoicing_status PENDING); the route then wakes the invoicing stage.
 */
package com.ledgerbridge.crm;
