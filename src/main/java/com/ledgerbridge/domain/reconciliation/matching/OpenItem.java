package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Something a customer owes that a payment can be applied to: a whole invoice ({@code instalment == 0}, item id =
 * invoice number) or one dated instalment of it (item id {@code <invoice>#<n>}). Each is matched and aged on its own.
 *
 * @param itemId        unique among the open items
 * @param invoiceNumber the invoice it belongs to (what references name)
 * @param instalment    0 for a whole invoice, else 1, 2, … in due order
 * @param orderId       the CRM order the invoice bills, or null; order numbers in a payment resolve through it
 * @param customerId    whose it is
 * @param amount        what the item was for
 * @param open          what is still owed on it: 0 ≤ open ≤ amount, same currency
 * @param issueDate     the invoice's issue date
 * @param dueDate       when this item falls due
 */
public record OpenItem(String itemId, String invoiceNumber, int instalment, String orderId, String customerId,
        Money amount, Money open, LocalDate issueDate, LocalDate dueDate) {

    public OpenItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(issueDate, "issueDate");
        Objects.requireNonNull(dueDate, "dueDate");
        if (instalment < 0) {
            throw new IllegalArgumentException("item " + itemId + ": instalment " + instalment + " is negative");
        }
        if (!amount.currency().equals(open.currency())) {
            throw new IllegalArgumentException("item " + itemId + ": open amount " + open + " is not in " + amount.currency());
        }
        if (open.amount().signum() < 0 || open.isGreaterThan(amount)) {
            throw new IllegalArgumentException("item " + itemId + ": open amount " + open + " is not within 0.." + amount);
        }
    }

    /** A whole invoice as one item. */
    public static OpenItem invoice(String invoiceNumber, String orderId, String customerId, Money amount, Money open,
            LocalDate issueDate, LocalDate dueDate) {
        return new OpenItem(invoiceNumber, invoiceNumber, 0, orderId, customerId, amount, open, issueDate, dueDate);
    }

    /** Instalment {@code n} (1, 2, …) of an invoice. */
    public static OpenItem instalment(String invoiceNumber, int n, String orderId, String customerId, Money amount,
            Money open, LocalDate issueDate, LocalDate dueDate) {
        if (n < 1) {
            throw new IllegalArgumentException("instalments are numbered from 1, got " + n);
        }
        return new OpenItem(invoiceNumber + "#" + n, invoiceNumber, n, orderId, customerId, amount, open, issueDate,
                dueDate);
    }
}
