package com.ledgerbridge.domain.reconciliation.matching;

import java.util.List;
import java.util.Objects;

/**
 * Matches payments to open items under one rule set. Stateless and thread-safe; the state of a matching — the open
 * amounts as payments are applied — lives in a {@link MatchingRun}.
 */
public final class MatchingEngine {

    private final MatchingRules rules;

    public MatchingEngine(MatchingRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public MatchingRules rules() {
        return rules;
    }

    /** A run over {@code book}: payments given to it, batch after batch, see the open amounts earlier ones left. */
    public MatchingRun start(OpenItemBook book, PayerDirectory payers) {
        return new MatchingRun(rules, book, payers);
    }

    /** Matches {@code payments}, in their order, against {@code book} on the calling thread. */
    public List<PaymentDecision> matchAll(List<IncomingPayment> payments, OpenItemBook book, PayerDirectory payers) {
        return start(book, payers).match(payments);
    }
}
