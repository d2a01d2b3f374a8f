package com.ledgerbridge.domain.receivables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.receivables.StatementMovement.Kind;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementTest {

    static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    static final LocalDate TO = LocalDate.of(2026, 11, 30);

    static StatementMovement m(Kind kind, int day, String ref, String amount) {
        return new StatementMovement(kind, LocalDate.of(2026, 11, day), 1, ref, Money.of(amount, "CNY"));
    }

    @Test
    void closingIsOpeningPlusInvoicesMinusPaymentsPlusRefunds() {
        // by hand: 50.00 + (100.00 + 30.00) - (80.00 + 30.00) + 12.34 = 82.34
        Statement s = Statement.of("C1", "C1 Ltd", FROM, TO, Money.of("50.00", "CNY"), List.of(
                m(Kind.PAYMENT, 20, "pay-2", "30.00"),
                m(Kind.INVOICE, 3, "INV-1", "100.00"),
                m(Kind.PAYMENT, 3, "pay-1", "80.00"),
                m(Kind.INVOICE, 10, "INV-2", "30.00"),
                m(Kind.REFUND, 25, "refund-1", "12.34")), Money.of("5.00", "CNY"));
        assertThat(s.invoiced()).isEqualTo(Money.of("130.00", "CNY"));
        assertThat(s.paid()).isEqualTo(Money.of("110.00", "CNY"));
        assertThat(s.refunded()).isEqualTo(Money.of("12.34", "CNY"));
        assertThat(s.closing()).isEqualTo(Money.of("82.34", "CNY"));
        assertThat(s.creditHeld()).isEqualTo(Money.of("5.00", "CNY"));
        // same day: the invoice comes before its payment; running balances 150, 70, 100, 70, 82.34
        assertThat(s.lines()).extracting(l -> l.movement().reference())
                .containsExactly("INV-1", "pay-1", "INV-2", "pay-2", "refund-1");
        assertThat(s.lines()).extracting(l -> l.balance().amount().toPlainString())
                .containsExactly("150.00", "70.00", "100.00", "70.00", "82.34");
    }

    @Test
    void refusesOtherCurrencyOrDatesOutsideThePeriod() {
        assertThatThrownBy(() -> Statement.of("C1", null, FROM, TO, Money.of("0", "USD"),
                List.of(m(Kind.INVOICE, 2, "INV-1", "1.00")), Money.of("0", "USD")))
                .hasMessageContaining("CNY");
        assertThatThrownBy(() -> Statement.of("C1", null, FROM, LocalDate.of(2026, 11, 15), Money.of("0", "CNY"),
                List.of(m(Kind.INVOICE, 16, "INV-1", "1.00")), Money.of("0", "CNY")))
                .hasMessageContaining("outside the period");
        assertThatThrownBy(() -> Statement.of("C1", null, TO, FROM, Money.of("0", "CNY"), List.of(),
                Money.of("0", "CNY"))).hasMessageContaining("before it starts");
    }
}
