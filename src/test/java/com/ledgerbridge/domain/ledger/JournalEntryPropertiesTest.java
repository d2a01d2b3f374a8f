package com.ledgerbridge.domain.ledger;

import static com.ledgerbridge.domain.DomainFixtures.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.ledger.JournalLine.Side;
import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class JournalEntryPropertiesTest {

    static final LocalDate DAY = LocalDate.of(2026, 2, 1);
    static final AccountRole[] DEBIT_ROLES = {AccountRole.ACCOUNTS_RECEIVABLE, AccountRole.GATEWAY_CLEARING,
            AccountRole.GATEWAY_FEES};

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of("CNY", "JPY", "USD", "KWD").map(Currency::getInstance);
    }

    @Provide
    Arbitrary<List<Long>> positiveMinorAmounts() {
        return Arbitraries.longs().between(1, 1_000_000_000L).list().ofMinSize(1).ofMaxSize(20);
    }

    /** The debits as given, plus one credit for their exact sum (computed here in plain long arithmetic). */
    static List<JournalLine> balancedLines(List<Long> debitMinors, Currency currency) {
        ChartOfAccounts chart = chart();
        List<JournalLine> lines = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < debitMinors.size(); i++) {
            AccountRole role = DEBIT_ROLES[i % DEBIT_ROLES.length];
            lines.add(new JournalLine(role, chart.codeFor(role), Side.DEBIT,
                    Money.ofMinor(debitMinors.get(i), currency), "dr " + i));
            sum += debitMinors.get(i);
        }
        lines.add(new JournalLine(AccountRole.REVENUE, chart.codeFor(AccountRole.REVENUE), Side.CREDIT,
                Money.ofMinor(sum, currency), "balancing credit"));
        return lines;
    }

    static JournalEntry entry(List<JournalLine> lines) {
        return new JournalEntry("prop:1", DAY, "property", JournalEntry.SourceType.PAYMENT, "P-1", lines);
    }

    @Property(tries = 500)
    void debitsWithABalancingCreditAlwaysConstruct(@ForAll("positiveMinorAmounts") List<Long> debits,
            @ForAll("currencies") Currency currency) {
        JournalEntry e = entry(balancedLines(debits, currency));
        long expectedTotal = debits.stream().mapToLong(Long::longValue).sum();
        assertThat(e.total(currency)).isEqualTo(Money.ofMinor(expectedTotal, currency));
        assertThat(e.lines()).hasSize(debits.size() + 1);
    }

    @Property(tries = 500)
    void theSameLinesThroughTheBuilderAlsoConstruct(@ForAll("positiveMinorAmounts") List<Long> debits,
            @ForAll("currencies") Currency currency) {
        JournalEntry.Builder b = JournalEntry.builder("prop:1", DAY, JournalEntry.SourceType.PAYMENT, "P-1", "p");
        for (JournalLine l : balancedLines(debits, currency)) {
            if (l.side() == Side.DEBIT) {
                b.debit(l.role(), l.amount(), l.memo());
            } else {
                b.credit(l.role(), l.amount(), l.memo());
            }
        }
        JournalEntry e = b.build(chart());
        assertThat(e.total(currency).minorUnits()).isEqualTo(debits.stream().mapToLong(Long::longValue).sum());
    }

    @Property(tries = 500)
    void perturbingAnyOneLineByOneMinorUnitBreaksTheBalance(@ForAll("positiveMinorAmounts") List<Long> debits,
            @ForAll("currencies") Currency currency, @ForAll @IntRange(min = 0, max = 20) int pick,
            @ForAll boolean up) {
        List<JournalLine> lines = new ArrayList<>(balancedLines(debits, currency));
        int index = pick % lines.size();
        JournalLine victim = lines.get(index);
        Money oneUnit = Money.ofMinor(1, currency);
        // go down by one unit unless that would make the line zero (a separate rule)
        Money changed = up || victim.amount().equals(oneUnit)
                ? victim.amount().plus(oneUnit)
                : victim.amount().minus(oneUnit);
        lines.set(index, new JournalLine(victim.role(), victim.accountCode(), victim.side(), changed, victim.memo()));

        assertThatThrownBy(() -> entry(lines))
                .isInstanceOf(UnbalancedEntryException.class)
                .hasMessageContaining(currency.getCurrencyCode());
    }

    @Property(tries = 200)
    void aBalancedEntryInASecondCurrencyDoesNotHideAnImbalanceInTheFirst(
            @ForAll("positiveMinorAmounts") List<Long> debits, @ForAll @Size(min = 1, max = 5) 
            List<@IntRange(min = 1, max = 1000) Integer> other) {
        Currency cny = Currency.getInstance("CNY");
        Currency usd = Currency.getInstance("USD");
        List<JournalLine> lines = new ArrayList<>(balancedLines(debits, cny));
        lines.addAll(balancedLines(other.stream().map(Integer::longValue).toList(), usd));
        assertThat(entry(lines).total(usd).minorUnits()).isEqualTo(other.stream().mapToLong(Integer::longValue).sum());

        // move one unit of credit from CNY to USD (grand total unchanged, each currency off); if the CNY credit
        // is a single unit it cannot shrink, so it grows instead: still off in each currency
        JournalLine cnyCredit = lines.get(debits.size());
        JournalLine usdCredit = lines.get(lines.size() - 1);
        if (cnyCredit.amount().minorUnits() > 1) {
            lines.set(debits.size(), new JournalLine(cnyCredit.role(), cnyCredit.accountCode(), Side.CREDIT,
                    cnyCredit.amount().minus(Money.ofMinor(1, cny)), cnyCredit.memo()));
        } else {
            lines.set(debits.size(), new JournalLine(cnyCredit.role(), cnyCredit.accountCode(), Side.CREDIT,
                    cnyCredit.amount().plus(Money.ofMinor(1, cny)), cnyCredit.memo()));
        }
        lines.set(lines.size() - 1, new JournalLine(usdCredit.role(), usdCredit.accountCode(), Side.CREDIT,
                usdCredit.amount().plus(Money.ofMinor(1, usd)), usdCredit.memo()));
        assertThatThrownBy(() -> entry(lines)).isInstanceOf(UnbalancedEntryException.class);
    }
}
