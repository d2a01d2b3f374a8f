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
    CUSTOMER_CREDIT,
    /** The merchant's bank account, where gateway payouts arrive. */
    BANK,
    /** Money a dispute (chargeback) holds back until it is decided. */
    DISPUTED_FUNDS,
    /** Disputes decided for the buyer. */
    CHARGEBACK_LOSSES,
    /** Small invoice balances a person decided not to collect (exception workbench write-offs). */
    WRITE_OFFS
}
