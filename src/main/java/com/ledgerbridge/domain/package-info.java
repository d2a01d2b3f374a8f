/**
 * The order-to-cash domain: money, sales orders, invoices, payments, allocations and journal entries.
 * Plain Java on purpose: nothing here imports Camel or Spring, so every business rule is tested on its own.
 */
package com.ledgerbridge.domain;
