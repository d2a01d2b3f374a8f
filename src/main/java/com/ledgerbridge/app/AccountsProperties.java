package com.ledgerbridge.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.accounts.* — the company's chart of accounts.
 *
 * @param chart the YAML file mapping each account role to the ledger's account code
 */
@ConfigurationProperties("ledgerbridge.accounts")
public record AccountsProperties(Path chart) {

    public AccountsProperties {
        if (chart == null || !Files.isRegularFile(chart)) {
            throw new IllegalArgumentException("ledgerbridge.accounts.chart must name a readable chart-of-accounts file, "
                    + "was " + chart);
        }
    }
}
