package com.ledgerbridge.crm;

import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.OrderStore.StoredBatch;
import java.io.File;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * One file dropped for a drop-folder CRM source (route template crm-file-drop): read as a stream by the source,
 * its orders stored batch by batch (one transaction each), its rejected rows written to
 * &lt;rejects&gt;/&lt;file name&gt;.rejects.csv as they come. Storing is idempotent, so a file dropped again, or
 * retried after a failure half-way, stores each order version once.
 */
@Component
public class CrmFileImport {

    private static final Logger log = LoggerFactory.getLogger(CrmFileImport.class);

    private final CrmSources sources;
    private final OrderIntake intake;
    private final RejectsFolder rejectsFolder;

    public CrmFileImport(CrmSources sources, OrderIntake intake, RejectsFolder rejectsFolder) {
        this.sources = sources;
        this.intake = intake;
        this.rejectsFolder = rejectsFolder;
    }

    /** What importing one file did. */
    public record FileReport(String file, int rows, int newVersions, int knownVersions, int rejectedRows,
            int newBillable) {
    }

    /** The route's entry point: returns how many new billable versions were stored. */
    public int importFile(String source, File file) {
        return read(source, file).newBillable();
    }

    public FileReport read(String sourceName, File file) {
        CrmFileSource source = sources.dropped(sourceName);
        String name = file.getName();
        MDC.put("correlationId", "crm:" + sourceName + ":" + name);
        try (Collector collector = new Collector(name)) {
            int rows = source.read(file.toPath(), collector);
            FileReport report = new FileReport(name, rows, collector.newVersions, collector.knownVersions,
                    collector.rejectedRows, collector.newBillable);
            if (report.rejectedRows() == 0) {
                log.info("{}: {} row(s), {} new order version(s) ({} billable), {} already known, no rejects", name,
                        rows, report.newVersions(), report.newBillable(), report.knownVersions());
            } else {
                log.warn("{}: {} row(s), {} new order version(s) ({} billable), {} already known, {} row(s) rejected;"
                                + " see {}", name, rows, report.newVersions(), report.newBillable(),
                        report.knownVersions(), report.rejectedRows(), collector.report.file());
            }
            return report;
        } finally {
            MDC.remove("correlationId");
        }
    }

    /** Stores each batch as it comes and writes the rejects report row by row, opened at the first reject. */
    private final class Collector implements CrmFileSource.Sink, AutoCloseable {

        private final String fileName;
        private RejectsFolder.Report report;
        int newVersions;
        int knownVersions;
        int newBillable;
        int rejectedRows;

        Collector(String fileName) {
            this.fileName = fileName;
        }

        @Override
        public void orders(List<SalesOrder> batch) {
            StoredBatch stored = intake.store(batch);
            newVersions += stored.newVersions();
            knownVersions += stored.knownVersions();
            newBillable += stored.newBillable();
        }

        @Override
        public void rejected(List<String> columns, List<String> row) {
            if (report == null) {
                report = rejectsFolder.open(fileName + ".rejects.csv", columns);
            }
            report.row(row);
            rejectedRows++;
        }

        @Override
        public void close() {
            if (report != null) {
                report.close();
            }
        }
    }
}
