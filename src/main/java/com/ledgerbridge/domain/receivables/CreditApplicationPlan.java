package com.ledgerbridge.domain.receivables;

import com.ledgerbridge.domain.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which of a customer's held credit goes to which of their open invoices: the oldest credit first, to the invoice
 * due first first, never more than an invoice has open nor more than a credit holds. Both lists come in that order;
 * everything is in one currency.
 */
public final class CreditApplicationPlan {

    private CreditApplicationPlan() {
    }

    /** Credit a payment holds for the customer. */
    public record HeldCredit(String paymentKey, Money amount) {
        public HeldCredit {
            Objects.requireNonNull(paymentKey, "paymentKey");
            if (amount.amount().signum() < 0) {
                throw new IllegalArgumentException("credit of " + paymentKey + " is negative: " + amount);
            }
        }
    }

    /** What an invoice still has open. */
    public record OpenDebt(String invoiceNumber, Money open) {
        public OpenDebt {
            Objects.requireNonNull(invoiceNumber, "invoiceNumber");
            if (open.amount().signum() < 0) {
                throw new IllegalArgumentException("invoice " + invoiceNumber + " has a negative open amount: " + open);
            }
        }
    }

    /** {@code amount} of {@code paymentKey}'s credit applied to {@code invoiceNumber}. */
    public record Application(String paymentKey, String invoiceNumber, Money amount) {
    }

    public static List<Application> plan(List<HeldCredit> credits, List<OpenDebt> debts) {
        List<Application> applications = new ArrayList<>();
        int d = 0;
        Money debtLeft = debts.isEmpty() ? null : debts.get(0).open();
        for (HeldCredit credit : credits) {
            Money creditLeft = credit.amount();
            while (creditLeft.isPositive() && d < debts.size()) {
                if (!creditLeft.currency().equals(debtLeft.currency())) {
                    throw new IllegalArgumentException("credit of " + credit.paymentKey() + " is in "
                            + creditLeft.currency() + ", invoice " + debts.get(d).invoiceNumber() + " in "
                            + debtLeft.currency());
                }
                Money take = creditLeft.isGreaterThan(debtLeft) ? debtLeft : creditLeft;
                if (take.isPositive()) {
                    applications.add(new Application(credit.paymentKey(), debts.get(d).invoiceNumber(), take));
                }
                creditLeft = creditLeft.minus(take);
                debtLeft = debtLeft.minus(take);
                if (!debtLeft.isPositive() && ++d < debts.size()) {
                    debtLeft = debts.get(d).open();
                }
            }
        }
        return applications;
    }
}
