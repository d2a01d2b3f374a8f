package com.ledgerbridge.domain.ledger;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A balanced journal entry. The only way to make one is through its constructor (or the builder),
 * which refuses any entry whose debits and credits differ in any currency: an unbalanced entry cannot
 * exist in this program.
 *
 * @param idempotencyKey deterministic from the business event (e.g. {@code invoice:INV-2026-000001}),
 *                       so a retry or replay produces the same key and the ledger can refuse a second copy
 */
public record JournalEntry(
        String idempotencyKey,
        LocalDate entryDate,
        String description,
        SourceType sourceType,
        String sourceReference,
        List<JournalLine> lines) {

    /**
     * The business event an entry records (SETTLEMENT: a gateway's settlement bill: its fees, its payouts).
     */
    public enum SourceType { INVOICE, PAYMENT, REFUND, DISPUTE, SETTLEMENT }

    public JournalEntry {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(entryDate, "entryDate");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(sourceReference, "sourceReference");
        lines = List.copyOf(lines);
        if (lines.size() < 2) {
            throw new UnbalancedEntryException("entry " + idempotencyKey + " needs at least one debit and one credit");
        }
        for (Map.Entry<Currency, Money[]> total : totalsByCurrency(lines).entrySet()) {
            Money debits = total.getValue()[0];
            Money credits = total.getValue()[1];
            if (!debits.equals(credits)) {
                throw new UnbalancedEntryException("entry " + idempotencyKey + " does not balance in "
                        + total.getKey() + ": debits " + debits + ", credits " + credits);
            }
        }
    }

    private static Map<Currency, Money[]> totalsByCurrency(List<JournalLine> lines) {
        Map<Currency, Money[]> totals = new LinkedHashMap<>();
        for (JournalLine line : lines) {
            Currency currency = line.amount().currency();
            Money[] sums = totals.computeIfAbsent(currency, c -> new Money[] {Money.zero(c), Money.zero(c)});
            sums[0] = sums[0].plus(line.debit());
            sums[1] = sums[1].plus(line.credit());
        }
        return totals;
    }

    /** Sum of the debits in one currency (equal, by construction, to the credits). */
    public Money total(Currency currency) {
        Money[] sums = totalsByCurrency(lines).get(currency);
        return sums == null ? Money.zero(currency) : sums[0];
    }

    public static Builder builder(String idempotencyKey, LocalDate entryDate, SourceType sourceType,
            String sourceReference, String description) {
        return new Builder(idempotencyKey, entryDate, sourceType, sourceReference, description);
    }

    /** Collects lines by account role; {@link #build()} resolves codes and checks the balance. */
    public static final class Builder {
        private final String idempotencyKey;
        private final LocalDate entryDate;
        private final SourceType sourceType;
        private final String sourceReference;
        private final String description;
        private final List<PendingLine> pending = new ArrayList<>();
        private String gateway;

        private record PendingLine(AccountRole role, JournalLine.Side side, Money amount, String memo) {
        }

        private Builder(String idempotencyKey, LocalDate entryDate, SourceType sourceType, String sourceReference,
                String description) {
            this.idempotencyKey = idempotencyKey;
            this.entryDate = entryDate;
            this.sourceType = sourceType;
            this.sourceReference = sourceReference;
            this.description = description;
        }

        /** The entry is about this gateway's money: roles it has its own accounts for use them. */
        public Builder forGateway(String gateway) {
            this.gateway = gateway;
            return this;
        }

        public Builder debit(AccountRole role, Money amount, String memo) {
            return add(role, JournalLine.Side.DEBIT, amount, memo);
        }

        public Builder credit(AccountRole role, Money amount, String memo) {
            return add(role, JournalLine.Side.CREDIT, amount, memo);
        }

        /** Zero amounts (an invoice without tax, say) are left out rather than posted as empty lines. */
        private Builder add(AccountRole role, JournalLine.Side side, Money amount, String memo) {
            if (!amount.isZero()) {
                pending.add(new PendingLine(role, side, amount, memo));
            }
            return this;
        }

        public JournalEntry build(ChartOfAccounts chart) {
            List<JournalLine> lines = new ArrayList<>();
            for (PendingLine p : pending) {
                lines.add(new JournalLine(p.role(), chart.codeFor(p.role(), gateway), p.side(), p.amount(), p.memo()));
            }
            return new JournalEntry(idempotencyKey, entryDate, description, sourceType, sourceReference, lines);
        }
    }
}
