package com.ledgerbridge.domain.reconciliation.matching;

/** The kinds of matching rule a rules file may list. */
public enum RuleKind {
    EXACT_REFERENCE,
    AMOUNT_CUSTOMER_DATE,
    MULTI_INVOICE,
    INSTALMENT
}
