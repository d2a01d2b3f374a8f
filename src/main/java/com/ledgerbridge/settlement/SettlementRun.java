package com.ledgerbridge.settlement;

import java.util.List;

/**
 * What reconciling one or more bill days did; the route wakes reconciliation when events were healed and ledger
 * posting when journal entries were stored.
 *
 * @param healedEvents      inbox events stored from the bills now (origin BILL, status RECEIVED)
 * @param newJournalEntries fee and payout entries stored now (PENDING in the outbox)
 */
public record SettlementRun(List<DayResult> days, int healedEvents, int newJournalEntries) {

    public SettlementRun {
        days = List.copyOf(days);
    }

    /** One day's figures as the run left them. */
    public record DayResult(String gateway, String billDate, long trades, long matched, long missingNotification,
            long notInBill, long amountMismatch, long statusMismatch, long notBooked, int healedEvents,
            int newJournalEntries, long durationMs) {
    }
}
