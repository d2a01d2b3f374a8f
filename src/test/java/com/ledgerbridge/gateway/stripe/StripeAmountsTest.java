package com.ledgerbridge.gateway.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.money.Money;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/**
 * Stripe's integer amounts, with the examples docs.stripe.com/currencies gives (worked by hand, not computed): 1000 =
 * 10 USD, 500 = ¥500, 500 = 5 ISK, 1045 = HUF 10.45, 5120 = 5.120 KWD.
 */
class StripeAmountsTest {

    static Money money(long amount, String currency) {
        return StripeAmounts.money(amount, StripeAmounts.currency(currency));
    }

    @Test
    void twoDecimalCurrenciesCountCents() {
        assertThat(money(1000, "usd")).isEqualTo(Money.of("10.00", "USD"));
        assertThat(money(1, "eur")).isEqualTo(Money.of("0.01", "EUR"));
        assertThat(money(1045, "huf")).isEqualTo(Money.of("10.45", "HUF")); // charged with decimals, paid out whole
        assertThat(money(80045, "twd")).isEqualTo(Money.of("800.45", "TWD"));
    }

    @Test
    void zeroDecimalCurrenciesCountWholeUnitsEvenWhereIsoSaysOtherwise() {
        assertThat(money(500, "jpy")).isEqualTo(Money.of("500", "JPY"));
        assertThat(money(12345, "krw")).isEqualTo(Money.of("12345", "KRW"));
        assertThat(money(990, "clp")).isEqualTo(Money.of("990", "CLP"));
        // ISO 4217 (and Java) give MGA two decimals; Stripe counts it in whole ariary
        assertThat(Currency.getInstance("MGA").getDefaultFractionDigits()).isEqualTo(2);
        assertThat(money(1000, "mga")).isEqualTo(Money.of("1000.00", "MGA"));
    }

    @Test
    void iskAndUgxAreWholeUnitsCountedInHundredths() {
        assertThat(money(500, "isk")).isEqualTo(Money.of("5", "ISK"));
        assertThat(money(500, "ugx")).isEqualTo(Money.of("5", "UGX"));
        assertThatThrownBy(() -> money(550, "isk")).isInstanceOf(IllegalArgumentException.class);
        assertThat(StripeAmounts.stripeMinorUnits(Money.of("5", "ISK"))).isEqualTo(500);
    }

    @Test
    void threeDecimalCurrenciesCountThousandths() {
        assertThat(money(5120, "kwd")).isEqualTo(Money.of("5.120", "KWD"));
        assertThat(StripeAmounts.stripeMinorUnits(Money.of("5.120", "KWD"))).isEqualTo(5120);
    }

    @Test
    void currencyCodesAreCheckedNotGuessed() {
        assertThat(StripeAmounts.currency("usd")).isEqualTo(Currency.getInstance("USD"));
        assertThat(StripeAmounts.currency("JPY")).isEqualTo(Currency.getInstance("JPY"));
        assertThatThrownBy(() -> StripeAmounts.currency("zzz")).hasMessageContaining("zzz");
        assertThatThrownBy(() -> StripeAmounts.currency("us")).hasMessageContaining("us");
        assertThatThrownBy(() -> StripeAmounts.currency(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
