package com.ledgerbridge.domain.invoicing;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * An issued invoice. Totals are derived from the lines, never stored separately from them, so
 * net + tax = gross holds by construction.
 */
public record Invoice(
        String invoiceNumber,
        OrderReference order,
        String customerId,
        String customerName,
        Currency currency,
        LocalDate issueDate,
        LocalDate dueDate,
        List<InvoiceLine> lines) {

    public Invoice {
        Objects.requireNonNull(invoiceNumber, "invoiceNumber");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(issueDate, "issueDate");
        Objects.requireNonNull(dueDate, "dueDate");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an invoice needs at least one line");
        }
        if (dueDate.isBefore(issueDate)) {
            throw new IllegalArgumentException("due date " + dueDate + " is before issue date " + issueDate);
        }
        for (InvoiceLine line : lines) {
            if (!line.netAmount().currency().equals(currency) || !line.taxAmount().currency().equals(currency)) {
                throw new IllegalArgumentException("line " + line.lineNo() + " is not in " + currency);
            }
        }
    }

    public Money netTotal() {
        return lines.stream().map(InvoiceLine::netAmount).reduce(Money.zero(currency), Money::plus);
    }

    public Money taxTotal() {
        return lines.stream().map(InvoiceLine::taxAmount).reduce(Money.zero(currency), Money::plus);
    }

    public Money grossTotal() {
        return netTotal().plus(taxTotal());
    }

    /** Which CRM order (and which version of it) this invoice bills. */
    public record OrderReference(String source, String crmOrderId, String crmVersion) {
    }
}
