package com.ledgerbridge.domain.receivables;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A customer statement (对账单) for a period in one currency: what they owed at the start, each movement in date
 * order with the running balance, what they owed at the end, and the credit we hold for them (money received that
 * no invoice took, shown beside the balance rather than netted, because it is theirs until applied or refunded).
 * closing = opening + invoices - payments + refunds.
 */
public record Statement(String customerId, String customerName, String currency, LocalDate from, LocalDate to,
                        Money opening, List<Line> lines, Money invoiced, Money paid, Money refunded,
                        Money closing, Money creditHeld) {

    /** A movement and the balance after it. */
    public record Line(StatementMovement movement, Money balance) {
    }

    /**
     * @param opening   the balance before {@code from} (the same sum over the movements before the period)
     * @param movements the movements within the period, any order; all in the opening's currency
     */
    public static Statement of(String customerId, String customerName, LocalDate from, LocalDate to, Money opening,
                               List<StatementMovement> movements, Money creditHeld) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the period ends (" + to + ") before it starts (" + from + ")");
        }
        List<StatementMovement> ordered = new ArrayList<>(movements);
        // invoices before the payments on the same day, so a same-day payment never shows a negative balance
        ordered.sort(Comparator.comparing(StatementMovement::date)
                .thenComparing(m -> m.kind().ordinal())
                .thenComparing(StatementMovement::reference, Comparator.nullsFirst(Comparator.naturalOrder())));
        Money zero = Money.zero(opening.currency());
        Money balance = opening;
        Money invoiced = zero;
        Money paid = zero;
        Money refunded = zero;
        List<Line> lines = new ArrayList<>();
        for (StatementMovement m : ordered) {
            if (!m.amount().currency().equals(opening.currency())) {
                throw new IllegalArgumentException("movement " + m.reference() + " is in " + m.amount().currency()
                        + ", the statement in " + opening.currency());
            }
            if (m.date().isBefore(from) || m.date().isAfter(to)) {
                throw new IllegalArgumentException("movement " + m.reference() + " on " + m.date()
                        + " is outside the period " + from + ".." + to);
            }
            balance = balance.plus(m.effect());
            switch (m.kind()) {
                case INVOICE -> invoiced = invoiced.plus(m.amount());
                case PAYMENT -> paid = paid.plus(m.amount());
                case REFUND -> refunded = refunded.plus(m.amount());
            }
            lines.add(new Line(m, balance));
        }
        return new Statement(customerId, customerName, opening.currency().getCurrencyCode(), from, to, opening,
                List.copyOf(lines), invoiced, paid, refunded, balance, creditHeld);
    }
}
