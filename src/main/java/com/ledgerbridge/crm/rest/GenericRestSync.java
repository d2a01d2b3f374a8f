package com.ledgerbridge.crm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.ledgerbridge.crm.OrderIntake;
import com.ledgerbridge.crm.OrderIntake.Intake;
import com.ledgerbridge.crm.rest.MappedPage.RejectedOrder;
import com.ledgerbridge.storage.WatermarkStore;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of a delta-sync run against the generic REST CRM, called one by one from the crm-sync-rest
 * routes: begin at the stored watermark, check each page against the contract, turn the mapped orders into
 * SalesOrders, store a page together with its watermark, and report how the run ended.
 */
@Component("genericRestSync")
public class GenericRestSync {

    private static final Logger log = LoggerFactory.getLogger(GenericRestSync.class);

    private final String source;
    private final Instant initialWatermark;
    private final boolean tokenConfigured;
    private final int maxPagesPerRun;
    private final WatermarkStore watermarks;
    private final OrderIntake intake;
    private final Clock clock;

    public GenericRestSync(@Value("${ledgerbridge.crm.rest.source-name}") String source,
            @Value("${ledgerbridge.crm.rest.initial-watermark}") String initialWatermark,
            @Value("${ledgerbridge.crm.rest.token:}") String token,
            @Value("${ledgerbridge.crm.rest.max-pages-per-run}") int maxPagesPerRun,
            WatermarkStore watermarks, OrderIntake intake, Clock clock) {
        this.source = source;
        this.initialWatermark = Instant.parse(initialWatermark);
        this.tokenConfigured = token != null && !token.isBlank();
        this.maxPagesPerRun = maxPagesPerRun;
        this.watermarks = watermarks;
        this.intake = intake;
        this.clock = clock;
    }

    /** Begins a run at the stored watermark (or the configured initial one). */
    public RestSyncRun startRun() {
        Instant since = watermarks.find(source).orElse(initialWatermark);
        RestSyncRun run = new RestSyncRun(source, since, Instant.now(clock));
        if (!tokenConfigured) {
            run.fail("no CRM API token is configured (set CRM_API_TOKEN or ledgerbridge.crm.rest.token)");
        } else {
            log.info("CRM sync {}: fetching orders modified since {}", source, run.modifiedSinceParameter());
        }
        return run;
    }

    /**
     * Checks a response page against the contract: a JSON object with an {@code orders} array and
     * {@code page: {number, hasMore}} for the page asked for. Returns the parsed document for the mapping.
     */
    public JsonNode readPage(InputStream body, RestSyncRun run) {
        PageContract.Page page = PageContract.read(body, run.page());
        run.pageReceived(page.hasMore());
        log.debug("CRM sync {}: page {} has {} order(s), hasMore={}", source, run.page(), page.orderCount(), page.hasMore());
        return page.document();
    }

    /** Turns the mapping's canonical JSON into SalesOrders; invalid orders are logged and set aside. */
    public MappedPage mapPage(String canonicalJson, RestSyncRun run) {
        MappedPage page = CanonicalOrderReader.read(source, canonicalJson);
        for (RejectedOrder reject : page.rejects()) {
            log.warn("CRM sync {}: order {} version {} on page {} rejected, not stored: {}", source,
                    reject.crmOrderId(), reject.crmVersion(), run.page(), String.join("; ", reject.reasons()));
        }
        return page;
    }

    /** Stores the page and moves the watermark in one transaction; returns the new billable order ids. */
    public List<Long> storePage(MappedPage page, RestSyncRun run) {
        Intake stored = intake.intakePage(source, page.orders(), page.highestModifiedAt());
        run.pageStored(stored.newVersions(), stored.knownVersions(), page.rejects().size(),
                stored.newBillable().size(), page.highestModifiedAt());
        if (run.hasMore() && run.pagesStored() >= maxPagesPerRun) {
            log.warn("CRM sync {}: stopping after {} pages (ledgerbridge.crm.rest.max-pages-per-run); "
                    + "the next run continues from watermark {}", source, run.pagesStored(), run.watermark());
            run.stopAfterThisPage();
        }
        return stored.newBillable();
    }

    /** Records why the run stopped; the watermark stays where the last stored page left it. */
    public void failRun(RestSyncRun run, Exception failure) {
        run.fail("page " + run.page() + ": " + SyncFailures.describe(failure));
    }

    /** Logs how the run ended and returns it as the exchange's result. */
    public RestSyncRun finishRun(RestSyncRun run) {
        if (run.succeeded()) {
            log.info("{}", run);
        } else {
            log.error("{}", run);
        }
        return run;
    }
}
