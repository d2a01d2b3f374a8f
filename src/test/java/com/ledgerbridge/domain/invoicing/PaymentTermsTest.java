package com.ledgerbridge.domain.invoicing;

import static com.ledgerbridge.domain.DomainFixtures.CNY;
import static com.ledgerbridge.domain.DomainFixtures.JPY;
import static com.ledgerbridge.domain.DomainFixtures.cny;
import static com.ledgerbridge.domain.DomainFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentTermsTest {

    static final LocalDate ISSUED = LocalDate.of(2026, 1, 31);

    @Test
    void thirtySixtyNinetySplitsIntoThreeEqualPartsTheLastTakingTheCent() {
        List<Instalment> schedule = PaymentTerms.parse("30/60/90").schedule(cny("100.00"), ISSUED);
        assertThat(schedule).containsExactly(
                new Instalment(1, LocalDate.of(2026, 3, 2), cny("33.33")),
                new Instalment(2, LocalDate.of(2026, 4, 1), cny("33.33")),
                new Instalment(3, LocalDate.of(2026, 5, 1), cny("33.34")));
    }

    @Test
    void aDepositAndTheBalance() {
        PaymentTerms terms = PaymentTerms.parse(" 30% @ 0 , 70%@30 ");
        assertThat(terms.isSplit()).isTrue();
        assertThat(terms.finalDays()).isEqualTo(30);
        assertThat(terms.schedule(cny("1130.01"), ISSUED)).containsExactly(
                new Instalment(1, ISSUED, cny("339.00")),
                new Instalment(2, LocalDate.of(2026, 3, 2), cny("791.01")));
    }

    @Test
    void aSinglePartIsNoSplit() {
        assertThat(PaymentTerms.parse("45").isSplit()).isFalse();
        assertThat(PaymentTerms.parse("45").finalDays()).isEqualTo(45);
        assertThat(PaymentTerms.parse("100%@45").schedule(cny("10.00"), ISSUED)).isEmpty();
        assertThat(PaymentTerms.net(0).finalDays()).isZero();
    }

    @Test
    void zeroDecimalCurrenciesAreSplitInWholeUnits() {
        List<Instalment> schedule = PaymentTerms.parse("10/20/30").schedule(Money.of(new BigDecimal("1000"), JPY), ISSUED);
        assertThat(schedule).extracting(i -> i.amount().amount().toPlainString()).containsExactly("333", "333", "334");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty",
            "30/sixty|'sixty' is not a number of days",
            "30%@0, 60%@30|add up to 90 %",
            "30%@30, 70%@0|days must not decrease",
            "0%@0, 100%@30|part 1 is 0 %",
            "30%0, 70%@30|is not <percent>%@<days>",
            "30/4000|4000 days is not within 0..3650",
            "60/30|days must not decrease"})
    void badTermsAreRefusedSayingWhy(String text, String why) {
        assertThatThrownBy(() -> PaymentTerms.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }

    /** Whatever the terms and amount, the instalments add up to the invoice and are never negative. */
    @Property(tries = 500)
    void instalmentsAlwaysAddUpToTheInvoice(@ForAll @IntRange(min = 2, max = 12) int parts,
            @ForAll @LongRange(min = 0, max = 10_000_000_00L) long grossMinor) {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            spec.append(i == 0 ? "" : "/").append(30 * i);
        }
        Money gross = Money.ofMinor(grossMinor, CNY);
        List<Instalment> schedule = PaymentTerms.parse(spec.toString()).schedule(gross, ISSUED);
        assertThat(schedule).hasSize(parts);
        assertThat(schedule.stream().map(Instalment::amount).reduce(Money.zero(CNY), Money::plus)).isEqualTo(gross);
        assertThat(schedule).allSatisfy(i -> assertThat(i.amount().amount().signum()).isNotNegative());
        // equal parts differ from each other by less than the parts' count in cents
        long first = schedule.get(0).amount().minorUnits();
        assertThat(schedule).allSatisfy(i -> assertThat(Math.abs(i.amount().minorUnits() - first)).isLessThan(parts));
    }

    @Test
    void openAmountsSettleTheInstalmentDueFirstFirst() {
        List<Instalment> schedule = PaymentTerms.parse("30/60/90").schedule(cny("100.00"), ISSUED);
        assertThat(Instalment.openAmounts(schedule, cny("0"))).containsExactly(cny("33.33"), cny("33.33"), cny("33.34"));
        assertThat(Instalment.openAmounts(schedule, cny("40.00"))).containsExactly(cny("0"), cny("26.66"), cny("33.34"));
        assertThat(Instalment.openAmounts(schedule, cny("66.66"))).containsExactly(cny("0"), cny("0"), cny("33.34"));
        assertThat(Instalment.openAmounts(schedule, cny("100.00"))).containsExactly(cny("0"), cny("0"), cny("0"));
        // more than the invoice (never stored, but never a negative open amount either)
        assertThat(Instalment.openAmounts(schedule, cny("120.00"))).containsExactly(cny("0"), cny("0"), cny("0"));
        assertThat(Instalment.itemKey("INV-2026-000001", 2)).isEqualTo("INV-2026-000001#2");
    }

    @Test
    void theCatalogResolvesNamedWrittenDaysAndDefaultTermsInThatOrder() {
        PaymentTermsCatalog catalog = new PaymentTermsCatalog(Map.of("Deposit-30", PaymentTerms.parse("30%@0, 70%@30")),
                PaymentTerms.net(14));
        assertThat(catalog.resolve("deposit-30", 60).parts()).hasSize(2);
        assertThat(catalog.resolve("30/60", 5).parts()).hasSize(2);
        assertThat(catalog.resolve(null, 60).finalDays()).isEqualTo(60);
        assertThat(catalog.resolve("  ", null).finalDays()).isEqualTo(14);
        assertThatThrownBy(() -> catalog.resolve("NET-EOM", null)).hasMessageContaining("'NET-EOM' are not configured")
                .hasMessageContaining("DEPOSIT-30");
        assertThatThrownBy(() -> new PaymentTermsCatalog(Map.of("a", PaymentTerms.net(1), "A", PaymentTerms.net(2)),
                PaymentTerms.net(1))).hasMessageContaining("named twice");
    }

    @Test
    void theCalculatorGivesAnInvoiceUnderSplitTermsItsInstalmentsAndTheLastDueDate() {
        InvoiceCalculator calculator = new InvoiceCalculator(new TaxPolicy(new BigDecimal("0.13"), RoundingMode.HALF_UP),
                new PaymentTermsCatalog(Map.of("QUARTERLY", PaymentTerms.parse("30/60/90")), PaymentTerms.net(30)));
        SalesOrder order = new SalesOrder("crm", "SO-7", "v1", "C-1", null, CNY, ISSUED, 10, OrderStatus.BILLABLE,
                List.of(line(1, "1", "100.00")), "quarterly");
        Invoice invoice = calculator.invoiceFor(order, "INV-1", ISSUED);
        assertThat(invoice.grossTotal()).isEqualTo(cny("113.00"));
        assertThat(invoice.dueDate()).isEqualTo(ISSUED.plusDays(90));
        assertThat(invoice.instalments()).extracting(Instalment::amount)
                .containsExactly(cny("37.66"), cny("37.66"), cny("37.68"));
        // without named terms the order's days decide, as before: no instalments
        SalesOrder plain = new SalesOrder("crm", "SO-8", "v1", "C-1", null, CNY, ISSUED, 10, OrderStatus.BILLABLE,
                List.of(line(1, "1", "100.00")));
        Invoice single = calculator.invoiceFor(plain, "INV-2", ISSUED);
        assertThat(single.instalments()).isEmpty();
        assertThat(single.dueDate()).isEqualTo(ISSUED.plusDays(10));
    }

    @Test
    void anInvoiceRefusesASchedulThatDoesNotAddUpOrEndsElsewhere() {
        Invoice.OrderReference ref = new Invoice.OrderReference("crm", "SO-1", "v1");
        InvoiceLine line = new InvoiceLine(1, "S", "d", BigDecimal.ONE, new BigDecimal("100.00"), cny("100.00"),
                BigDecimal.ZERO, cny("0"));
        LocalDate due = ISSUED.plusDays(60);
        assertThatThrownBy(() -> new Invoice("INV-1", ref, "C", null, CNY, ISSUED, due, List.of(line), List.of(
                new Instalment(1, ISSUED.plusDays(30), cny("50.00")), new Instalment(2, due, cny("49.99")))))
                .hasMessageContaining("add up to 99.99");
        assertThatThrownBy(() -> new Invoice("INV-1", ref, "C", null, CNY, ISSUED, due, List.of(line), List.of(
                new Instalment(1, ISSUED.plusDays(30), cny("50.00")), new Instalment(2, due.minusDays(1), cny("50.00")))))
                .hasMessageContaining("not on the invoice's due date");
        assertThatThrownBy(() -> new Invoice("INV-1", ref, "C", null, CNY, ISSUED, due, List.of(line), List.of(
                new Instalment(2, ISSUED.plusDays(30), cny("50.00")), new Instalment(1, due, cny("50.00")))))
                .hasMessageContaining("numbered");
        assertThatThrownBy(() -> new Invoice("INV-1", ref, "C", null, CNY, ISSUED, due, List.of(line), List.of(
                new Instalment(1, due, cny("100.00"))))).hasMessageContaining("no split");
    }
}
