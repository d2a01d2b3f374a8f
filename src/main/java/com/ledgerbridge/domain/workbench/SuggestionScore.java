package com.ledgerbridge.domain.workbench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Ranks open invoices as candidates for a payment a person has to place: a reference naming the invoice (or its
 * order) counts most, then the same customer, then an amount equal (or close) to the outstanding balance.
 * Deterministic: equal scores are ordered by invoice id.
 */
public final class SuggestionScore {

    /** An open invoice as the workbench sees it. */
    public record OpenInvoice(long invoiceId, String invoiceNumber, String crmOrderId, String customerId,
            BigDecimal outstanding) {
    }

    /** A scored candidate with the reasons for its score. */
    public record Suggestion(long invoiceId, String invoiceNumber, String customerId, BigDecimal outstanding, int score,
            List<String> why) {
    }

    private SuggestionScore() {
    }

    public static List<Suggestion> top(String reference, String payerId, BigDecimal amount, List<OpenInvoice> invoices,
            int limit) {
        List<Suggestion> scored = new ArrayList<>();
        for (OpenInvoice invoice : invoices) {
            Suggestion s = score(reference, payerId, amount, invoice);
            if (s.score() > 0) {
                scored.add(s);
            }
        }
        scored.sort(Comparator.comparingInt(Suggestion::score).reversed().thenComparingLong(Suggestion::invoiceId));
        return scored.subList(0, Math.min(limit, scored.size()));
    }

    public static Suggestion score(String reference, String payerId, BigDecimal amount, OpenInvoice invoice) {
        int score = 0;
        List<String> why = new ArrayList<>();
        String ref = normal(reference);
        if (!ref.isEmpty() && (ref.equals(normal(invoice.invoiceNumber())) || ref.equals(normal(invoice.crmOrderId())))) {
            score += 100;
            why.add("reference names the invoice or its order");
        } else if (!ref.isEmpty() && (normal(invoice.invoiceNumber()).contains(ref) || ref.contains(normal(invoice.invoiceNumber())))) {
            score += 40;
            why.add("reference resembles the invoice number");
        }
        if (payerId != null && payerId.equals(invoice.customerId())) {
            score += 50;
            why.add("same customer");
        }
        if (amount.compareTo(invoice.outstanding()) == 0) {
            score += 30;
            why.add("amount equals the outstanding balance");
        } else if (invoice.outstanding().signum() > 0 && amount.subtract(invoice.outstanding()).abs()
                .divide(invoice.outstanding(), 4, RoundingMode.HALF_UP).compareTo(new BigDecimal("0.05")) <= 0) {
            score += 10;
            why.add("amount within 5% of the outstanding balance");
        }
        return new Suggestion(invoice.invoiceId(), invoice.invoiceNumber(), invoice.customerId(), invoice.outstanding(),
                score, List.copyOf(why));
    }

    private static String normal(String text) {
        return text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }
}
