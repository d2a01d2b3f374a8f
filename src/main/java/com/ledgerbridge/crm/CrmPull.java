package com.ledgerbridge.crm;

import com.ledgerbridge.storage.OrderStore.StoredBatch;
import com.ledgerbridge.storage.SyncWatermark;
import com.ledgerbridge.storage.WatermarkStore;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * One scheduled pull of a CRM source (route template crm-pull): from the stored watermark less the overlap,
 * page after page until the source has no more or max-pages-per-run is reached; each page stored together with
 * the watermark it reached, its rejects written to a report. A failure ends the pull where it is: the pages
 * stored so far stay, and the next attempt (a retry after a transient failure, or the next scheduled pull)
 * resumes from their watermark.
 */
@Component
public class CrmPull {

    private static final Logger log = LoggerFactory.getLogger(CrmPull.class);
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final CrmSources sources;
    private final CrmProperties properties;
    private final WatermarkStore watermarks;
    private final OrderIntake intake;
    private final RejectsFolder rejects;
    private final Clock clock;

    public CrmPull(CrmSources sources, CrmProperties properties, WatermarkStore watermarks, OrderIntake intake,
            RejectsFolder rejects, Clock clock) {
        this.sources = sources;
        this.properties = properties;
        this.watermarks = watermarks;
        this.intake = intake;
        this.rejects = rejects;
        this.clock = clock;
    }

    /** The route's entry point: body in, the source's name; body out, how many new billable versions were stored. */
    public int pull(String source) {
        return run(source).newBillable();
    }

    public PullReport run(String sourceName) {
        CrmSource source = sources.pulled(sourceName);
        CrmProperties.Source settings = properties.source(sourceName);
        SyncWatermark stored = watermarks.find(sourceName).orElse(SyncWatermark.at(settings.initialWatermark()));
        CrmCursor cursor = CrmCursor.resumeFrom(stored, settings.overlap());
        String started = FILE_STAMP.format(clock.instant());
        log.info("CRM pull {}: orders modified since {} (watermark {} less overlap {})", sourceName,
                cursor.modifiedSince(), stored.modifiedAt(), settings.overlap());
        int pages = 0;
        int newVersions = 0;
        int known = 0;
        int rejected = 0;
        int billable = 0;
        while (true) {
            MDC.put("correlationId", "crm:" + sourceName + ":page-" + cursor.page());
            try {
                SourcePage page = source.fetch(cursor);
                if (!page.rejects().isEmpty()) {
                    var report = rejects.write(sourceName + "-" + started + "-page-" + cursor.page() + ".rejects.csv",
                            page.rejects());
                    log.warn("CRM pull {}: {} record(s) on page {} rejected, not stored; see {}", sourceName,
                            page.rejects().rows().size(), cursor.page(), report);
                }
                StoredBatch batch = intake.storePage(sourceName, page.orders(),
                        page.seen() == 0 ? null : page.next().watermark());
                pages++;
                newVersions += batch.newVersions();
                known += batch.knownVersions();
                billable += batch.newBillable();
                rejected += page.rejects().rows().size();
                log.debug("CRM pull {}: page {} stored: {} new, {} known, {} rejected", sourceName, cursor.page(),
                        batch.newVersions(), batch.knownVersions(), page.rejects().rows().size());
                cursor = page.next();
                if (!page.hasMore()) {
                    break;
                }
                if (pages >= settings.maxPagesPerRun()) {
                    log.warn("CRM pull {}: stopping after {} pages (ledgerbridge.crm.sources.{}.max-pages-per-run); "
                            + "the next pull continues from the watermark", sourceName, pages, sourceName);
                    break;
                }
            } finally {
                MDC.remove("correlationId");
            }
        }
        PullReport report = new PullReport(sourceName, pages, newVersions, known, rejected, billable,
                stored.max(cursor.watermark()));
        log.info("{}", report);
        return report;
    }
}
