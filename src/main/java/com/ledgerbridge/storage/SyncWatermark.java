package com.ledgerbridge.storage;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * How far a CRM source's changes have been stored: the highest (modification time, order id) seen. The id
 * orders the records that share a timestamp, so a watermark never moves backwards and ties are not lost.
 */
public record SyncWatermark(Instant modifiedAt, String id) implements Comparable<SyncWatermark> {

    private static final Comparator<SyncWatermark> ORDER = Comparator.comparing(SyncWatermark::modifiedAt)
            .thenComparing(SyncWatermark::id);

    public SyncWatermark {
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        id = id == null ? "" : id;
    }

    public static SyncWatermark at(Instant modifiedAt) {
        return new SyncWatermark(modifiedAt, "");
    }

    /** The later of this and {@code other} (this when other is null). */
    public SyncWatermark max(SyncWatermark other) {
        return other == null || compareTo(other) >= 0 ? this : other;
    }

    @Override
    public int compareTo(SyncWatermark other) {
        return ORDER.compare(this, other);
    }
}
