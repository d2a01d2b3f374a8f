package com.ledgerbridge.domain.ledger;

/**
 * What an account is for, independent of any company's chart of accounts; mappings/ maps each role
 * to the target ledger's account code.
 */
public enum AccountRole {
    ACCOUNTS_RECEIVABLE,
    REVENUE,
    OUTPUT_VAT,
    GATEWAY_CLEARING,
    GATEWAY_FEES,
    CUSTOMER_CREDIT
}
