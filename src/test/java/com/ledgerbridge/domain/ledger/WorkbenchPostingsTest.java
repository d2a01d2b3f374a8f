package com.ledgerbridge.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.DomainFixtures;
import com.ledgerbridge.domain.ledger.LedgerPostings.CreditApplication;
import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exception workbench's entries: credit applied, write-off, and the exact reversal an undo books. */
class WorkbenchPostingsTest {

    final LedgerPostings postings = new LedgerPostings(DomainFixtures.chart());
    final LocalDate day = LocalDate.of(2026, 11, 23);

    static String line(JournalLine l) {
        return l.side() + " " + l.role() + " " + l.accountCode() + " " + l.amount().amount().toPlainString();
    }

    @Test
    void aSplitDebitsCustomerCreditOnceAndCreditsEachInvoicesReceivable() {
        JournalEntry entry = postings.forCreditApplication(42, "alipay:T1", List.of(
                new CreditApplication("INV-1", Money.of("30.00", "CNY")),
                new CreditApplication("INV-2", Money.of("12.50", "CNY"))), day);
        assertThat(entry.idempotencyKey()).isEqualTo("workbench:42:apply");
        assertThat(entry.lines()).extracting(WorkbenchPostingsTest::line).containsExactly(
                "DEBIT CUSTOMER_CREDIT 2203 42.50",
                "CREDIT ACCOUNTS_RECEIVABLE 1122 30.00",
                "CREDIT ACCOUNTS_RECEIVABLE 1122 12.50");
    }

    @Test
    void aWriteOffDebitsWriteOffsAndCreditsReceivable() {
        JournalEntry entry = postings.forWriteOff(7, "INV-9", Money.of("0.40", "CNY"), day);
        assertThat(entry.idempotencyKey()).isEqualTo("workbench:7:write-off");
        assertThat(entry.lines()).extracting(WorkbenchPostingsTest::line).containsExactly(
                "DEBIT WRITE_OFFS 6702 0.40", "CREDIT ACCOUNTS_RECEIVABLE 1122 0.40");
    }

    @Test
    void aReversalPutsEveryLineOnTheOtherSideWithTheSameAccountAndAmount() {
        JournalEntry original = postings.forCreditApplication(42, "alipay:T1", List.of(
                new CreditApplication("INV-1", Money.of("30.00", "CNY"))), day);
        JournalEntry reversal = postings.reversal(original, day.plusDays(1), "undone");
        assertThat(reversal.idempotencyKey()).isEqualTo("workbench:42:apply:reversed");
        assertThat(reversal.lines()).extracting(WorkbenchPostingsTest::line).containsExactly(
                "CREDIT CUSTOMER_CREDIT 2203 30.00", "DEBIT ACCOUNTS_RECEIVABLE 1122 30.00");
        assertThat(reversal.entryDate()).isEqualTo(day.plusDays(1));
    }
}
