package com.ledgerbridge.domain.receivables;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One amount a customer still owes, with its own due date: a whole invoice, or one instalment of an invoice under
 * split terms (same invoice, its own {@code itemKey}, due date and open amount). Ageing and reminders work on items.
 *
 * @param itemKey       what identifies the item: the invoice number, or {@code <invoice number>#<instalment>}
 * @param invoiceId     the invoice row it belongs to
 * @param invoiceNumber the invoice's number as the customer knows it
 * @param customerId    whose it is
 * @param customerName  the customer's name, if known
 * @param issueDate     when it was issued
 * @param dueDate       when it falls due
 * @param open          what is still owed (positive)
 * @param instalment    the instalment's number (1, 2, …), or 0 for a whole invoice
 */
public record OpenItem(String itemKey, long invoiceId, String invoiceNumber, String customerId, String customerName,
                       LocalDate issueDate, LocalDate dueDate, Money open, int instalment) {

    /** A whole invoice. */
    public OpenItem(String itemKey, long invoiceId, String invoiceNumber, String customerId, String customerName,
                    LocalDate issueDate, LocalDate dueDate, Money open) {
        this(itemKey, invoiceId, invoiceNumber, customerId, customerName, issueDate, dueDate, open, 0);
    }

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
