package com.ledgerbridge.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.invoicing.* — numbering, tax and terms.
 *
 * @param series name of the number series; the issue year is appended, so numbering restarts yearly
 */
@ConfigurationProperties("ledgerbridge.invoicing")
public record InvoicingProperties(
        String series,
        String numberPrefix,
        int numberDigits,
        BigDecimal taxRate,
        RoundingMode taxRounding,
        int defaultPaymentTermsDays) {
}
