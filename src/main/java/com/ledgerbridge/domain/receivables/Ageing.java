package com.ledgerbridge.domain.receivables;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** AR ageing as of a day: each open item in its bucket, and per customer and currency the bucket totals. */
public final class Ageing {

    private Ageing() {
    }

    /** One open item placed in its bucket. */
    public record Line(OpenItem item, long daysPastDue, AgeingBucket bucket) {
    }

    /** A customer's totals in one currency (amounts never mix currencies). */
    public record CustomerTotal(String customerId, String customerName, String currency,
                                Map<AgeingBucket, Money> buckets, Money total) {
    }

    /** The whole report. */
    public record Report(LocalDate asOf, List<Line> lines, List<CustomerTotal> customers) {
    }

    /** Ages the items as of {@code asOf}; items with nothing open are left out. */
    public static Report asOf(LocalDate asOf, List<OpenItem> items) {
        List<Line> lines = new ArrayList<>();
        Map<String, Map<String, List<Line>>> byCustomer = new TreeMap<>();
        for (OpenItem item : items) {
            if (!item.open().isPositive()) {
                continue;
            }
            long days = item.daysPastDue(asOf);
            Line line = new Line(item, days, AgeingBucket.of(days));
            lines.add(line);
            byCustomer.computeIfAbsent(item.customerId(), c -> new TreeMap<>())
                    .computeIfAbsent(item.open().currency().getCurrencyCode(), c -> new ArrayList<>())
                    .add(line);
        }
        lines.sort(Comparator.comparing((Line l) -> l.item().customerId())
                .thenComparing(l -> l.item().open().currency().getCurrencyCode())
                .thenComparing(l -> l.item().dueDate())
                .thenComparing(l -> l.item().itemKey()));
        List<CustomerTotal> totals = new ArrayList<>();
        byCustomer.forEach((customer, currencies) -> currencies.forEach((code, customerLines) -> {
            java.util.Currency currency = java.util.Currency.getInstance(code);
            Map<AgeingBucket, Money> buckets = new EnumMap<>(AgeingBucket.class);
            for (AgeingBucket bucket : AgeingBucket.values()) {
                buckets.put(bucket, Money.zero(currency));
            }
            Money total = Money.zero(currency);
            String name = null;
            for (Line line : customerLines) {
                buckets.merge(line.bucket(), line.item().open(), Money::plus);
                total = total.plus(line.item().open());
                name = name != null ? name : line.item().customerName();
            }
            totals.add(new CustomerTotal(customer, name, code, new LinkedHashMap<>(buckets), total));
        }));
        return new Report(asOf, List.copyOf(lines), List.copyOf(totals));
    }
}
