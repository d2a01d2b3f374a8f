package com.ledgerbridge.domain.ledger;

import static com.ledgerbridge.domain.DomainFixtures.CNY;
import static com.ledgerbridge.domain.DomainFixtures.chart;
import static com.ledgerbridge.domain.DomainFixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.ledgerbridge.domain.ledger.JournalLine.Side;
import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Gateway fees and payouts from settlement bills. */
class SettlementPostingsTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    final LedgerPostings postings = new LedgerPostings(chart());

    @Test
    void theDaysFeesDebitGatewayFeesAndCreditClearingUnderTheDaysKey() {
        JournalEntry e = postings.forSettlementFees("alipay", DAY, Money.zero(CNY), cny("12.34"), 0).orElseThrow();
        assertThat(e.idempotencyKey()).isEqualTo("fees:alipay:2026-11-20:CNY");
        assertThat(e.sourceReference()).isEqualTo("fees:alipay:2026-11-20:CNY");
        assertThat(e.sourceType()).isEqualTo(JournalEntry.SourceType.SETTLEMENT);
        assertThat(e.entryDate()).isEqualTo(DAY);
        assertThat(e.lines()).extracting(JournalLine::role, JournalLine::accountCode, JournalLine::side, JournalLine::amount)
                .containsExactly(
                        tuple(AccountRole.GATEWAY_FEES, "6603.02", Side.DEBIT, cny("12.34")),
                        tuple(AccountRole.GATEWAY_CLEARING, "1012.01", Side.CREDIT, cny("12.34")));
    }

    @Test
    void aChangedTotalBooksOnlyTheDifferenceUnderAKeyNamingTheNewTotal() {
        JournalEntry more = postings.forSettlementFees("alipay", DAY, cny("12.34"), cny("15.00"), 1).orElseThrow();
        assertThat(more.idempotencyKey()).isEqualTo("fees:alipay:2026-11-20:CNY:adjust-1:to-15.00");
        assertThat(more.total(CNY)).isEqualTo(cny("2.66"));
        assertThat(more.lines().get(0).role()).isEqualTo(AccountRole.GATEWAY_FEES);

        JournalEntry less = postings.forSettlementFees("alipay", DAY, cny("15.00"), cny("14.00"), 2).orElseThrow();
        assertThat(less.idempotencyKey()).isEqualTo("fees:alipay:2026-11-20:CNY:adjust-2:to-14.00");
        assertThat(less.lines()).extracting(JournalLine::role, JournalLine::side, JournalLine::amount)
                .containsExactly(
                        tuple(AccountRole.GATEWAY_CLEARING, Side.DEBIT, cny("1.00")),
                        tuple(AccountRole.GATEWAY_FEES, Side.CREDIT, cny("1.00")));
    }

    @Test
    void anUnchangedTotalBooksNothing() {
        assertThat(postings.forSettlementFees("alipay", DAY, cny("12.34"), cny("12.34"), 1)).isEmpty();
        assertThat(postings.forSettlementFees("alipay", DAY, Money.zero(CNY), Money.zero(CNY), 0)).isEmpty();
    }

    @Test
    void aPayoutDebitsTheBankAndCreditsClearing() {
        JournalEntry e = postings.forPayout("stripe", "po_123", DAY, cny("500.00"));
        assertThat(e.idempotencyKey()).isEqualTo("payout:stripe:po_123");
        assertThat(e.lines()).extracting(JournalLine::role, JournalLine::side, JournalLine::amount)
                .containsExactly(
                        tuple(AccountRole.BANK, Side.DEBIT, cny("500.00")),
                        tuple(AccountRole.GATEWAY_CLEARING, Side.CREDIT, cny("500.00")));
    }
}
