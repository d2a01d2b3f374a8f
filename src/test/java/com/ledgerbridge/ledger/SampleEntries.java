package com.ledgerbridge.ledger;

import com.ledgerbridge.domain.ledger.AccountRole;
import com.ledgerbridge.domain.ledger.ChartOfAccounts;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.money.Money;
import java.nio.file.Path;
import java.time.LocalDate;

/** Balanced journal entries for ledger tests, built the way production builds them. */
public final class SampleEntries {

    public static final LocalDate DATE = LocalDate.of(2026, 3, 1);

    private SampleEntries() {
    }

    /** The shipped chart of accounts (mappings/accounts/chart-of-accounts.yml). */
    public static ChartOfAccounts chart() {
        return ChartOfAccountsFile.load(Path.of("mappings", "accounts", "chart-of-accounts.yml"));
    }

    /** Dr receivable 113.00 / Cr revenue 100.00 / Cr output VAT 13.00 (CNY). */
    public static JournalEntry invoice(String number) {
        return invoice(number, DATE, "Invoice " + number + " to C-1");
    }

    public static JournalEntry invoice(String number, LocalDate date, String description) {
        return JournalEntry.builder("invoice:" + number, date, JournalEntry.SourceType.INVOICE, number, description)
                .debit(AccountRole.ACCOUNTS_RECEIVABLE, Money.of("113.00", "CNY"), "receivable " + number)
                .credit(AccountRole.REVENUE, Money.of("100.00", "CNY"), "revenue " + number)
                .credit(AccountRole.OUTPUT_VAT, Money.of("13.00", "CNY"), "output VAT " + number)
                .build(chart());
    }

    /** Dr gateway clearing / Cr receivable, with free text in the memo. */
    public static JournalEntry payment(String key, String amount, String memo) {
        return JournalEntry.builder("payment:" + key, DATE, JournalEntry.SourceType.PAYMENT, key, "Payment " + key)
                .debit(AccountRole.GATEWAY_CLEARING, Money.of(amount, "CNY"), memo)
                .credit(AccountRole.ACCOUNTS_RECEIVABLE, Money.of(amount, "CNY"), "settles " + key)
                .build(chart());
    }
}
