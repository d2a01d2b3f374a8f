package com.ledgerbridge.ledger.csv;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.ledger.csv.* — the CSV journal file target.
 *
 * @param directory where {@code journal-<entry date>.csv} files are written
 */
@ConfigurationProperties("ledgerbridge.ledger.csv")
public record CsvJournalProperties(Path directory) {

    public CsvJournalProperties {
        if (directory == null || directory.toString().isBlank()) {
            throw new IllegalArgumentException("ledgerbridge.ledger.csv.directory must name a directory");
        }
    }
}
