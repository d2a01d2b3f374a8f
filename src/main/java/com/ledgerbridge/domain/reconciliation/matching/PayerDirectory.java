package com.ledgerbridge.domain.reconciliation.matching;

import java.util.Map;
import java.util.Objects;

/** Gateway payer ids known to belong to a customer (e.g. learnt from earlier matched payments, or from the CRM). */
public record PayerDirectory(Map<String, String> customerByPayer) {

    public static final PayerDirectory EMPTY = new PayerDirectory(Map.of());

    public PayerDirectory {
        customerByPayer = Map.copyOf(Objects.requireNonNull(customerByPayer, "customerByPayer"));
    }

    /** The customer id of {@code payerId}, or null. */
    public String customerOf(String payerId) {
        return payerId == null ? null : customerByPayer.get(payerId);
    }
}
