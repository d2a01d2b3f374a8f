package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.util.List;

/**
 * Something a rule considered applying the payment to: one item, or a set of items (a subset, the listed invoices),
 * with the rule's score (0..1000, higher is better; see README "Matching rules") and their open amount when
 * considered.
 */
public record Candidate(List<String> itemIds, int score, Money open) {

    public Candidate {
        itemIds = List.copyOf(itemIds);
        if (itemIds.isEmpty()) {
            throw new IllegalArgumentException("a candidate names at least one item");
        }
        if (score < 0 || score > 1000) {
            throw new IllegalArgumentException("a score is 0..1000, got " + score);
        }
    }

    void appendJson(StringBuilder out) {
        Json.object(out)
                .strings("items", itemIds)
                .field("score", score)
                .field("open", open)
                .field("currency", open.currency().getCurrencyCode())
                .end();
    }
}
