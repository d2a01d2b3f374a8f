package com.ledgerbridge.domain.reconciliation;

import com.ledgerbridge.domain.money.Money;

/** What reconciliation needs to know of an invoice: how much it was for and how much is still owed. */
public record OpenInvoice(String invoiceNumber, String customerId, Money grossTotal, Money allocatedSoFar) {

    public Money outstanding() {
        return grossTotal.minus(allocatedSoFar);
    }
}
