package com.ledgerbridge.domain.settlement;

import com.ledgerbridge.domain.money.Money;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one bill day's report: trades per outcome, the day's lines and their totals per currency. */
public final class SettlementTally {

    private final Map<SettlementOutcome, Long> outcomes = new EnumMap<>(SettlementOutcome.class);
    private final Map<Currency, Totals> totals = new LinkedHashMap<>();
    private long billLines;
    private long otherLines;
    private long heals;

    public SettlementTally() {
        for (SettlementOutcome outcome : SettlementOutcome.values()) {
            outcomes.put(outcome, 0L);
        }
    }

    /** Counts one line of the day's bill into the day's totals. */
    public void addDayLine(BillLine line) {
        billLines++;
        Totals t = totals.computeIfAbsent(line.amount().currency(), Totals::zero);
        switch (line.kind()) {
            case PAYMENT -> t.paid = t.paid.plus(line.amount());
            case REFUND -> t.refunded = t.refunded.plus(line.amount());
            case DISPUTE -> t.disputed = t.disputed.plus(line.amount());
            case PAYOUT -> t.payouts = t.payouts.plus(line.amount());
            case OTHER -> otherLines++;
            default -> {
                // fee lines and dispute reversals only add their fee
            }
        }
        t.fees = t.fees.plus(line.fee());
    }

    /** Counts one trade's verdict. */
    public void add(TradeVerdict verdict) {
        outcomes.merge(verdict.outcome(), 1L, Long::sum);
    }

    /** Counts events of the day's trades that came from a bill (stored earlier, or now). */
    public void addBillEvents(long count) {
        heals += count;
    }

    public long trades() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(SettlementOutcome outcome) {
        return outcomes.get(outcome);
    }

    public long billLines() {
        return billLines;
    }

    public long otherLines() {
        return otherLines;
    }

    /** Events of the day's trades that exist because a notification was missed and the bill stood in for it. */
    public long billEvents() {
        return heals;
    }

    /** The day's totals per currency, in the order first seen. */
    public Map<Currency, Totals> totals() {
        return Collections.unmodifiableMap(totals);
    }

    /** Money of one currency on the day's bill; fees are signed (positive: charged to us). */
    public static final class Totals {
        private Money paid;
        private Money refunded;
        private Money disputed;
        private Money fees;
        private Money payouts;

        private static Totals zero(Currency currency) {
            Totals t = new Totals();
            t.paid = t.refunded = t.disputed = t.fees = t.payouts = Money.zero(currency);
            return t;
        }

        public Money paid() {
            return paid;
        }

        public Money refunded() {
            return refunded;
        }

        public Money disputed() {
            return disputed;
        }

        public Money fees() {
            return fees;
        }

        public Money payouts() {
            return payouts;
        }
    }
}
