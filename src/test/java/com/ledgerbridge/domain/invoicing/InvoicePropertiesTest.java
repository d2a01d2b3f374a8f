package com.ledgerbridge.domain.invoicing;

import static com.ledgerbridge.domain.DomainFixtures.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.ledger.AccountRole;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.JournalLine;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class InvoicePropertiesTest {

    static final LocalDate ISSUED = LocalDate.of(2026, 3, 1);

    record PriceLine(BigDecimal quantity, BigDecimal unitPrice) {
    }

    @Provide
    Arbitrary<List<PriceLine>> orderLines() {
        Arbitrary<BigDecimal> quantities = Arbitraries.bigDecimals()
                .between(new BigDecimal("0.001"), new BigDecimal("10000")).ofScale(3);
        Arbitrary<BigDecimal> prices = Arbitraries.bigDecimals()
                .between(BigDecimal.ZERO, new BigDecimal("99999.9999")).ofScale(4);
        return Combinators.combine(quantities, prices).as(PriceLine::new).list().ofMinSize(1).ofMaxSize(20);
    }

    @Provide
    Arbitrary<BigDecimal> taxRates() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.25")).ofScale(4);
    }

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of("CNY", "JPY", "USD").map(Currency::getInstance);
    }

    static SalesOrder order(List<PriceLine> priceLines, Currency currency) {
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < priceLines.size(); i++) {
            lines.add(new OrderLine(i + 1, "SKU-" + i, "item " + i, priceLines.get(i).quantity(),
                    priceLines.get(i).unitPrice()));
        }
        return new SalesOrder("crm", "SO-P", "1", "C-1", "Customer", currency, ISSUED, null, OrderStatus.BILLABLE,
                lines);
    }

    @Property(tries = 400)
    void invoiceEntryAlwaysBalancesAndGrossIsTheSumOfLineGross(@ForAll("orderLines") List<PriceLine> priceLines,
            @ForAll("taxRates") BigDecimal rate, @ForAll("currencies") Currency currency) {
        InvoiceCalculator calc = new InvoiceCalculator(new TaxPolicy(rate, RoundingMode.HALF_UP), 30);
        Invoice invoice = calc.invoiceFor(order(priceLines, currency), "INV-P", ISSUED);

        // independent expectation: per line, net = qty x price half-up, tax = net x rate half-up
        int scale = currency.getDefaultFractionDigits();
        BigDecimal expectedNet = BigDecimal.ZERO;
        BigDecimal expectedGross = BigDecimal.ZERO;
        for (int i = 0; i < priceLines.size(); i++) {
            PriceLine p = priceLines.get(i);
            BigDecimal net = p.quantity().multiply(p.unitPrice()).setScale(scale, RoundingMode.HALF_UP);
            BigDecimal tax = net.multiply(rate).setScale(scale, RoundingMode.HALF_UP);
            assertThat(invoice.lines().get(i).netAmount().amount()).isEqualByComparingTo(net);
            assertThat(invoice.lines().get(i).taxAmount().amount()).isEqualByComparingTo(tax);
            expectedNet = expectedNet.add(net);
            expectedGross = expectedGross.add(net).add(tax);
        }
        Money sumOfLineGross = invoice.lines().stream().map(InvoiceLine::grossAmount)
                .reduce(Money.zero(currency), Money::plus);
        assertThat(invoice.grossTotal()).isEqualTo(sumOfLineGross);
        assertThat(invoice.grossTotal().amount()).isEqualByComparingTo(expectedGross);
        assertThat(invoice.netTotal().amount()).isEqualByComparingTo(expectedNet);
        assertThat(invoice.netTotal().plus(invoice.taxTotal())).isEqualTo(invoice.grossTotal());

        // an all-free order has nothing to post; every other invoice must post a balanced entry
        Assume.that(invoice.grossTotal().isPositive());
        JournalEntry entry = new LedgerPostings(chart()).forInvoice(invoice);
        Money debits = entry.lines().stream().map(JournalLine::debit).reduce(Money.zero(currency), Money::plus);
        Money credits = entry.lines().stream().map(JournalLine::credit).reduce(Money.zero(currency), Money::plus);
        assertThat(debits).isEqualTo(credits).isEqualTo(invoice.grossTotal());
        assertThat(entry.total(currency)).isEqualTo(invoice.grossTotal());
        assertThat(entry.lines()).filteredOn(l -> l.role() == AccountRole.OUTPUT_VAT)
                .hasSize(invoice.taxTotal().isZero() ? 0 : 1);
    }
}
