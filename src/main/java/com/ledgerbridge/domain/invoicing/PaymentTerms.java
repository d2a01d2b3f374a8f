package com.ledgerbridge.domain.invoicing;

import com.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment terms that split an invoice into dated instalments, written as text so that a CRM field or a line of
 * configuration can carry them:
 * <ul>
 *   <li>{@code 30/60/90} — equal parts due 30, 60 and 90 days after the issue date;</li>
 *   <li>{@code 30%@0, 70%@30} — a 30 % deposit due at once and the balance 30 days later (percentages add up to
 *       100; days never decrease);</li>
 *   <li>{@code 45} — the whole amount due in 45 days (one instalment: the invoice is not split).</li>
 * </ul>
 * Every instalment is rounded down to the currency's minor unit and the last takes what is left, so the
 * instalments always add up to the invoice exactly.
 */
public final class PaymentTerms {

    /** No term is longer than ten years; no schedule has more than 60 parts. */
    public static final int MAX_DAYS = 3650;
    public static final int MAX_PARTS = 60;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Pattern DAYS = Pattern.compile("\\d{1,4}");
    private static final Pattern SHARE = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,4})?)\\s*%\\s*@\\s*(\\d{1,4})");

    /**
     * One part, due {@code days} after the issue date: {@code weight} of the sum of all parts' weights (the
     * percentage when written as {@code 30%@0}; 1 for each of equal parts), so that equal thirds are exact.
     */
    public record Part(BigDecimal weight, int days) {
    }

    private final String text;
    private final List<Part> parts;

    private PaymentTerms(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** The whole amount due {@code days} after issue. */
    public static PaymentTerms net(int days) {
        checkDays(days, String.valueOf(days));
        return new PaymentTerms(String.valueOf(days), List.of(new Part(HUNDRED, days)));
    }

    /**
     * Reads terms written as above.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static PaymentTerms parse(String text) {
        Objects.requireNonNull(text, "payment terms");
        String spec = text.trim();
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("payment terms are empty");
        }
        List<Part> parts = new ArrayList<>();
        if (spec.contains("%")) {
            for (String piece : spec.split(",")) {
                Matcher m = SHARE.matcher(piece.trim());
                if (!m.matches()) {
                    throw new IllegalArgumentException("payment terms '" + text + "': '" + piece.trim()
                            + "' is not <percent>%@<days>, e.g. 30%@0");
                }
                parts.add(new Part(new BigDecimal(m.group(1)), checkDays(Integer.parseInt(m.group(2)), text)));
            }
        } else {
            String[] pieces = spec.split("/");
            for (String piece : pieces) {
                if (!DAYS.matcher(piece.trim()).matches()) {
                    throw new IllegalArgumentException("payment terms '" + text + "': '" + piece.trim()
                            + "' is not a number of days (write 30/60/90 or 30%@0, 70%@30)");
                }
                parts.add(new Part(BigDecimal.ONE, checkDays(Integer.parseInt(piece.trim()), text)));
            }
        }
        if (parts.size() > MAX_PARTS) {
            throw new IllegalArgumentException("payment terms '" + text + "' have " + parts.size()
                    + " parts; at most " + MAX_PARTS);
        }
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            if (part.weight().signum() <= 0) {
                throw new IllegalArgumentException("payment terms '" + text + "': part " + (i + 1) + " is 0 %");
            }
            if (i > 0 && part.days() < parts.get(i - 1).days()) {
                throw new IllegalArgumentException("payment terms '" + text + "': part " + (i + 1) + " is due before"
                        + " part " + i + " (days must not decrease)");
            }
            total = total.add(part.weight());
        }
        boolean equalSplit = !spec.contains("%");
        if (!equalSplit && total.compareTo(HUNDRED) != 0) {
            throw new IllegalArgumentException("payment terms '" + text + "' add up to " + total.stripTrailingZeros()
                    .toPlainString() + " %, not 100 %");
        }
        return new PaymentTerms(spec, parts);
    }

    private static int checkDays(int days, String text) {
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException("payment terms '" + text + "': " + days + " days is not within 0.."
                    + MAX_DAYS);
        }
        return days;
    }

    public List<Part> parts() {
        return parts;
    }

    /** Whether the terms split an invoice into more than one instalment. */
    public boolean isSplit() {
        return parts.size() > 1;
    }

    /** Days from issue to the last part's due date: the invoice's own due date. */
    public int finalDays() {
        return parts.get(parts.size() - 1).days();
    }

    /**
     * The instalments of an invoice of {@code gross} issued on {@code issueDate}: empty when the terms do not split
     * it. Each part is rounded down to the minor unit and the last takes the rest, so they add up to {@code gross}.
     */
    public List<Instalment> schedule(Money gross, LocalDate issueDate) {
        if (!isSplit()) {
            return List.of();
        }
        List<Instalment> schedule = new ArrayList<>(parts.size());
        BigDecimal totalWeight = parts.stream().map(Part::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal grossMinor = BigDecimal.valueOf(gross.minorUnits());
        Money given = Money.zero(gross.currency());
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            // exact: floor(gross × weight / total weight) in minor units
            Money amount = i == parts.size() - 1 ? gross.minus(given) : Money.ofMinor(grossMinor.multiply(part.weight())
                    .divide(totalWeight, 0, RoundingMode.DOWN).longValueExact(), gross.currency());
            schedule.add(new Instalment(i + 1, issueDate.plusDays(part.days()), amount));
            given = given.plus(amount);
        }
        return schedule;
    }

    @Override
    public String toString() {
        return text;
    }
}
