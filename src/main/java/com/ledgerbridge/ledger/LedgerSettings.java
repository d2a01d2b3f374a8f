package com.ledgerbridge.ledger;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The part of {@code ledgerbridge.ledger.*} that Java code reads; the routes read the rest (retry
 * policy, REST endpoint, timeouts) as placeholders. Binding fails at startup on an unknown target.
 *
 * @param target          where posted entries go
 * @param csv             the CSV journal file target
 * @param rest            the generic REST ledger target (only the token is read here, to keep it out of errors)
 * @param sweepMinAgeMs   a PENDING entry older than this is re-prompted by the sweeper
 */
@ConfigurationProperties("ledgerbridge.ledger")
public record LedgerSettings(Target target, Csv csv, Rest rest, long sweepMinAgeMs) {

    /** Ledger targets; each has a route {@code direct:ledger-posting-<name>} in routes/ledger-posting.camel.yaml. */
    public enum Target { CSV, REST }

    public record Csv(Path directory) {
    }

    public record Rest(String token) {
    }

    public LedgerSettings {
        if (target == null) {
            target = Target.CSV;
        }
        if (sweepMinAgeMs <= 0) {
            sweepMinAgeMs = 60_000;
        }
    }
}
