package com.ledgerbridge.domain.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class MoneyPropertiesTest {

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of("CNY", "JPY", "USD", "EUR", "KWD").map(Currency::getInstance);
    }

    @Property
    void minorUnitsRoundTripExactly(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long minor,
            @ForAll("currencies") Currency currency) {
        Money m = Money.ofMinor(minor, currency);
        assertThat(m.minorUnits()).isEqualTo(minor);
        assertThat(m.amount().scale()).isEqualTo(currency.getDefaultFractionDigits());
        assertThat(m.amount()).isEqualByComparingTo(
                new BigDecimal(minor).divide(BigDecimal.TEN.pow(currency.getDefaultFractionDigits())));
        assertThat(Money.of(m.amount(), currency)).isEqualTo(m);
    }

    @Property
    void plusAndMinusAreInverse(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long a,
            @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long b,
            @ForAll("currencies") Currency currency) {
        Money x = Money.ofMinor(a, currency);
        Money y = Money.ofMinor(b, currency);
        assertThat(x.plus(y).minorUnits()).isEqualTo(a + b);
        assertThat(x.plus(y).minus(y)).isEqualTo(x);
    }
}
