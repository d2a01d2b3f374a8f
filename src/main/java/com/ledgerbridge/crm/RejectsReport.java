package com.ledgerbridge.crm;

import java.util.List;

/** Rejected records as CSV rows under their column names; written next to the run by {@link RejectsFolder}. */
public record RejectsReport(List<String> columns, List<List<String>> rows) {

    public RejectsReport {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
