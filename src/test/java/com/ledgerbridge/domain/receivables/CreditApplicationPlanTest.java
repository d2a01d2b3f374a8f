package com.ledgerbridge.domain.receivables;

import static com.ledgerbridge.domain.DomainFixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.receivables.CreditApplicationPlan.Application;
import com.ledgerbridge.domain.receivables.CreditApplicationPlan.HeldCredit;
import com.ledgerbridge.domain.receivables.CreditApplicationPlan.OpenDebt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CreditApplicationPlanTest {

    @Test
    void theOldestCreditGoesToTheInvoiceDueFirstFirst() {
        List<Application> plan = CreditApplicationPlan.plan(
                List.of(new HeldCredit("alipay:T1", cny("30.00")), new HeldCredit("alipay:T2", cny("50.00"))),
                List.of(new OpenDebt("INV-1", cny("40.00")), new OpenDebt("INV-2", cny("25.00")),
                        new OpenDebt("INV-3", cny("100.00"))));
        assertThat(plan).containsExactly(
                new Application("alipay:T1", "INV-1", cny("30.00")),
                new Application("alipay:T2", "INV-1", cny("10.00")),
                new Application("alipay:T2", "INV-2", cny("25.00")),
                new Application("alipay:T2", "INV-3", cny("15.00")));
    }

    @Test
    void nothingOpenOrNoCreditPlansNothingAndZeroOpenItemsAreSkipped() {
        assertThat(CreditApplicationPlan.plan(List.of(new HeldCredit("k", cny("5"))), List.of())).isEmpty();
        assertThat(CreditApplicationPlan.plan(List.of(), List.of(new OpenDebt("INV-1", cny("5"))))).isEmpty();
        assertThat(CreditApplicationPlan.plan(List.of(new HeldCredit("k", cny("5"))),
                List.of(new OpenDebt("INV-0", cny("0")), new OpenDebt("INV-1", cny("9")))))
                .containsExactly(new Application("k", "INV-1", cny("5")));
    }

    @Test
    void anotherCurrencyIsRefused() {
        assertThatThrownBy(() -> CreditApplicationPlan.plan(List.of(new HeldCredit("k", cny("5"))),
                List.of(new OpenDebt("INV-1", Money.of("5", "USD"))))).hasMessageContaining("USD");
    }

    /** Never more than a credit holds or an invoice has open; everything that can be applied is. */
    @Property(tries = 300)
    void neitherSideIsOverdrawnAndTheSmallerSideIsUsedUp(
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 5000) Integer> credits,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 5000) Integer> debts) {
        List<HeldCredit> held = new ArrayList<>();
        for (int i = 0; i < credits.size(); i++) {
            held.add(new HeldCredit("p" + i, Money.ofMinor(credits.get(i), cny("0").currency())));
        }
        List<OpenDebt> open = new ArrayList<>();
        for (int i = 0; i < debts.size(); i++) {
            open.add(new OpenDebt("i" + i, Money.ofMinor(debts.get(i), cny("0").currency())));
        }
        Map<String, Long> fromCredit = new HashMap<>();
        Map<String, Long> toDebt = new HashMap<>();
        long total = 0;
        for (Application a : CreditApplicationPlan.plan(held, open)) {
            assertThat(a.amount().isPositive()).isTrue();
            fromCredit.merge(a.paymentKey(), a.amount().minorUnits(), Long::sum);
            toDebt.merge(a.invoiceNumber(), a.amount().minorUnits(), Long::sum);
            total += a.amount().minorUnits();
        }
        for (int i = 0; i < credits.size(); i++) {
            assertThat(fromCredit.getOrDefault("p" + i, 0L)).isLessThanOrEqualTo(credits.get(i));
        }
        for (int i = 0; i < debts.size(); i++) {
            assertThat(toDebt.getOrDefault("i" + i, 0L)).isLessThanOrEqualTo(debts.get(i));
        }
        long creditSum = credits.stream().mapToLong(Integer::longValue).sum();
        long debtSum = debts.stream().mapToLong(Integer::longValue).sum();
        assertThat(total).isEqualTo(Math.min(creditSum, debtSum));
    }
}
