package com.ledgerbridge.domain.invoicing;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.SalesOrder;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * Turns a billable sales order into an invoice: line amounts rounded half-up to the minor unit, tax per
 * line by the {@link TaxPolicy}; the order's payment terms ({@link PaymentTermsCatalog}: named, written out, a number
 * of days, or the default) give the due date and, when they split the invoice, its instalments.
 */
public class InvoiceCalculator {

    private final TaxPolicy taxPolicy;
    private final PaymentTermsCatalog terms;

    public InvoiceCalculator(TaxPolicy taxPolicy, int defaultPaymentTermsDays) {
        this(taxPolicy, PaymentTermsCatalog.netDays(checkDays(defaultPaymentTermsDays)));
    }

    public InvoiceCalculator(TaxPolicy taxPolicy, PaymentTermsCatalog terms) {
        this.taxPolicy = taxPolicy;
        this.terms = terms;
    }

    private static int checkDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("default payment terms cannot be negative");
        }
        return days;
    }

    public Invoice invoiceFor(SalesOrder order, String invoiceNumber, LocalDate issueDate) {
        if (!order.isBillable()) {
            throw new IllegalArgumentException("order " + order.crmOrderId() + " is " + order.status() + ", not billable");
        }
        List<InvoiceLine> lines = order.lines().stream().map(line -> invoiceLine(order, line)).toList();
        PaymentTerms orderTerms = termsOf(order);
        Money gross = Money.zero(order.currency());
        for (InvoiceLine line : lines) {
            gross = gross.plus(line.netAmount()).plus(line.taxAmount());
        }
        return new Invoice(
                invoiceNumber,
                new Invoice.OrderReference(order.source(), order.crmOrderId(), order.crmVersion()),
                order.customerId(),
                order.customerName(),
                order.currency(),
                issueDate,
                issueDate.plusDays(orderTerms.finalDays()),
                lines,
                orderTerms.schedule(gross, issueDate));
    }

    /**
     * The payment terms the order is invoiced under.
     *
     * @throws IllegalArgumentException when the order names terms that are neither configured nor readable
     */
    public PaymentTerms termsOf(SalesOrder order) {
        return terms.resolve(order.paymentTerms(), order.paymentTermsDays());
    }

    private InvoiceLine invoiceLine(SalesOrder order, OrderLine line) {
        Money net = Money.rounded(line.quantity().multiply(line.unitPrice()), order.currency(), RoundingMode.HALF_UP);
        Money tax = net.times(taxPolicy.rate(), taxPolicy.rounding());
        return new InvoiceLine(line.lineNo(), line.sku(), line.description(), line.quantity(), line.unitPrice(),
                net, taxPolicy.rate(), tax);
    }
}
