package com.ledgerbridge.ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.ledger.* — which {@link LedgerTarget} receives the journal entries. Each target binds its own
 * settings below this prefix (e.g. {@code ledgerbridge.ledger.csv.*}, {@code ledgerbridge.ledger.rest.*}).
 *
 * @param target the {@link LedgerTarget#name()} of the target in use: csv or rest
 */
@ConfigurationProperties("ledgerbridge.ledger")
public record LedgerProperties(String target) {

    public LedgerProperties {
        if (target == null || !target.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("ledgerbridge.ledger.target must name a ledger target (e.g. csv or rest), was "
                    + (target == null ? "nothing" : "'" + target + "'"));
        }
    }
}
