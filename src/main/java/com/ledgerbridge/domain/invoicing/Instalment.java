package com.ledgerbridge.domain.invoicing;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One dated part of an invoice under split payment terms (分期): instalment {@code number} (1, 2, …) of
 * {@code amount}, due on {@code dueDate}.
 */
public record Instalment(int number, LocalDate dueDate, Money amount) {

    public Instalment {
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(amount, "amount");
        if (number < 1) {
            throw new IllegalArgumentException("instalments are numbered from 1, got " + number);
        }
        if (amount.amount().signum() < 0) {
            throw new IllegalArgumentException("instalment " + number + " is negative: " + amount);
        }
    }

    /** The item id matching, ageing and reminders know an instalment by: {@code <invoice number>#<n>}. */
    public static String itemKey(String invoiceNumber, int number) {
        return invoiceNumber + "#" + number;
    }

    /**
     * What is still open on each instalment of a schedule (in due order) when {@code allocated} of the invoice has
     * been paid, credited or written off: money settles the instalment due first first, as ERPNext's payment
     * schedule and Odoo's payment terms do, so a refund or an undo that lowers the invoice's allocated total reopens
     * the latest-due instalment first. One source of truth (the invoice's allocated total) means nothing can make an
     * instalment disagree with its invoice.
     */
    public static List<Money> openAmounts(List<Instalment> schedule, Money allocated) {
        List<Money> open = new ArrayList<>(schedule.size());
        Money left = allocated.amount().signum() < 0 ? Money.zero(allocated.currency()) : allocated;
        for (Instalment instalment : schedule) {
            Money covered = left.isGreaterThan(instalment.amount()) ? instalment.amount() : left;
            open.add(instalment.amount().minus(covered));
            left = left.minus(covered);
        }
        return open;
    }
}
