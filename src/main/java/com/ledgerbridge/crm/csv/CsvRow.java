package com.ledgerbridge.crm.csv;

import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * One parsed CSV record and where it starts in the file (a character offset), so that its physical line
 * number can be reported even when a quoted value spans several lines.
 */
public record CsvRow(long characterPosition, List<String> values) {

    public CsvRow {
        values = List.copyOf(values);
    }

    public static CsvRow of(CSVRecord record) {
        return new CsvRow(record.getCharacterPosition(), record.toList());
    }
}
