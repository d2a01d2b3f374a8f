package com.ledgerbridge.domain.reconciliation.matching;

/** Why a payment was not applied automatically (suggestions and non-matches); null for applied decisions. */
public enum DecisionReason {
    // --- suggestions
    /** The rule is configured to suggest only ({@code mode: SUGGEST}). */
    RULE_SUGGESTS_ONLY,
    /** Several candidates fit equally well; choosing one would be a guess. */
    AMBIGUOUS,
    /** Less than the items' open amount (beyond tolerance) and the rule's {@code partial} is SUGGEST. */
    PARTIAL_NEEDS_REVIEW,
    /** More than the items' open amount (beyond tolerance) and the rule's {@code overpayment} is SUGGEST. */
    OVERPAYMENT_NEEDS_REVIEW,
    /** Some of the references the payment lists are unknown or already settled. */
    INCOMPLETE_REFERENCES,
    /** The referenced invoice belongs to another customer than the payer's and the rule requires the same. */
    CUSTOMER_DIFFERS,
    /** An exact subset was found among the oldest open items only; the customer has more, so it may not be unique. */
    UNIQUENESS_UNPROVEN,
    // --- no match
    /** The payment is zero. */
    NON_POSITIVE_AMOUNT,
    /** What the payment names or its customer owes is in another currency. */
    CURRENCY_MISMATCH,
    /** The invoice the payment names has nothing open (perhaps paid twice). */
    ALREADY_SETTLED,
    /** The payment names references that are not known invoices or orders, and no customer could be found. */
    UNKNOWN_REFERENCE,
    /** Neither a reference nor a customer could be found for the payment. */
    UNKNOWN_CUSTOMER,
    /** The customer is known but no rule found an open item that fits. */
    NO_CANDIDATE
}
