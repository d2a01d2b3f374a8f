package com.ledgerbridge.domain.invoicing;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * An issued invoice. Totals are derived from the lines, never stored separately from them, so
 * net + tax = gross holds by construction. Under split payment terms it has {@code instalments} (two or more,
 * numbered 1.. in due order, adding up to the gross total, the last due on the invoice's due date); otherwise none
 * and the whole invoice falls due on its due date.
 */
public record Invoice(
        String invoiceNumber,
        OrderReference order,
        String customerId,
        String customerName,
        Currency currency,
        LocalDate issueDate,
        LocalDate dueDate,
        List<InvoiceLine> lines,
        List<Instalment> instalments) {

    /** An invoice that is not split into instalments. */
    public Invoice(String invoiceNumber, OrderReference order, String customerId, String customerName, Currency currency,
            LocalDate issueDate, LocalDate dueDate, List<InvoiceLine> lines) {
        this(invoiceNumber, order, customerId, customerName, currency, issueDate, dueDate, lines, List.of());
    }

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
        instalments = instalments == null ? List.of() : List.copyOf(instalments);
        checkInstalments(instalments, lines, currency, issueDate, dueDate);
    }

    private static void checkInstalments(List<Instalment> instalments, List<InvoiceLine> lines, Currency currency,
            LocalDate issueDate, LocalDate dueDate) {
        if (instalments.isEmpty()) {
            return;
        }
        if (instalments.size() == 1) {
            throw new IllegalArgumentException("one instalment is no split: leave the schedule empty");
        }
        Money gross = Money.zero(currency);
        for (InvoiceLine line : lines) {
            gross = gross.plus(line.netAmount()).plus(line.taxAmount());
        }
        Money sum = Money.zero(currency);
        for (int i = 0; i < instalments.size(); i++) {
            Instalment instalment = instalments.get(i);
            if (instalment.number() != i + 1) {
                throw new IllegalArgumentException("instalment " + (i + 1) + " is numbered " + instalment.number());
            }
            if (instalment.dueDate().isBefore(issueDate)
                    || (i > 0 && instalment.dueDate().isBefore(instalments.get(i - 1).dueDate()))) {
                throw new IllegalArgumentException("instalment " + instalment.number() + " is due " + instalment.dueDate()
                        + ", before the invoice or the instalment before it");
            }
            sum = sum.plus(instalment.amount());
        }
        if (sum.compareTo(gross) != 0) {
            throw new IllegalArgumentException("instalments add up to " + sum + ", not the invoice's " + gross);
        }
        if (!instalments.get(instalments.size() - 1).dueDate().equals(dueDate)) {
            throw new IllegalArgumentException("the last instalment is due " + instalments.get(instalments.size() - 1)
                    .dueDate() + ", not on the invoice's due date " + dueDate);
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
