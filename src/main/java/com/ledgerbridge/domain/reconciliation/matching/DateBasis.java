package com.ledgerbridge.domain.reconciliation.matching;

/** Which of an item's dates a payment date window is counted from. */
public enum DateBasis {
    ISSUE_DATE,
    DUE_DATE
}
