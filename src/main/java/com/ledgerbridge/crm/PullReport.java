package com.ledgerbridge.crm;

import com.ledgerbridge.storage.SyncWatermark;
import java.time.format.DateTimeFormatter;

/** What one scheduled pull of a CRM source stored. */
public record PullReport(String source, int pagesStored, int newVersions, int knownVersions, int rejected,
        int newBillable, SyncWatermark watermark) {

    @Override
    public String toString() {
        return "CRM pull " + source + " completed: pages stored " + pagesStored + ", new order versions " + newVersions
                + " (" + newBillable + " billable), already known " + knownVersions + ", rejected " + rejected
                + "; watermark now " + DateTimeFormatter.ISO_INSTANT.format(watermark.modifiedAt())
                + (watermark.id().isEmpty() ? "" : " / " + watermark.id());
    }
}
