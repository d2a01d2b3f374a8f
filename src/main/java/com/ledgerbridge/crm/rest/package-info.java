/**
 * The generic REST CRM connector: pulls orders changed since the source's watermark, page by page, maps each
 * CRM order to the canonical shape with mappings/crm/generic-rest/sales-order.jsonata and stores each page
 * together with the watermark it reached. The contract a CRM (or an adapter in front of one) must serve is
 * described in mappings/crm/generic-rest/README.md.
 */
package com.ledgerbridge.crm.rest;
