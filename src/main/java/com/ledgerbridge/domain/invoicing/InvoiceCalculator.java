package com.ledgerbridge.domain.invoicing;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.SalesOrder;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * Turns a billable sales order into an invoice: line amounts rounded half-up to the minor unit, tax per
 * line by the {@link TaxPolicy}, due date = issue date + the order's payment terms (or the default).
 */
public class InvoiceCalculator {

    private final TaxPolicy taxPolicy;
    private final int defaultPaymentTermsDays;

    public InvoiceCalculator(TaxPolicy taxPolicy, int defaultPaymentTermsDays) {
        if (defaultPaymentTermsDays < 0) {
            throw new IllegalArgumentException("default payment terms cannot be negative");
        }
        this.taxPolicy = taxPolicy;
        this.defaultPaymentTermsDays = defaultPaymentTermsDays;
    }

    public Invoice invoiceFor(SalesOrder order, String invoiceNumber, LocalDate issueDate) {
        if (!order.isBillable()) {
            throw new IllegalArgumentException("order " + order.crmOrderId() + " is " + order.status() + ", not billable");
        }
        List<InvoiceLine> lines = order.lines().stream().map(line -> invoiceLine(order, line)).toList();
        int terms = order.paymentTermsDays() != null ? order.paymentTermsDays() : defaultPaymentTermsDays;
        return new Invoice(
                invoiceNumber,
                new Invoice.OrderReference(order.source(), order.crmOrderId(), order.crmVersion()),
                order.customerId(),
                order.customerName(),
                order.currency(),
                issueDate,
                issueDate.plusDays(terms),
                lines);
    }

    private InvoiceLine invoiceLine(SalesOrder order, OrderLine line) {
        Money net = Money.rounded(line.quantity().multiply(line.unitPrice()), order.currency(), RoundingMode.HALF_UP);
        Money tax = net.times(taxPolicy.rate(), taxPolicy.rounding());
        return new InvoiceLine(line.lineNo(), line.sku(), line.description(), line.quantity(), line.unitPrice(),
                net, taxPolicy.rate(), tax);
    }
}
