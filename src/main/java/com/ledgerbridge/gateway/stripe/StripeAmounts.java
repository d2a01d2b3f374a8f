package com.ledgerbridge.gateway.stripe;

import com.ledgerbridge.domain.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * Stripe's integer amounts into {@link Money}, and back. The API's integers are in the currency's smallest unit
 * <em>as Stripe counts it</em> (docs.stripe.com/currencies), which is not always ISO 4217's:
 * <ul>
 *   <li>zero-decimal (1 = one whole unit): BIF, CLP, DJF, GNF, JPY, KMF, KRW, MGA, PYG, RWF, VND, VUV, XAF, XOF, XPF
 *       — MGA has two decimals in ISO 4217 (and in Java), so 1000 is 1000.00 MGA, not 10.00;</li>
 *   <li>ISK and UGX are zero-decimal currencies that Stripe still counts in hundredths "for backwards compatibility"
 *       (500 = 5 ISK, always a multiple of 100); a value that is not is refused, never rounded;</li>
 *   <li>HUF and TWD are charged with two decimals (1045 = 10.45) although Stripe pays them out in whole units;</li>
 *   <li>three-decimal: BHD, JOD, KWD, OMR, TND (5120 = 5.120 KWD);</li>
 *   <li>every other currency: two decimals.</li>
 * </ul>
 * {@link Money} then holds the amount at ISO 4217's scale, exactly.
 */
public final class StripeAmounts {

    private static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG",
            "RWF", "VND", "VUV", "XAF", "XOF", "XPF");
    private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

    private StripeAmounts() {
    }

    /** A Stripe currency code ({@code "usd"}, lowercase in the API, upper in some exports) as a {@link Currency}. */
    public static Currency currency(String code) {
        if (code == null || !code.strip().matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("not a currency code: '" + code + "'");
        }
        try {
            return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown currency '" + code + "'");
        }
    }

    /** How many decimals Stripe's integer amounts carry in {@code currency}. */
    public static int stripeDecimals(Currency currency) {
        String code = currency.getCurrencyCode();
        if (ZERO_DECIMAL.contains(code)) {
            return 0;
        }
        return THREE_DECIMAL.contains(code) ? 3 : 2;
    }

    /**
     * An API amount ({@code amount_received}, {@code amount_refunded}, a balance transaction's {@code amount}) as money.
     *
     * @throws IllegalArgumentException when the value has fractions the currency does not have (e.g. 550 ISK-hundredths)
     */
    public static Money money(long stripeMinorUnits, Currency currency) {
        return Money.of(BigDecimal.valueOf(stripeMinorUnits, stripeDecimals(currency)), currency);
    }

    /** Money as Stripe's integer amount (for writing what the API would say). */
    public static long stripeMinorUnits(Money money) {
        return money.amount().movePointRight(stripeDecimals(money.currency())).longValueExact();
    }
}
