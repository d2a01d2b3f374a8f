package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.util.Objects;

/** The part of a payment applied to one open item, with the item's open amount before and after. */
public record ItemAllocation(String itemId, String invoiceNumber, int instalment, Money amount, Money openBefore,
        Money openAfter) {

    public ItemAllocation {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("an allocation is positive, got " + amount + " on " + itemId);
        }
        if (!openAfter.equals(openBefore.minus(amount)) || openAfter.amount().signum() < 0) {
            throw new IllegalArgumentException("allocation of " + amount + " on " + itemId + " takes " + openBefore
                    + " to " + openAfter);
        }
    }

    void appendJson(StringBuilder out) {
        Json.object(out)
                .field("item", itemId)
                .field("invoice", invoiceNumber)
                .field("instalment", instalment)
                .field("amount", amount)
                .field("openBefore", openBefore)
                .field("openAfter", openAfter)
                .end();
    }
}
