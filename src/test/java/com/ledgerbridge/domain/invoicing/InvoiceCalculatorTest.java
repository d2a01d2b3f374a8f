package com.ledgerbridge.domain.invoicing;

import static com.ledgerbridge.domain.DomainFixtures.CNY;
import static com.ledgerbridge.domain.DomainFixtures.JPY;
import static com.ledgerbridge.domain.DomainFixtures.billableOrder;
import static com.ledgerbridge.domain.DomainFixtures.cny;
import static com.ledgerbridge.domain.DomainFixtures.line;
import static com.ledgerbridge.domain.DomainFixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InvoiceCalculatorTest {

    static final LocalDate ISSUED = LocalDate.of(2026, 1, 15);

    static InvoiceCalculator calculator(String rate) {
        return new InvoiceCalculator(new TaxPolicy(new BigDecimal(rate), RoundingMode.HALF_UP), 30);
    }

    @Test
    void taxIsRoundedHalfUpPerLineNotOnTheTotal() {
        // three lines of 0.05 at 10 %: each line's tax is 0.005 -> 0.01 (half-up), so 0.03 in all;
        // rounding the total instead would give 0.15 x 10 % = 0.015 -> 0.02
        Invoice inv = calculator("0.10").invoiceFor(
                billableOrder(line(1, "1", "0.05"), line(2, "1", "0.05"), line(3, "1", "0.05")), "INV-1", ISSUED);

        assertThat(inv.lines()).extracting(InvoiceLine::taxAmount)
                .containsExactly(cny("0.01"), cny("0.01"), cny("0.01"));
        assertThat(inv.taxTotal()).isEqualTo(cny("0.03"));
        assertThat(inv.netTotal()).isEqualTo(cny("0.15"));
        assertThat(inv.grossTotal()).isEqualTo(cny("0.18"));
    }

    @Test
    void perLineRoundingAt13PercentAlsoDiffersFromTotalRounding() {
        // 3 x (33.33 x 13 % = 4.3329 -> 4.33) = 12.99, whereas 99.99 x 13 % = 12.9987 -> 13.00
        Invoice inv = calculator("0.13").invoiceFor(
                billableOrder(line(1, "1", "33.33"), line(2, "1", "33.33"), line(3, "1", "33.33")), "INV-1", ISSUED);
        assertThat(inv.taxTotal()).isEqualTo(cny("12.99"));
        assertThat(inv.grossTotal()).isEqualTo(cny("112.98"));
    }

    @Test
    void taxUsesThePolicyRoundingMode() {
        InvoiceCalculator halfEven = new InvoiceCalculator(new TaxPolicy(new BigDecimal("0.10"), RoundingMode.HALF_EVEN), 30);
        Invoice inv = halfEven.invoiceFor(billableOrder(line(1, "1", "0.05")), "INV-1", ISSUED);
        assertThat(inv.taxTotal()).isEqualTo(cny("0.00"));
    }

    @Test
    void lineNetIsQuantityTimesPriceRoundedHalfUp() {
        Invoice inv = calculator("0").invoiceFor(billableOrder(
                line(1, "3", "0.335"),        // 1.005 -> 1.01 (half-even would give 1.00)
                line(2, "1.5", "2.3333"),     // 3.49995 -> 3.50
                line(3, "0.125", "0.04")),    // 0.005 -> 0.01
                "INV-1", ISSUED);
        assertThat(inv.lines()).extracting(InvoiceLine::netAmount)
                .containsExactly(cny("1.01"), cny("3.50"), cny("0.01"));
    }

    @Test
    void netPlusTaxIsGrossOnAMixedOrder() {
        Invoice inv = calculator("0.13").invoiceFor(billableOrder(
                line(1, "2", "49.99"),   // net 99.98, tax 12.9974 -> 13.00
                line(2, "0.5", "19.99"), // net 9.995 -> 10.00, tax 1.30
                line(3, "3", "0.10")),   // net 0.30, tax 0.039 -> 0.04
                "INV-7", ISSUED);

        assertThat(inv.lines()).extracting(InvoiceLine::taxAmount)
                .containsExactly(cny("13.00"), cny("1.30"), cny("0.04"));
        assertThat(inv.netTotal()).isEqualTo(cny("110.28"));
        assertThat(inv.taxTotal()).isEqualTo(cny("14.34"));
        assertThat(inv.grossTotal()).isEqualTo(cny("124.62"));
        assertThat(inv.netTotal().plus(inv.taxTotal())).isEqualTo(inv.grossTotal());
        assertThat(inv.lines()).extracting(InvoiceLine::grossAmount)
                .containsExactly(cny("112.98"), cny("11.30"), cny("0.34"));
    }

    @Test
    void jpyInvoiceRoundsToWholeYen() {
        SalesOrder order = order(JPY, null, OrderStatus.BILLABLE, List.of(line(1, "3", "333.5")));
        Invoice inv = calculator("0.10").invoiceFor(order, "INV-JP-1", ISSUED);
        // 1000.5 -> 1001; tax 100.1 -> 100
        assertThat(inv.netTotal()).isEqualTo(Money.of("1001", "JPY"));
        assertThat(inv.taxTotal()).isEqualTo(Money.of("100", "JPY"));
        assertThat(inv.grossTotal()).isEqualTo(Money.of("1101", "JPY"));
        assertThat(inv.currency()).isEqualTo(JPY);
    }

    @Test
    void dueDateFollowsTheOrdersPaymentTerms() {
        SalesOrder order = order(CNY, 45, OrderStatus.BILLABLE, List.of(line(1, "1", "10")));
        Invoice inv = calculator("0.13").invoiceFor(order, "INV-1", LocalDate.of(2026, 1, 31));
        assertThat(inv.issueDate()).isEqualTo(LocalDate.of(2026, 1, 31));
        assertThat(inv.dueDate()).isEqualTo(LocalDate.of(2026, 3, 17));
    }

    @Test
    void dueDateFallsBackToTheDefaultTerms() {
        Invoice inv = calculator("0.13").invoiceFor(billableOrder(line(1, "1", "10")), "INV-1", ISSUED);
        assertThat(inv.dueDate()).isEqualTo(LocalDate.of(2026, 2, 14));
    }

    @Test
    void zeroDayTermsMeanDueOnIssueNotTheDefault() {
        SalesOrder order = order(CNY, 0, OrderStatus.BILLABLE, List.of(line(1, "1", "10")));
        Invoice inv = calculator("0.13").invoiceFor(order, "INV-1", ISSUED);
        assertThat(inv.dueDate()).isEqualTo(ISSUED);
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"DRAFT", "CANCELLED"})
    void nonBillableOrderIsRefused(OrderStatus status) {
        SalesOrder order = order(CNY, null, status, List.of(line(1, "1", "10")));
        assertThatThrownBy(() -> calculator("0.13").invoiceFor(order, "INV-1", ISSUED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SO-1001")
                .hasMessageContaining(status.name());
    }

    @Test
    void invoiceCarriesTheOrderReferenceAndCustomer() {
        Invoice inv = calculator("0.13").invoiceFor(billableOrder(line(7, "1", "10")), "INV-9", ISSUED);
        assertThat(inv.invoiceNumber()).isEqualTo("INV-9");
        assertThat(inv.order()).isEqualTo(new Invoice.OrderReference("salesforce", "SO-1001", "v7"));
        assertThat(inv.customerId()).isEqualTo("C-42");
        assertThat(inv.customerName()).isEqualTo("Acme Trading");
        InvoiceLine l = inv.lines().get(0);
        assertThat(l.lineNo()).isEqualTo(7);
        assertThat(l.sku()).isEqualTo("SKU-7");
        assertThat(l.taxRate()).isEqualByComparingTo("0.13");
    }

    @Test
    void negativeDefaultTermsAreRefused() {
        TaxPolicy policy = new TaxPolicy(new BigDecimal("0.13"), RoundingMode.HALF_UP);
        assertThatThrownBy(() -> new InvoiceCalculator(policy, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void taxPolicyRefusesRatesOutsideZeroToOneAndUnnecessaryRounding() {
        assertThatThrownBy(() -> new TaxPolicy(new BigDecimal("-0.01"), RoundingMode.HALF_UP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaxPolicy(BigDecimal.ONE, RoundingMode.HALF_UP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaxPolicy(new BigDecimal("0.13"), RoundingMode.UNNECESSARY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
