package com.ledgerbridge.reconciliation;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.matching.* — how payments are matched to open items.
 *
 * @param rules the matching rules file (README "Matching rules"); read and checked at start-up
 */
@ConfigurationProperties("ledgerbridge.matching")
public record MatchingProperties(Path rules) {

    public MatchingProperties {
        if (rules == null || !Files.isRegularFile(rules) || !Files.isReadable(rules)) {
            throw new IllegalArgumentException("ledgerbridge.matching.rules must name a readable matching rules file, was "
                    + rules);
        }
    }
}
