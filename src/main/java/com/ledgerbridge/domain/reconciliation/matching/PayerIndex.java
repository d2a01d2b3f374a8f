package com.ledgerbridge.domain.reconciliation.matching;

import java.util.Map;

/**
 * A {@link PayerDirectory} resolved against one book for a run: payer id to customer id and the customer's ordinal in
 * the book, in one compact lookup (instead of a map lookup and then a customer lookup per payment).
 */
final class PayerIndex {

    private final String[] payerIds;
    private final String[] customerIds;
    private final int[] customers;
    private final StringIndex index;

    PayerIndex(PayerDirectory directory, OpenItemBook book) {
        int n = directory.customerByPayer().size();
        payerIds = new String[n];
        customerIds = new String[n];
        customers = new int[n];
        int i = 0;
        for (Map.Entry<String, String> e : directory.customerByPayer().entrySet()) {
            payerIds[i] = e.getKey();
            customerIds[i] = e.getValue();
            customers[i] = book.customerIndex.get(e.getValue());
            i++;
        }
        index = new StringIndex(payerIds, "payer id");
    }

    /** The payer's position here, or -1 when the payer is not known. */
    int find(String payerId) {
        return index.get(payerId);
    }

    String customerId(int payer) {
        return customerIds[payer];
    }

    /** The customer's ordinal in the book, or -1 when the customer has no items there. */
    int customer(int payer) {
        return customers[payer];
    }
}
