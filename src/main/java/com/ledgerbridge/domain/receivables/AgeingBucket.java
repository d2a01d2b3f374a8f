package com.ledgerbridge.domain.receivables;

/** The ageing columns, by whole days past the due date: due today or later is CURRENT. */
public enum AgeingBucket {
    CURRENT("current", Long.MIN_VALUE, 0),
    DAYS_1_30("1-30", 1, 30),
    DAYS_31_60("31-60", 31, 60),
    DAYS_61_90("61-90", 61, 90),
    OVER_90("90+", 91, Long.MAX_VALUE);

    private final String label;
    private final long fromDays;
    private final long toDays;

    AgeingBucket(String label, long fromDays, long toDays) {
        this.label = label;
        this.fromDays = fromDays;
        this.toDays = toDays;
    }

    public String label() {
        return label;
    }

    /** The bucket for an item that is {@code daysPastDue} days overdue (zero or negative: not overdue). */
    public static AgeingBucket of(long daysPastDue) {
        for (AgeingBucket bucket : values()) {
            if (daysPastDue >= bucket.fromDays && daysPastDue <= bucket.toDays) {
                return bucket;
            }
        }
        throw new IllegalStateException("the buckets cover every day count");
    }
}
