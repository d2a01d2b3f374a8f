package com.ledgerbridge.domain.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MoneyTest {

    static final Currency CNY = Currency.getInstance("CNY");
    static final Currency JPY = Currency.getInstance("JPY");
    static final Currency USD = Currency.getInstance("USD");

    @Test
    void cnyIsHeldAtTwoDecimals() {
        Money m = Money.of("5", "CNY");
        assertThat(m.amount().scale()).isEqualTo(2);
        assertThat(m.amount().toPlainString()).isEqualTo("5.00");
        assertThat(m).hasToString("5.00 CNY");
    }

    @Test
    void jpyIsHeldAtZeroDecimals() {
        Money m = Money.of("500", "JPY");
        assertThat(m.amount().scale()).isZero();
        assertThat(m).hasToString("500 JPY");
        assertThat(Money.ofMinor(500, JPY).amount()).isEqualByComparingTo("500");
        assertThat(Money.ofMinor(500, JPY).amount().scale()).isZero();
    }

    @Test
    void zeroHasTheCurrencyScale() {
        assertThat(Money.zero(CNY).amount().toPlainString()).isEqualTo("0.00");
        assertThat(Money.zero(JPY).amount().toPlainString()).isEqualTo("0");
        assertThat(Money.zero(CNY).isZero()).isTrue();
    }

    @Test
    void trailingZerosBeyondTheScaleAreExactAndAccepted() {
        assertThat(Money.of("1.230", "CNY").amount().toPlainString()).isEqualTo("1.23");
        assertThat(Money.of("100.0", "JPY").amount().toPlainString()).isEqualTo("100");
    }

    @Test
    void refusesMoreDecimalsThanTheCurrencyHas() {
        assertThatThrownBy(() -> Money.of("1.234", "CNY"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.234")
                .hasMessageContaining("CNY");
        assertThatThrownBy(() -> Money.of("1.5", "JPY"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JPY");
    }

    @Test
    void refusesCurrenciesWithoutMinorUnits() {
        // gold has no default fraction digits: it is not money in this program
        assertThatThrownBy(() -> Money.of(BigDecimal.ONE, Currency.getInstance("XAU")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XAU");
    }

    @Test
    void ofMinor980IsExactlyNinePointEighty() {
        Money m = Money.ofMinor(980, CNY);
        assertThat(m.amount()).isEqualTo(new BigDecimal("9.80"));
        assertThat(m).isEqualTo(Money.of("9.80", "CNY"));
        assertThat(m.minorUnits()).isEqualTo(980L);
    }

    @ParameterizedTest
    @CsvSource({"9.8, 980", "0.29, 29", "1.15, 115", "4.35, 435", "0.01, 1", "-9.80, -980", "0, 0"})
    void minorUnitsAreExactWhereFloatingPointIsNot(String amount, long minor) {
        // e.g. (long) (0.29 * 100) == 28 and (long) (4.35 * 100) == 434 in double arithmetic
        assertThat(Money.of(amount, "CNY").minorUnits()).isEqualTo(minor);
        assertThat(Money.ofMinor(minor, CNY)).isEqualTo(Money.of(amount, "CNY"));
    }

    @Test
    void jpyMinorUnitsAreWholeYen() {
        assertThat(Money.of("1980", "JPY").minorUnits()).isEqualTo(1980L);
    }

    
    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of("plus", (Consumer<Money[]>) m -> m[0].plus(m[1])),
                Arguments.of("minus", (Consumer<Money[]>) m -> m[0].minus(m[1])),
                Arguments.of("compareTo", (Consumer<Money[]>) m -> m[0].compareTo(m[1])),
                Arguments.of("isGreaterThan", (Consumer<Money[]>) m -> m[0].isGreaterThan(m[1])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void arithmeticAcrossCurrenciesThrows(String name, Consumer<Money[]> operation) {
        assertThatThrownBy(() -> operation.accept(new Money[] {Money.of("1.00", "CNY"), Money.of("1.00", "USD")}))
                .isInstanceOf(CurrencyMismatchException.class)
                .hasMessageContaining("CNY")
                .hasMessageContaining("USD");
    }

    @Test
    void plusMinusNegate() {
        Money a = Money.of("10.25", "CNY");
        Money b = Money.of("0.80", "CNY");
        assertThat(a.plus(b)).isEqualTo(Money.of("11.05", "CNY"));
        assertThat(a.minus(b)).isEqualTo(Money.of("9.45", "CNY"));
        assertThat(b.minus(a)).isEqualTo(Money.of("-9.45", "CNY"));
        assertThat(a.negate()).isEqualTo(Money.of("-10.25", "CNY"));
        assertThat(a.minus(a).isZero()).isTrue();
    }

    @Test
    void comparisons() {
        Money small = Money.of("9.99", "CNY");
        Money big = Money.of("10.00", "CNY");
        assertThat(big.isGreaterThan(small)).isTrue();
        assertThat(small.isGreaterThan(big)).isFalse();
        assertThat(big.isGreaterThan(big)).isFalse();
        assertThat(small.isPositive()).isTrue();
        assertThat(Money.zero(CNY).isPositive()).isFalse();
    }

    @ParameterizedTest(name = "{0} x {1} {2} = {3}")
    @CsvSource({
            "10.05, 0.5, HALF_UP, 5.03",
            "10.05, 0.5, HALF_EVEN, 5.02",
            "10.05, 0.5, HALF_DOWN, 5.02",
            "10.05, 0.5, DOWN, 5.02",
            "10.05, 0.5, UP, 5.03",
            "-10.05, 0.5, HALF_UP, -5.03",
            "-10.05, 0.5, FLOOR, -5.03",
            "-10.05, 0.5, CEILING, -5.02",
            "100.00, 0.13, HALF_UP, 13.00",
            "0.05, 0.13, HALF_UP, 0.01",
            "0.05, 0.13, DOWN, 0.00",
            "3.00, 1.5, UNNECESSARY, 4.50"})
    void timesRoundsToTheMinorUnitWithTheGivenMode(String amount, String factor, RoundingMode mode,
            String expected) {
        Money result = Money.of(amount, "CNY").times(new BigDecimal(factor), mode);
        assertThat(result.amount()).isEqualTo(new BigDecimal(expected));
        assertThat(result.currency()).isEqualTo(CNY);
    }

    @Test
    void timesRoundsJpyToWholeYen() {
        Money m = Money.of("105", "JPY");
        assertThat(m.times(new BigDecimal("0.5"), RoundingMode.HALF_UP)).isEqualTo(Money.of("53", "JPY"));
        assertThat(m.times(new BigDecimal("0.5"), RoundingMode.HALF_EVEN)).isEqualTo(Money.of("52", "JPY"));
    }

    @Test
    void timesWithUnnecessaryRoundingRefusesAnInexactResult() {
        assertThatThrownBy(() -> Money.of("10.05", "CNY").times(new BigDecimal("0.5"), RoundingMode.UNNECESSARY))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void roundedUsesTheGivenMode() {
        assertThat(Money.rounded(new BigDecimal("2.345"), CNY, RoundingMode.HALF_UP))
                .isEqualTo(Money.of("2.35", "CNY"));
        assertThat(Money.rounded(new BigDecimal("2.345"), CNY, RoundingMode.HALF_EVEN))
                .isEqualTo(Money.of("2.34", "CNY"));
    }

    @Test
    void sameAmountInDifferentCurrenciesIsNotEqual() {
        assertThat(Money.of("1.00", "CNY")).isNotEqualTo(Money.of("1.00", "USD"));
        assertThat(Money.of("100", "JPY")).isNotEqualTo(Money.of("100", "CNY"));
    }

    @Test
    void differentAmountsAreNotEqual() {
        assertThat(Money.of("1.00", "CNY")).isNotEqualTo(Money.of("1.01", "CNY"));
        assertThat(Money.of("1.00", "CNY")).isNotEqualTo(Money.of("-1.00", "CNY"));
    }

    @Test
    void equalValuesWrittenDifferentlyAreEqualWithEqualHashCodes() {
        Money a = Money.of("1", "CNY");
        Money b = Money.of("1.00", "CNY");
        Money c = Money.ofMinor(100, CNY);
        assertThat(a).isEqualTo(b).isEqualTo(c);
        assertThat(a.hashCode()).isEqualTo(b.hashCode()).isEqualTo(c.hashCode());
    }

    @Test
    void isNotEqualToABareNumber() {
        assertThat(Money.of("1.00", "CNY")).isNotEqualTo(new BigDecimal("1.00"));
    }
}
