package com.ledgerbridge.crm.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The state and outcome of one delta-sync run against the generic REST CRM. Every page of a run asks for the
 * same {@code modifiedSince} (the watermark when the run began); the stored watermark moves page by page.
 * One run belongs to one exchange; it is not shared between threads.
 */
public final class RestSyncRun {

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String source;
    private final Instant modifiedSince;
    private final Instant startedAt;
    private int page = 1;
    private boolean hasMore = true;
    private int pagesStored;
    private int newOrders;
    private int knownOrders;
    private int rejectedOrders;
    private int newBillable;
    private Instant watermark;
    private String failure;

    public RestSyncRun(String source, Instant modifiedSince, Instant startedAt) {
        this.source = source;
        this.modifiedSince = modifiedSince;
        this.startedAt = startedAt;
        this.watermark = modifiedSince;
    }

    public String source() {
        return source;
    }

    public Instant modifiedSince() {
        return modifiedSince;
    }

    /** The {@code modifiedSince} query value: ISO-8601 UTC. */
    public String modifiedSinceParameter() {
        return DateTimeFormatter.ISO_INSTANT.format(modifiedSince);
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The page being fetched (1-based). */
    public int page() {
        return page;
    }

    /** Whether another page is to be fetched. */
    public boolean hasMore() {
        return hasMore && failure == null;
    }

    public int pagesStored() {
        return pagesStored;
    }

    public int newOrders() {
        return newOrders;
    }

    public int knownOrders() {
        return knownOrders;
    }

    public int rejectedOrders() {
        return rejectedOrders;
    }

    public int newBillable() {
        return newBillable;
    }

    /** The watermark after the last stored page (the starting one if none was stored). */
    public Instant watermark() {
        return watermark;
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Why the run stopped early, or null. */
    public String failure() {
        return failure;
    }

    /** Name of the rejects report for the current page. */
    public String rejectsFileName() {
        return source + "-" + FILE_STAMP.format(startedAt) + "-page-" + page + ".rejects.csv";
    }

    void pageReceived(boolean more) {
        this.hasMore = more;
    }

    void pageStored(int stored, int known, int rejected, int billable, Instant watermarkNow) {
        pagesStored++;
        newOrders += stored;
        knownOrders += known;
        rejectedOrders += rejected;
        newBillable += billable;
        if (watermarkNow != null && watermarkNow.isAfter(watermark)) {
            watermark = watermarkNow;
        }
        page++;
    }

    void stopAfterThisPage() {
        hasMore = false;
    }

    void fail(String reason) {
        this.failure = reason;
        this.hasMore = false;
    }

    @Override
    public String toString() {
        return "CRM sync " + source + (succeeded() ? " completed" : " FAILED: " + failure)
                + " — pages stored " + pagesStored + ", new order versions " + newOrders + " (" + newBillable
                + " billable), already known " + knownOrders + ", rejected " + rejectedOrders
                + "; modifiedSince " + modifiedSinceParameter() + ", watermark now "
                + DateTimeFormatter.ISO_INSTANT.format(watermark);
    }
}
