package com.ledgerbridge.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.invoicing.* — numbering, tax and terms.
 *
 * @param series                  name of the number series; the issue year is appended, so numbering restarts yearly
 * @param numberPrefix            text before the year in an invoice number (INV- gives INV-2026-000001)
 * @param numberDigits            digits of the running number, zero-padded
 * @param taxRate                 output VAT rate as a fraction (0.13 is 13 %), applied per line
 * @param taxRounding             how each line's tax is rounded to the currency's minor unit
 * @param defaultPaymentTermsDays days from issue to due date when the order names no terms
 */
@ConfigurationProperties("ledgerbridge.invoicing")
public record InvoicingProperties(
        String series,
        String numberPrefix,
        int numberDigits,
        BigDecimal taxRate,
        RoundingMode taxRounding,
        int defaultPaymentTermsDays) {

    public InvoicingProperties {
        if (series == null || series.isBlank()) {
            throw new IllegalArgumentException("ledgerbridge.invoicing.series must not be empty");
        }
        if (numberPrefix == null) {
            numberPrefix = "";
        }
        if (numberDigits < 1 || numberDigits > 12) {
            throw new IllegalArgumentException("ledgerbridge.invoicing.number-digits must be between 1 and 12, was "
                    + numberDigits);
        }
        if (taxRate == null || taxRate.signum() < 0 || taxRate.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("ledgerbridge.invoicing.tax-rate must be a fraction from 0 to below 1 "
                    + "(0.13 for 13 %), was " + taxRate);
        }
        if (taxRounding == null || taxRounding == RoundingMode.UNNECESSARY) {
            throw new IllegalArgumentException("ledgerbridge.invoicing.tax-rounding must be a rounding mode such as "
                    + "HALF_UP, was " + taxRounding);
        }
        if (defaultPaymentTermsDays < 0 || defaultPaymentTermsDays > 3650) {
            throw new IllegalArgumentException("ledgerbridge.invoicing.default-payment-terms-days must be between 0 "
                    + "and 3650, was " + defaultPaymentTermsDays);
        }
    }
}
