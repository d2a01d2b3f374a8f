package com.ledgerbridge.domain.receivables;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgeingTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 11, 24);

    static OpenItem item(String number, String customer, int daysLate, String amount, String currency) {
        return new OpenItem(number, number.hashCode(), number, customer, customer + " Ltd",
                AS_OF.minusDays(daysLate + 30L), AS_OF.minusDays(daysLate), Money.of(amount, currency));
    }

    @ParameterizedTest(name = "{0} days past due -> {1}")
    @CsvSource({
            "-5, CURRENT", "0, CURRENT", "1, DAYS_1_30", "30, DAYS_1_30", "31, DAYS_31_60", "60, DAYS_31_60",
            "61, DAYS_61_90", "90, DAYS_61_90", "91, OVER_90", "400, OVER_90"})
    void bucketEdges(int daysLate, AgeingBucket expected) {
        Ageing.Report report = Ageing.asOf(AS_OF, List.of(item("INV-1", "C1", daysLate, "10.00", "CNY")));
        assertThat(report.lines()).singleElement().satisfies(l -> {
            assertThat(l.bucket()).isEqualTo(expected);
            assertThat(l.daysPastDue()).isEqualTo(daysLate);
        });
    }

    @Test
    void dueTodayIsCurrentAcrossAMonthEnd() {
        OpenItem item = new OpenItem("INV-9", 9, "INV-9", "C1", null, LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 2, 28), Money.of("1.00", "CNY"));
        assertThat(Ageing.asOf(LocalDate.of(2026, 2, 28), List.of(item)).lines().get(0).bucket())
                .isEqualTo(AgeingBucket.CURRENT);
        assertThat(Ageing.asOf(LocalDate.of(2026, 3, 1), List.of(item)).lines().get(0).bucket())
                .isEqualTo(AgeingBucket.DAYS_1_30);
    }

    @Test
    void totalsPerCustomerAndCurrencyNeverMix() {
        Ageing.Report report = Ageing.asOf(AS_OF, List.of(
                item("INV-1", "C1", 0, "100.00", "CNY"),
                item("INV-2", "C1", 45, "20.50", "CNY"),
                item("INV-3", "C1", 45, "7.00", "USD"),
                item("INV-4", "C2", 100, "3.25", "CNY"),
                item("INV-5", "C1", 10, "0.00", "CNY")));
        assertThat(report.lines()).hasSize(4);
        assertThat(report.customers()).hasSize(3);
        Ageing.CustomerTotal c1Cny = report.customers().get(0);
        assertThat(c1Cny.customerId()).isEqualTo("C1");
        assertThat(c1Cny.currency()).isEqualTo("CNY");
        assertThat(c1Cny.total()).isEqualTo(Money.of("120.50", "CNY"));
        assertThat(c1Cny.buckets().get(AgeingBucket.CURRENT)).isEqualTo(Money.of("100.00", "CNY"));
        assertThat(c1Cny.buckets().get(AgeingBucket.DAYS_31_60)).isEqualTo(Money.of("20.50", "CNY"));
        assertThat(c1Cny.buckets().get(AgeingBucket.DAYS_1_30)).isEqualTo(Money.of("0.00", "CNY"));
        Ageing.CustomerTotal c1Usd = report.customers().get(1);
        assertThat(c1Usd.currency()).isEqualTo("USD");
        assertThat(c1Usd.total()).isEqualTo(Money.of("7.00", "USD"));
        assertThat(report.customers().get(2).buckets().get(AgeingBucket.OVER_90)).isEqualTo(Money.of("3.25", "CNY"));
    }
}
