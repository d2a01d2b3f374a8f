package com.ledgerbridge.domain.ledger;

import com.ledgerbridge.domain.money.Money;
import java.util.Objects;

/** One side of a journal entry: a positive amount debited or credited to an account. */
public record JournalLine(AccountRole role, String accountCode, Side side, Money amount, String memo) {

    public enum Side { DEBIT, CREDIT }

    public JournalLine {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(accountCode, "accountCode");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a journal line amount must be positive, got " + amount);
        }
    }

    public Money debit() {
        return side == Side.DEBIT ? amount : Money.zero(amount.currency());
    }

    public Money credit() {
        return side == Side.CREDIT ? amount : Money.zero(amount.currency());
    }
}
