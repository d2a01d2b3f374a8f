package com.ledgerbridge.domain.reconciliation;

import com.ledgerbridge.domain.money.Money;
import java.util.Objects;

/**
 * The part of a payment applied to one invoice, with the rule (its id in the matching-rules file) and evidence that
 * justified it.
 */
public record Allocation(String paymentKey, String invoiceNumber, Money amount, String rule, String evidence) {

    public Allocation {
        Objects.requireNonNull(paymentKey, "paymentKey");
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(rule, "rule");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("an allocation must be positive, got " + amount);
        }
    }
}
