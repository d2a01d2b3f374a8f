package com.ledgerbridge.domain.receivables;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One amount a customer still owes, with its own due date. Today an invoice is one open item; when instalments
 * arrive each instalment becomes one (same invoice, its own {@code itemKey} and due date), and ageing, reminders
 * and disputes work on items unchanged.
 *
 * @param itemKey       what identifies the item, e.g. the invoice number (later "number/instalment")
 * @param invoiceId     the invoice row it belongs to
 * @param invoiceNumber the invoice's number as the customer knows it
 * @param customerId    whose it is
 * @param customerName  the customer's name, if known
 * @param issueDate     when it was issued
 * @param dueDate       when it falls due
 * @param open          what is still owed (positive)
 */
public record OpenItem(String itemKey, long invoiceId, String invoiceNumber, String customerId, String customerName,
                       LocalDate issueDate, LocalDate dueDate, Money open) {

    public OpenItem {
        Objects.requireNonNull(itemKey, "itemKey");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(open, "open");
    }

    /** Whole days past the due date on {@code asOf}; zero or negative while not yet due. */
    public long daysPastDue(LocalDate asOf) {
        return java.time.temporal.ChronoUnit.DAYS.between(dueDate, asOf);
    }
}
