package com.ledgerbridge.domain.invoicing;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The payment terms a company uses, by name (e.g. {@code DEPOSIT-30} → {@code 30%@0, 70%@30}), and which apply when
 * an order names none. An order may name configured terms, write terms itself ({@link PaymentTerms} syntax), or
 * give only a number of days.
 */
public final class PaymentTermsCatalog {

    private final Map<String, PaymentTerms> named;
    private final PaymentTerms fallback;

    /**
     * @param named    terms by name (names compared without regard to case)
     * @param fallback the terms of an order that names none and gives no days
     */
    public PaymentTermsCatalog(Map<String, PaymentTerms> named, PaymentTerms fallback) {
        Objects.requireNonNull(fallback, "fallback");
        this.named = new TreeMap<>();
        named.forEach((name, terms) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("payment terms need a name");
            }
            if (this.named.put(key(name), Objects.requireNonNull(terms, name)) != null) {
                throw new IllegalArgumentException("payment terms '" + name + "' are named twice");
            }
        });
        this.fallback = fallback;
    }

    /** Only a default number of days: no named terms. */
    public static PaymentTermsCatalog netDays(int days) {
        return new PaymentTermsCatalog(Map.of(), PaymentTerms.net(days));
    }

    /**
     * The terms of an order: those it names (a configured name, else terms written out), else its number of days,
     * else the default.
     *
     * @throws IllegalArgumentException when the order's terms are neither a configured name nor valid terms
     */
    public PaymentTerms resolve(String orderTerms, Integer orderDays) {
        if (orderTerms != null && !orderTerms.isBlank()) {
            PaymentTerms configured = named.get(key(orderTerms));
            if (configured != null) {
                return configured;
            }
            try {
                return PaymentTerms.parse(orderTerms);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("payment terms '" + orderTerms.trim() + "' are not configured "
                        + "(known: " + String.join(", ", named.keySet()) + ") and cannot be read as terms: "
                        + e.getMessage(), e);
            }
        }
        return orderDays != null ? PaymentTerms.net(orderDays) : fallback;
    }

    private static String key(String name) {
        return name.trim().toUpperCase(Locale.ROOT);
    }
}
