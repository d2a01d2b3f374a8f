package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.util.List;
import java.util.Objects;

/**
 * What the engine decided for one payment, with everything needed to audit and replay it.
 *
 * @param paymentKey     the payment
 * @param outcome        MATCH / PARTIAL / OVERPAYMENT (applied), SUGGESTION, NO_MATCH
 * @param ruleId         the rule that decided, or null when no rule did (NO_MATCH after every rule passed it on)
 * @param rulesVersion   the version of the rules file
 * @param reason         why nothing was applied (SUGGESTION, NO_MATCH); null when applied
 * @param customerId     the paying customer as identified (see the first evidence line), or null
 * @param paid           the payment's amount
 * @param allocations    what was applied to which item, in application order (empty unless applied)
 * @param credit         the customer's credit from an OVERPAYMENT; zero otherwise
 * @param evidence       the per-field results, in order: customer identification, references found, the rules that
 *                       passed the payment on, then the deciding rule's field results (chosen item, runner-up)
 * @param candidates     the deciding rule's candidates, best first (at most {@link #MAX_CANDIDATES})
 * @param candidateCount how many candidates the deciding rule had in all
 * @param runnerUp       the best candidate not taken, or null
 */
public record PaymentDecision(String paymentKey, Outcome outcome, String ruleId, String rulesVersion,
        DecisionReason reason, String customerId, Money paid, List<ItemAllocation> allocations, Money credit,
        List<FieldResult> evidence, List<Candidate> candidates, int candidateCount, Candidate runnerUp) {

    public static final int MAX_CANDIDATES = 10;

    public PaymentDecision {
        Objects.requireNonNull(paymentKey, "paymentKey");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(rulesVersion, "rulesVersion");
        Objects.requireNonNull(paid, "paid");
        allocations = List.copyOf(allocations);
        Objects.requireNonNull(credit, "credit");
        evidence = List.copyOf(evidence);
        candidates = List.copyOf(candidates);
        if (candidates.size() > MAX_CANDIDATES || candidateCount < candidates.size()) {
            throw new IllegalArgumentException(paymentKey + ": " + candidates.size() + " candidates kept of "
                    + candidateCount);
        }
        Money applied = Money.zero(paid.currency());
        for (ItemAllocation a : allocations) {
            applied = applied.plus(a.amount()); // refuses another currency
        }
        if (outcome.applies()) {
            if (ruleId == null || reason != null || allocations.isEmpty()) {
                throw new IllegalArgumentException(paymentKey + ": an applied decision has a rule, allocations, no reason");
            }
            if (!applied.plus(credit).equals(paid)) {
                throw new IllegalArgumentException(paymentKey + ": allocated " + applied + " + credit " + credit
                        + " is not the payment " + paid);
            }
            if ((outcome == Outcome.OVERPAYMENT) != credit.isPositive() || credit.amount().signum() < 0) {
                throw new IllegalArgumentException(paymentKey + ": credit " + credit + " with outcome " + outcome);
            }
        } else if (reason == null || !allocations.isEmpty() || !credit.isZero()) {
            throw new IllegalArgumentException(paymentKey + ": a " + outcome + " has a reason and applies nothing");
        }
    }

    /** What was applied to items (zero unless applied). */
    public Money allocated() {
        Money sum = Money.zero(paid.currency());
        for (ItemAllocation a : allocations) {
            sum = sum.plus(a.amount());
        }
        return sum;
    }

    /** The decision as canonical JSON: fixed field order, no whitespace; equal decisions give equal bytes. */
    public String toJson() {
        StringBuilder out = new StringBuilder(256 + 160 * evidence.size());
        appendJson(out);
        return out.toString();
    }

    public void appendJson(StringBuilder out) {
        Json.object(out)
                .field("payment", paymentKey)
                .field("outcome", outcome)
                .field("rule", ruleId)
                .field("rulesVersion", rulesVersion)
                .field("reason", reason)
                .field("customer", customerId)
                .field("currency", paid.currency().getCurrencyCode())
                .field("paid", paid)
                .field("credit", credit)
                .array("allocations", allocations, ItemAllocation::appendJson)
                .array("evidence", evidence, FieldResult::appendJson)
                .array("candidates", candidates, Candidate::appendJson)
                .field("candidateCount", candidateCount)
                .value("runnerUp", runnerUp, Candidate::appendJson)
                .end();
    }
}
