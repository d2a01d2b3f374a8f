package com.ledgerbridge.crm.csv;

import com.ledgerbridge.domain.order.SalesOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What one CSV order file yielded: the orders to store and the rows rejected, each with its physical line.
 *
 * @param header        the file's header cells, as written (used as the columns of the rejects report)
 * @param fileRejection why the whole file was refused, or null when it could be read
 */
public record CsvOrderImport(String fileName, List<String> header, List<SalesOrder> orders, List<RejectedRow> rejects,
        String fileRejection) {

    public static final String LINE_COLUMN = "line";
    public static final String REASONS_COLUMN = "reasons";

    public CsvOrderImport {
        header = List.copyOf(header);
        orders = List.copyOf(orders);
        rejects = List.copyOf(rejects);
    }

    public boolean hasRejects() {
        return !rejects.isEmpty();
    }

    public boolean fileRejected() {
        return fileRejection != null;
    }

    /**
     * The rejects report as CSV records: a header {@code line,reasons,<the input's columns>}, then one record
     * per rejected row with its line number, its reasons (separated by "; ") and its original values.
     */
    public List<List<String>> rejectReport() {
        List<List<String>> report = new ArrayList<>();
        List<String> columns = new ArrayList<>(List.of(LINE_COLUMN, REASONS_COLUMN));
        columns.addAll(header);
        report.add(columns);
        for (RejectedRow row : rejects) {
            List<String> record = new ArrayList<>();
            record.add(Integer.toString(row.line()));
            record.add(String.join("; ", row.reasons()));
            record.addAll(row.values());
            report.add(record);
        }
        return report;
    }
}
