package com.ledgerbridge.domain.settlement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One gateway's business day, as its bill covers it: from midnight to midnight in the gateway's own zone
 * (Asia/Shanghai for Alipay and WeChat Pay, UTC for Stripe).
 */
public final class SettlementDay {

    private final String gateway;
    private final LocalDate billDate;
    private final ZoneId zone;
    private final Instant start;
    private final Instant end;

    public SettlementDay(String gateway, LocalDate billDate, ZoneId zone) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.billDate = Objects.requireNonNull(billDate, "billDate");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.start = billDate.atStartOfDay(zone).toInstant();
        this.end = billDate.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public String gateway() {
        return gateway;
    }

    public LocalDate billDate() {
        return billDate;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The day's first instant. */
    public Instant start() {
        return start;
    }

    /** The next day's first instant (exclusive end). */
    public Instant end() {
        return end;
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettlementDay d && gateway.equals(d.gateway) && billDate.equals(d.billDate)
                && zone.equals(d.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gateway, billDate, zone);
    }

    @Override
    public String toString() {
        return gateway + ":" + billDate;
    }
}
