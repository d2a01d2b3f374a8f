package com.ledgerbridge.crm;

import com.ledgerbridge.domain.order.SalesOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * The seam for CRM exports dropped as files (a drop folder): read one file as a stream and hand its orders on
 * in batches, each rejected row with its physical line and reasons. A file that cannot be read at all (no or
 * a wrong header) is reported to the sink once and then refused with a {@link com.ledgerbridge.failure.BadInput}.
 */
public interface CrmFileSource {

    String name();

    /** Reads {@code file}; returns how many records (rows) it held. */
    int read(Path file, Sink sink);

    /** Where a file's results go while it is read. */
    interface Sink {

        /** A batch of valid orders; stored before the next batch is read. */
        void orders(List<SalesOrder> batch);

        /** A rejected row: the report's columns (the same for every row of a file) and the row. */
        void rejected(List<String> columns, List<String> row);
    }
}
