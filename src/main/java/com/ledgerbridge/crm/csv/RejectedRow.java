package com.ledgerbridge.crm.csv;

import java.util.List;

/** A CSV row that was not imported: its physical line in the input file, why, and its values as they were. */
public record RejectedRow(int line, List<String> reasons, List<String> values) {

    public RejectedRow {
        reasons = List.copyOf(reasons);
        values = List.copyOf(values);
    }
}
