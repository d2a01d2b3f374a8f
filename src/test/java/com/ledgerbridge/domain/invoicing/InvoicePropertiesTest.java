package com.ledgerbridge.domain.invoicing;

import static com.ledgerbridge.domain.DomainFixtures.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.ledgerbridge.domain.ledger.AccountRole;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.JournalLine;
import com.ledgerbridge.domain.ledger.JournalLine.Side;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Invoice amounts against oracles that do not share the calculator's shape. The rule (per line: net =
 * quantity x unit price rounded half-up to the currency's minor unit; tax = net x rate rounded half-up;
 * totals are sums of the rounded lines; the invoice's entry debits receivable with the gross and credits
 * revenue with the net and output VAT with the tax) is checked by
 * <ul>
 *   <li>known answers worked out by hand at 13 % (the working is in the comments), and</li>
 *   <li>a property whose expectation is computed in integer minor units with {@link BigInteger}:
 *       rounding is "divide, then add one when twice the remainder reaches the divisor"; no
 *       {@code setScale}, {@code RoundingMode} or {@link Money} arithmetic in the oracle.</li>
 * </ul>
 */
class InvoicePropertiesTest {

    static final LocalDate ISSUED = LocalDate.of(2026, 3, 1);
    static final Currency CNY = Currency.getInstance("CNY");
    static final Currency JPY = Currency.getInstance("JPY");
    static final Currency KWD = Currency.getInstance("KWD");
    static final BigDecimal VAT_13 = new BigDecimal("0.13");

    // ------------------------------------------------------------------------------------------------
    // Known answers (13 %, half-up, per line)
    // ------------------------------------------------------------------------------------------------

    /** One order line and what its invoice line must say, all as decimal text. */
    record Known(String quantity, String unitPrice, String net, String tax) {
    }

    static Known known(String quantity, String unitPrice, String net, String tax) {
        return new Known(quantity, unitPrice, net, tax);
    }

    @Example
    void mixedOrderWithOneLineOnEachRoundingEdge() {
        assertKnownAnswer(CNY, List.of(
                        known("2", "49.99", "99.98", "13.00"),  // tax 12.9974 -> 13.00
                        known("1", "10.005", "10.01", "1.30"),  // net 10.005 -> 10.01 (half-even: 10.00); tax 1.3013
                        known("1", "2.50", "2.50", "0.33"),     // tax 0.325 -> 0.33 (half-even: 0.32)
                        known("5", "0", "0.00", "0.00")),       // a free line
                "112.49", "14.63", "127.12");
    }

    @Example
    void lineNetIsRoundedOnceFromQuantityTimesPrice() {
        assertKnownAnswer(CNY, List.of(
                        known("3", "0.335", "1.01", "0.13"),      // 1.005 -> 1.01 (rounding the price first: 1.02); tax 0.1313
                        known("1.5", "2.3333", "3.50", "0.46"),   // 3.49995 -> 3.50; tax 0.455 -> 0.46
                        known("1", "0.0049", "0.00", "0.00"),     // just under half a fen -> 0.00
                        known("0.125", "0.04", "0.01", "0.00"),   // 0.005 -> 0.01; tax 0.0013 -> 0.00
                        known("0.333", "3.00", "1.00", "0.13")),  // 0.999 -> 1.00; tax 0.13
                "5.52", "0.72", "6.24");
    }

    @Example
    void taxExactlyHalfAFenIsRoundedUpOnEveryLineNotOnTheTotal() {
        // per line: 3 x 0.33 + 1.37 = 2.36; rounding on the total instead: 18.00 x 13 % = 2.34
        assertKnownAnswer(CNY, List.of(
                        known("1", "2.50", "2.50", "0.33"),     // 0.325 -> 0.33
                        known("1", "2.50", "2.50", "0.33"),
                        known("1", "2.50", "2.50", "0.33"),
                        known("1", "10.50", "10.50", "1.37")),  // 1.365 -> 1.37 (half-even: 1.36)
                "18.00", "2.36", "20.36");
    }

    @Example
    void yenHasNoMinorUnit() {
        assertKnownAnswer(JPY, List.of(
                        known("3", "333.5", "1001", "130"),  // 1000.5 -> 1001; tax 130.13 -> 130
                        known("1", "50", "50", "7"),         // tax 6.5 -> 7 (half-even: 6)
                        known("2", "0", "0", "0"),
                        known("1", "1050", "1050", "137")),  // tax 136.5 -> 137 (half-even: 136)
                "2101", "274", "2375");
    }

    @Example
    void threeDecimalCurrency() {
        assertKnownAnswer(KWD, List.of(
                        known("1", "1.0005", "1.001", "0.130"),   // 1.0005 -> 1.001; tax 0.13013 -> 0.130
                        known("1", "3.850", "3.850", "0.501")),   // tax 0.5005 -> 0.501 (half-even: 0.500)
                "4.851", "0.631", "5.482");
    }

    @Example
    void manySmallLinesEachCarryTheirOwnRoundedTax() {
        // 100 lines of 0.05: tax 0.0065 -> 0.01 each, so 1.00; on the total it would be 5.00 x 13 % = 0.65
        assertKnownAnswer(CNY, Collections.nCopies(100, known("1", "0.05", "0.05", "0.01")), "5.00", "1.00", "6.00");
    }

    @Example
    void largeAmountsStayExact() {
        // 10000 x 99999.9999 = 999 999 999.0000; tax 129 999 999.87
        assertKnownAnswer(CNY, List.of(known("10000", "99999.9999", "999999999.00", "129999999.87")),
                "999999999.00", "129999999.87", "1129999998.87");
    }

    @Example
    void freeOrderInvoicesNothing() {
        Invoice invoice = calculator(VAT_13).invoiceFor(
                order(CNY, List.of(new BigDecimal[] {BigDecimal.ONE, BigDecimal.ZERO},
                        new BigDecimal[] {new BigDecimal("7"), new BigDecimal("0.00")})), "INV-K", ISSUED);
        assertThat(invoice.netTotal()).isEqualTo(Money.of("0.00", "CNY"));
        assertThat(invoice.taxTotal()).isEqualTo(Money.of("0.00", "CNY"));
        assertThat(invoice.grossTotal()).isEqualTo(Money.of("0.00", "CNY"));
    }

    static void assertKnownAnswer(Currency currency, List<Known> lines, String net, String tax, String gross) {
        List<BigDecimal[]> priceLines = lines.stream()
                .map(k -> new BigDecimal[] {new BigDecimal(k.quantity()), new BigDecimal(k.unitPrice())}).toList();
        Invoice invoice = calculator(VAT_13).invoiceFor(order(currency, priceLines), "INV-K", ISSUED);

        String code = currency.getCurrencyCode();
        assertThat(invoice.lines()).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            InvoiceLine actual = invoice.lines().get(i);
            Known expected = lines.get(i);
            assertThat(actual.netAmount()).as("net of line %d (%s x %s)", i + 1, expected.quantity(), expected.unitPrice())
                    .isEqualTo(Money.of(expected.net(), code));
            assertThat(actual.taxAmount()).as("tax of line %d (%s x %s)", i + 1, expected.quantity(), expected.unitPrice())
                    .isEqualTo(Money.of(expected.tax(), code));
        }
        assertThat(invoice.netTotal()).as("net total").isEqualTo(Money.of(net, code));
        assertThat(invoice.taxTotal()).as("tax total").isEqualTo(Money.of(tax, code));
        assertThat(invoice.grossTotal()).as("gross total").isEqualTo(Money.of(gross, code));

        JournalEntry entry = new LedgerPostings(chart()).forInvoice(invoice);
        List<org.assertj.core.groups.Tuple> expectedEntry = new ArrayList<>();
        expectedEntry.add(tuple(AccountRole.ACCOUNTS_RECEIVABLE, Side.DEBIT, Money.of(gross, code)));
        expectedEntry.add(tuple(AccountRole.REVENUE, Side.CREDIT, Money.of(net, code)));
        if (new BigDecimal(tax).signum() != 0) {
            expectedEntry.add(tuple(AccountRole.OUTPUT_VAT, Side.CREDIT, Money.of(tax, code)));
        }
        assertThat(entry.lines()).extracting(JournalLine::role, JournalLine::side, JournalLine::amount)
                .containsExactlyInAnyOrderElementsOf(expectedEntry);
    }

    // ------------------------------------------------------------------------------------------------
    // Property: the calculator against integer minor-unit arithmetic
    // ------------------------------------------------------------------------------------------------

    /** A generated order: its currency, the tax rate, and (quantity, unit price) per line. */
    record OrderCase(Currency currency, BigDecimal rate, List<BigDecimal[]> lines) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(currency + " at " + rate.toPlainString() + ":");
            lines.forEach(l -> s.append(' ').append(l[0].toPlainString()).append('x').append(l[1].toPlainString()));
            return s.toString();
        }
    }

    @Provide
    Arbitrary<OrderCase> orders() {
        return Arbitraries.of("CNY", "JPY", "USD", "KWD").map(Currency::getInstance)
                .flatMap(currency -> Combinators.combine(orderLine(currency).list().ofMinSize(1).ofMaxSize(25), rates())
                        .as((lines, rate) -> new OrderCase(currency, rate, lines)));
    }

    /**
     * Mostly arbitrary lines, with extra weight on the cases rounding gets wrong: a line net exactly half
     * a minor unit, a line whose 13 % tax is exactly half a minor unit (net ending in 50 minor units), free lines.
     */
    static Arbitrary<BigDecimal[]> orderLine(Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        Arbitrary<BigDecimal> quantities = Combinators.combine(
                Arbitraries.longs().between(1, 10_000_000L), Arbitraries.integers().between(0, 3)).as(BigDecimal::valueOf);
        Arbitrary<BigDecimal> prices = Combinators.combine(
                Arbitraries.longs().between(0, 10_000_000_000L), Arbitraries.integers().between(0, 6)).as(BigDecimal::valueOf);
        Arbitrary<BigDecimal[]> any = Combinators.combine(quantities, prices).as((q, p) -> new BigDecimal[] {q, p});
        // one unit at a price with one decimal more than the currency, ending in 5: the net is on the half
        Arbitrary<BigDecimal[]> netOnTheHalf = Arbitraries.longs().between(0, 100_000_000L)
                .map(k -> new BigDecimal[] {BigDecimal.ONE, BigDecimal.valueOf(k * 10 + 5, digits + 1)});
        // an odd quantity of a price ending in 50 minor units: the net ends in 50, and 50 x 13 % = 6.5
        Arbitrary<BigDecimal[]> taxOnTheHalfAt13 = Combinators.combine(
                        Arbitraries.longs().between(0, 1_000_000L), Arbitraries.of(1, 3, 7))
                .as((k, q) -> new BigDecimal[] {BigDecimal.valueOf(q), BigDecimal.valueOf(k * 100 + 50, digits)});
        Arbitrary<BigDecimal[]> free = quantities.map(q -> new BigDecimal[] {q, BigDecimal.ZERO});
        return Arbitraries.frequencyOf(Tuple.of(6, any), Tuple.of(2, netOnTheHalf), Tuple.of(2, taxOnTheHalfAt13),
                Tuple.of(1, free));
    }

    /** Mostly 13 %; also no tax and arbitrary rates up to 25 % with 2 to 4 decimals. */
    static Arbitrary<BigDecimal> rates() {
        Arbitrary<BigDecimal> anyRate = Combinators.combine(
                        Arbitraries.integers().between(0, 2500), Arbitraries.integers().between(2, 4))
                .as((units, scale) -> BigDecimal.valueOf(units, 4).setScale(scale, RoundingMode.DOWN));
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(VAT_13)), Tuple.of(1, Arbitraries.just(BigDecimal.ZERO)),
                Tuple.of(3, anyRate));
    }

    @Property(tries = 1000)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void invoiceAndItsEntryAgreeWithMinorUnitArithmetic(@ForAll("orders") OrderCase c) {
        Invoice invoice = calculator(c.rate()).invoiceFor(order(c.currency(), c.lines()), "INV-P", ISSUED);
        int digits = c.currency().getDefaultFractionDigits();

        BigInteger netTotal = BigInteger.ZERO;
        BigInteger taxTotal = BigInteger.ZERO;
        boolean netTie = false;
        boolean taxTie = false;
        assertThat(invoice.lines()).hasSize(c.lines().size());
        for (int i = 0; i < c.lines().size(); i++) {
            BigDecimal quantity = c.lines().get(i)[0];
            BigDecimal unitPrice = c.lines().get(i)[1];
            MinorUnits.Rounded net = MinorUnits.lineNet(quantity, unitPrice, digits);
            MinorUnits.Rounded tax = MinorUnits.tax(net.value(), c.rate());
            netTie |= net.wasTie();
            taxTie |= tax.wasTie();

            InvoiceLine line = invoice.lines().get(i);
            assertThat(minorUnits(line.netAmount(), c.currency())).as("net of line %d", i + 1).isEqualTo(net.value());
            assertThat(minorUnits(line.taxAmount(), c.currency())).as("tax of line %d", i + 1).isEqualTo(tax.value());
            netTotal = netTotal.add(net.value());
            taxTotal = taxTotal.add(tax.value());
        }
        BigInteger grossTotal = netTotal.add(taxTotal);
        assertThat(minorUnits(invoice.netTotal(), c.currency())).as("net total").isEqualTo(netTotal);
        assertThat(minorUnits(invoice.taxTotal(), c.currency())).as("tax total").isEqualTo(taxTotal);
        assertThat(minorUnits(invoice.grossTotal(), c.currency())).as("gross total").isEqualTo(grossTotal);

        // the generator must really reach the rounding ties, or half-up versus half-even goes untested
        Statistics.label("a line net exactly on the half").collect(netTie);
        Statistics.label("a line tax exactly on the half").collect(taxTie);
        Statistics.label("a line net exactly on the half").coverage(cov -> cov.check(true).percentage(p -> p > 10));
        Statistics.label("a line tax exactly on the half").coverage(cov -> cov.check(true).percentage(p -> p > 10));

        if (grossTotal.signum() == 0) {
            return; // a free order moves no money: there is nothing to post
        }
        // Dr receivable (gross) / Cr revenue (net) / Cr output VAT (tax); zero amounts are left out
        JournalEntry entry = new LedgerPostings(chart()).forInvoice(invoice);
        List<org.assertj.core.groups.Tuple> expected = new ArrayList<>();
        expected.add(tuple(AccountRole.ACCOUNTS_RECEIVABLE, Side.DEBIT, grossTotal));
        if (netTotal.signum() != 0) {
            expected.add(tuple(AccountRole.REVENUE, Side.CREDIT, netTotal));
        }
        if (taxTotal.signum() != 0) {
            expected.add(tuple(AccountRole.OUTPUT_VAT, Side.CREDIT, taxTotal));
        }
        assertThat(entry.lines())
                .extracting(JournalLine::role, JournalLine::side, l -> minorUnits(l.amount(), c.currency()))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The amount in minor units, insisting it is held in that currency at exactly the currency's scale. */
    static BigInteger minorUnits(Money money, Currency currency) {
        assertThat(money.currency()).isEqualTo(currency);
        assertThat(money.amount().scale()).as("scale of %s", money).isEqualTo(currency.getDefaultFractionDigits());
        return money.amount().unscaledValue();
    }

    /**
     * The oracle: integer arithmetic on minor units. A decimal d is taken apart into its digits u and its
     * scale s (d = u / 10^s); a value in minor units is then a fraction of integers, rounded half-up by
     * integer division: q = n / m, plus one when 2 x (n mod m) &gt;= m. Amounts here are never negative.
     */
    static final class MinorUnits {

        record Rounded(BigInteger value, boolean wasTie) {
        }

        /** quantity x unit price, in minor units of a currency with {@code digits} decimals. */
        static Rounded lineNet(BigDecimal quantity, BigDecimal unitPrice, int digits) {
            // quantity x price x 10^digits = (uq x up) x 10^(digits - sq - sp)
            BigInteger numerator = quantity.unscaledValue().multiply(unitPrice.unscaledValue());
            return timesPowerOfTen(numerator, digits - quantity.scale() - unitPrice.scale());
        }

        /** net (minor units) x rate, in minor units. */
        static Rounded tax(BigInteger netMinor, BigDecimal rate) {
            return timesPowerOfTen(netMinor.multiply(rate.unscaledValue()), -rate.scale());
        }

        private static Rounded timesPowerOfTen(BigInteger n, int exponent) {
            if (exponent >= 0) {
                return new Rounded(n.multiply(BigInteger.TEN.pow(exponent)), false);
            }
            return halfUp(n, BigInteger.TEN.pow(-exponent));
        }

        static Rounded halfUp(BigInteger numerator, BigInteger denominator) {
            BigInteger[] qr = numerator.divideAndRemainder(denominator);
            int twiceRemainderVsDenominator = qr[1].shiftLeft(1).compareTo(denominator);
            BigInteger value = twiceRemainderVsDenominator >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
            return new Rounded(value, twiceRemainderVsDenominator == 0);
        }
    }

    @Example
    void theOracleRoundsHalfUpByHand() {
        // the oracle itself, on numbers small enough to check by eye
        assertThat(MinorUnits.halfUp(BigInteger.valueOf(1005), BigInteger.valueOf(10)))
                .isEqualTo(new MinorUnits.Rounded(BigInteger.valueOf(101), true));
        assertThat(MinorUnits.halfUp(BigInteger.valueOf(1004), BigInteger.valueOf(10)).value()).isEqualTo(BigInteger.valueOf(100));
        assertThat(MinorUnits.halfUp(BigInteger.valueOf(1006), BigInteger.valueOf(10)).value()).isEqualTo(BigInteger.valueOf(101));
        assertThat(MinorUnits.lineNet(new BigDecimal("3"), new BigDecimal("0.335"), 2).value()).isEqualTo(BigInteger.valueOf(101));
        assertThat(MinorUnits.lineNet(new BigDecimal("2"), new BigDecimal("5E+1"), 0).value()).isEqualTo(BigInteger.valueOf(100));
        assertThat(MinorUnits.tax(BigInteger.valueOf(250), VAT_13).value()).isEqualTo(BigInteger.valueOf(33));
        assertThat(MinorUnits.tax(BigInteger.valueOf(249), VAT_13).value()).isEqualTo(BigInteger.valueOf(32));
    }

    // ------------------------------------------------------------------------------------------------

    static InvoiceCalculator calculator(BigDecimal rate) {
        return new InvoiceCalculator(new TaxPolicy(rate, RoundingMode.HALF_UP), 30);
    }

    static SalesOrder order(Currency currency, List<BigDecimal[]> priceLines) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < priceLines.size(); i++) {
            lines.add(new OrderLine(i + 1, "SKU-" + i, "item " + i, priceLines.get(i)[0], priceLines.get(i)[1]));
        }
        return new SalesOrder("crm", "SO-P", "1", "C-1", "Customer", currency, ISSUED, null, OrderStatus.BILLABLE,
                lines);
    }
}
