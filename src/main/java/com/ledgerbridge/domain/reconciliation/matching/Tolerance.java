package com.ledgerbridge.domain.reconciliation.matching;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * How far an amount may be from an item's open amount and still count as paying it: an absolute amount (in the
 * item's currency, cut down to its minor unit) and a percentage of the open amount (cut down to the minor unit);
 * when both are given the larger applies. Zero for both means exact.
 */
public final class Tolerance {

    public static final Tolerance EXACT = new Tolerance(BigDecimal.ZERO, BigDecimal.ZERO);

    private static final long PPM = 1_000_000L;
    private static final int MAX_DIGITS = 8;

    private final BigDecimal absolute;
    private final BigDecimal percent;
    /** The absolute tolerance in minor units, per number of currency decimals (0..8). */
    private final long[] absoluteMinor = new long[MAX_DIGITS + 1];
    /** The percentage in parts per million (0.5 % = 5,000). */
    private final long ppm;

    public Tolerance(BigDecimal absolute, BigDecimal percent) {
        if (absolute == null || absolute.signum() < 0) {
            throw new IllegalArgumentException("an absolute tolerance is zero or more, was " + absolute);
        }
        if (percent == null || percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("a percent tolerance is between 0 and 100, was " + percent);
        }
        if (percent.stripTrailingZeros().scale() > 4) {
            throw new IllegalArgumentException("a percent tolerance has at most 4 decimals, was " + percent.toPlainString());
        }
        this.absolute = absolute.stripTrailingZeros();
        this.percent = percent.stripTrailingZeros();
        for (int d = 0; d <= MAX_DIGITS; d++) {
            absoluteMinor[d] = absolute.movePointRight(d).setScale(0, RoundingMode.DOWN).longValueExact();
        }
        this.ppm = percent.movePointRight(4).longValueExact();
    }

    public BigDecimal absolute() {
        return absolute;
    }

    public BigDecimal percent() {
        return percent;
    }

    public boolean isExact() {
        return absolute.signum() == 0 && percent.signum() == 0;
    }

    /** The tolerance in minor units for an item of {@code openMinor} in a currency with {@code digits} decimals. */
    public long minorUnits(long openMinor, int digits) {
        long abs = absoluteMinor[Math.min(digits, MAX_DIGITS)];
        if (ppm == 0) {
            return abs;
        }
        long open = Math.abs(openMinor);
        long pct = Math.multiplyHigh(open, ppm) == 0 && open * ppm >= 0 ? open * ppm / PPM
                : BigDecimal.valueOf(open).multiply(BigDecimal.valueOf(ppm))
                        .divide(BigDecimal.valueOf(PPM), 0, RoundingMode.DOWN).longValue();
        return Math.max(abs, pct);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tolerance t && absolute.compareTo(t.absolute) == 0 && percent.compareTo(t.percent) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(absolute, percent);
    }

    @Override
    public String toString() {
        return absolute.toPlainString() + " or " + percent.toPlainString() + " %";
    }
}
