package com.ledgerbridge.domain.reconciliation.matching;

/** Whether a rule applies the payment itself or only suggests it to a person. */
public enum RuleMode {
    AUTO,
    SUGGEST
}
