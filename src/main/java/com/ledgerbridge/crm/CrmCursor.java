package com.ledgerbridge.crm;

import com.ledgerbridge.storage.SyncWatermark;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a pull stands. A pull resumes from the stored watermark (the highest modification time and order id
 * stored) less an overlap window, so that records a CRM committed late with an earlier timestamp are still
 * seen; storing is idempotent per order version, so what the overlap brings again changes nothing.
 *
 * @param watermark     the highest (modifiedAt, id) seen so far: stored with each page
 * @param modifiedSince the start of the window every page of this pull asks for
 * @param page          the page to fetch, from 1, for sources that page by number
 */
public record CrmCursor(SyncWatermark watermark, Instant modifiedSince, int page) {

    public static CrmCursor resumeFrom(SyncWatermark stored, Duration overlap) {
        return new CrmCursor(stored, stored.modifiedAt().minus(overlap), 1);
    }

    /** The cursor after a page whose highest record was {@code highestOnPage} (null: the page had none). */
    public CrmCursor next(SyncWatermark highestOnPage) {
        return new CrmCursor(watermark.max(highestOnPage), modifiedSince, page + 1);
    }
}
