package com.ledgerbridge.domain.ledger;

import static com.ledgerbridge.domain.DomainFixtures.CNY;
import static com.ledgerbridge.domain.DomainFixtures.USD;
import static com.ledgerbridge.domain.DomainFixtures.chart;
import static com.ledgerbridge.domain.DomainFixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.ledger.JournalLine.Side;
import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalEntryTest {

    static final LocalDate DAY = LocalDate.of(2026, 2, 1);

    static JournalLine debit(AccountRole role, Money amount) {
        return new JournalLine(role, chart().codeFor(role), Side.DEBIT, amount, "dr " + role);
    }

    static JournalLine credit(AccountRole role, Money amount) {
        return new JournalLine(role, chart().codeFor(role), Side.CREDIT, amount, "cr " + role);
    }

    static JournalEntry entry(List<JournalLine> lines) {
        return new JournalEntry("test:1", DAY, "test entry", JournalEntry.SourceType.INVOICE, "INV-1", lines);
    }

    static JournalEntry.Builder builder() {
        return JournalEntry.builder("test:1", DAY, JournalEntry.SourceType.INVOICE, "INV-1", "test entry");
    }

    @Test
    void balancedEntryConstructsAndReportsItsTotal() {
        JournalEntry e = entry(List.of(
                debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("113.00")),
                credit(AccountRole.REVENUE, cny("100.00")),
                credit(AccountRole.OUTPUT_VAT, cny("13.00"))));
        assertThat(e.lines()).hasSize(3);
        assertThat(e.total(CNY)).isEqualTo(cny("113.00"));
        assertThat(e.total(USD)).isEqualTo(Money.zero(USD));
    }

    @Test
    void constructorRefusesAnUnbalancedEntry() {
        List<JournalLine> lines = List.of(
                debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("100.00")),
                credit(AccountRole.REVENUE, cny("99.99")));
        assertThatThrownBy(() -> entry(lines))
                .isInstanceOf(UnbalancedEntryException.class)
                .hasMessageContaining("test:1")
                .hasMessageContaining("CNY")
                .hasMessageContaining("100.00")
                .hasMessageContaining("99.99");
    }

    @Test
    void builderRefusesAnUnbalancedEntry() {
        JournalEntry.Builder b = builder()
                .debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("113.00"), "ar")
                .credit(AccountRole.REVENUE, cny("100.00"), "rev")
                .credit(AccountRole.OUTPUT_VAT, cny("13.01"), "vat");
        assertThatThrownBy(() -> b.build(chart()))
                .isInstanceOf(UnbalancedEntryException.class)
                .hasMessageContaining("113.00")
                .hasMessageContaining("113.01");
    }

    @Test
    void builderResolvesAccountCodesFromTheChart() {
        JournalEntry e = builder()
                .debit(AccountRole.GATEWAY_CLEARING, cny("5.00"), "in")
                .credit(AccountRole.ACCOUNTS_RECEIVABLE, cny("5.00"), "out")
                .build(chart());
        assertThat(e.lines()).extracting(JournalLine::accountCode).containsExactly("1012.01", "1122");
        assertThat(e.lines()).extracting(JournalLine::side).containsExactly(Side.DEBIT, Side.CREDIT);
    }

    @Test
    void oneLineEntriesAreRefused() {
        assertThatThrownBy(() -> entry(List.of(debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("1.00")))))
                .isInstanceOf(UnbalancedEntryException.class)
                .hasMessageContaining("at least one debit and one credit");
        assertThatThrownBy(() -> entry(List.of()))
                .isInstanceOf(UnbalancedEntryException.class)
                .hasMessageContaining("at least one debit and one credit");
    }

    @Test
    void builderLeavesZeroLinesOut() {
        JournalEntry e = builder()
                .debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("100.00"), "ar")
                .credit(AccountRole.REVENUE, cny("100.00"), "rev")
                .credit(AccountRole.OUTPUT_VAT, Money.zero(CNY), "vat")
                .build(chart());
        assertThat(e.lines()).extracting(JournalLine::role)
                .containsExactly(AccountRole.ACCOUNTS_RECEIVABLE, AccountRole.REVENUE);
    }

    @Test
    void builderWhoseOnlyCounterpartIsZeroIsAOneLineEntryAndIsRefused() {
        JournalEntry.Builder b = builder()
                .debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("0.00"), "ar")
                .credit(AccountRole.REVENUE, cny("1.00"), "rev");
        assertThatThrownBy(() -> b.build(chart()))
                .isInstanceOf(UnbalancedEntryException.class)
                .hasMessageContaining("at least one debit and one credit");
    }

    @Test
    void twoCurrencyEntryBalancedInEachCurrencyIsAccepted() {
        JournalEntry e = entry(List.of(
                debit(AccountRole.GATEWAY_CLEARING, cny("700.00")),
                debit(AccountRole.GATEWAY_CLEARING, Money.of("100.00", "USD")),
                credit(AccountRole.ACCOUNTS_RECEIVABLE, cny("300.00")),
                credit(AccountRole.ACCOUNTS_RECEIVABLE, cny("400.00")),
                credit(AccountRole.ACCOUNTS_RECEIVABLE, Money.of("100.00", "USD"))));
        assertThat(e.total(CNY)).isEqualTo(cny("700.00"));
        assertThat(e.total(USD)).isEqualTo(Money.of("100.00", "USD"));
    }

    @Test
    void entryBalancedInSumButNotPerCurrencyIsRefused() {
        // debits 100 CNY + 50 USD = 150 = credits 50 CNY + 100 USD, but neither currency balances
        List<JournalLine> lines = List.of(
                debit(AccountRole.GATEWAY_CLEARING, cny("100.00")),
                debit(AccountRole.GATEWAY_CLEARING, Money.of("50.00", "USD")),
                credit(AccountRole.ACCOUNTS_RECEIVABLE, cny("50.00")),
                credit(AccountRole.ACCOUNTS_RECEIVABLE, Money.of("100.00", "USD")));
        assertThatThrownBy(() -> entry(lines)).isInstanceOf(UnbalancedEntryException.class);
    }

    @Test
    void debitInOneCurrencyAndCreditInAnotherIsRefused() {
        List<JournalLine> lines = List.of(
                debit(AccountRole.GATEWAY_CLEARING, cny("100.00")),
                credit(AccountRole.ACCOUNTS_RECEIVABLE, Money.of("100.00", "USD")));
        assertThatThrownBy(() -> entry(lines)).isInstanceOf(UnbalancedEntryException.class);
    }

    @Test
    void nonPositiveLineAmountsAreRefused() {
        assertThatThrownBy(() -> debit(AccountRole.REVENUE, cny("0.00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> credit(AccountRole.REVENUE, cny("-5.00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5.00");
        // a negative amount through the builder is not silently turned into the other side
        JournalEntry.Builder b = builder()
                .debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("-5.00"), "ar")
                .credit(AccountRole.REVENUE, cny("-5.00"), "rev");
        assertThatThrownBy(() -> b.build(chart())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linesAreCopiedAndImmutable() {
        List<JournalLine> lines = new ArrayList<>(List.of(
                debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("1.00")),
                credit(AccountRole.REVENUE, cny("1.00"))));
        JournalEntry e = entry(lines);
        lines.add(debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("9.00")));
        assertThat(e.lines()).hasSize(2);
        assertThatThrownBy(() -> e.lines().add(credit(AccountRole.REVENUE, cny("9.00"))))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void debitAndCreditViewsOfALine() {
        JournalLine dr = debit(AccountRole.ACCOUNTS_RECEIVABLE, cny("3.00"));
        assertThat(dr.debit()).isEqualTo(cny("3.00"));
        assertThat(dr.credit()).isEqualTo(Money.zero(CNY));
        JournalLine cr = credit(AccountRole.REVENUE, cny("3.00"));
        assertThat(cr.debit()).isEqualTo(Money.zero(CNY));
        assertThat(cr.credit()).isEqualTo(cny("3.00"));
    }
}
