package com.ledgerbridge.invoicing;

import com.ledgerbridge.domain.invoicing.PaymentTerms;
import com.ledgerbridge.domain.invoicing.PaymentTermsCatalog;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param paymentTerms            named payment terms an order may name, e.g. {@code DEPOSIT-30: "30%@0, 70%@30"} or
 *                                {@code QUARTERLY: "30/60/90"} (syntax: {@link PaymentTerms})
 * @param defaultPaymentTerms     terms (a name above or written out) for an order that names none and gives no days;
 *                                empty: {@code defaultPaymentTermsDays}
 */
@ConfigurationProperties("ledgerbridge.invoicing")
public record InvoicingProperties(
        String series,
        String numberPrefix,
        int numberDigits,
        BigDecimal taxRate,
        RoundingMode taxRounding,
        int defaultPaymentTermsDays,
        Map<String, String> paymentTerms,
        String defaultPaymentTerms) {

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
        paymentTerms = paymentTerms == null ? Map.of() : Map.copyOf(paymentTerms);
        catalog(paymentTerms, defaultPaymentTerms, defaultPaymentTermsDays); // a bad term stops start-up here
    }

    /** The payment terms orders are invoiced under. */
    public PaymentTermsCatalog paymentTermsCatalog() {
        return catalog(paymentTerms, defaultPaymentTerms, defaultPaymentTermsDays);
    }

    private static PaymentTermsCatalog catalog(Map<String, String> written, String defaultTerms, int defaultDays) {
        Map<String, PaymentTerms> named = new LinkedHashMap<>();
        written.forEach((name, text) -> {
            try {
                named.put(name, PaymentTerms.parse(text == null ? "" : text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ledgerbridge.invoicing.payment-terms." + name + ": " + e.getMessage(), e);
            }
        });
        PaymentTermsCatalog withoutDefault = new PaymentTermsCatalog(named, PaymentTerms.net(defaultDays));
        if (defaultTerms == null || defaultTerms.isBlank()) {
            return withoutDefault;
        }
        try {
            return new PaymentTermsCatalog(named, withoutDefault.resolve(defaultTerms, null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ledgerbridge.invoicing.default-payment-terms: " + e.getMessage(), e);
        }
    }
}
