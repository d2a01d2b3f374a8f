package com.ledgerbridge.domain.invoicing;

import com.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;

/** An invoice line with its net amount and the tax charged on it, both already rounded. */
public record InvoiceLine(
        int lineNo,
        String sku,
        String description,
        BigDecimal quantity,
        BigDecimal unitPrice,
        Money netAmount,
        BigDecimal taxRate,
        Money taxAmount) {

    public Money grossAmount() {
        return netAmount.plus(taxAmount);
    }
}
