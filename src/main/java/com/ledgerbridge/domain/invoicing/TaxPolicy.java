package com.ledgerbridge.domain.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * How output tax is charged: one rate applied per invoice line and rounded per line to the currency's
 * minor unit (the usual rule for VAT invoices, fapiao included), with an explicit rounding mode.
 *
 * @param rate fraction, e.g. 0.13 for 13 %
 */
public record TaxPolicy(BigDecimal rate, RoundingMode rounding) {

    public TaxPolicy {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(rounding, "rounding");
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("tax rate must be a fraction from 0 to below 1, got " + rate);
        }
        if (rounding == RoundingMode.UNNECESSARY) {
            throw new IllegalArgumentException("tax rounding must say how to round");
        }
    }
}
