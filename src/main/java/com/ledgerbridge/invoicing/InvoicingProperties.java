package com.ledgerbridge.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.invoicing.* — numbering, tax and terms.
 *
 * @param series      name of the number series; the issue year is appended, so numbering restarts yearly
 * @param zone        the company's time zone: an invoice is dated on the local business day
 */
@ConfigurationProperties("ledgerbridge.invoicing")
public record InvoicingProperties(
        String series,
        String numberPrefix,
        int numberDigits,
        BigDecimal taxRate,
        RoundingMode taxRounding,
        int defaultPaymentTermsDays,
        ZoneId zone) {
}
