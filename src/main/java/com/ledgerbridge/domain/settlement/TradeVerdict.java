package com.ledgerbridge.domain.settlement;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * The three-way reconciliation's word on one trade of a bill day.
 *
 * @param heals       events to store in the inbox (origin BILL) for facts of the bill no webhook delivered; each has
 *                    the key the webhook would have used, so storing it twice (or a late webhook) takes effect once
 * @param discrepancy for every outcome but MATCHED: what a person sees in the day's report
 */
public record TradeVerdict(String gatewayTradeId, SettlementOutcome outcome, List<Heal> heals, Discrepancy discrepancy) {

    public TradeVerdict {
        Objects.requireNonNull(gatewayTradeId, "gatewayTradeId");
        Objects.requireNonNull(outcome, "outcome");
        heals = List.copyOf(heals);
        if ((outcome == SettlementOutcome.MATCHED) != (discrepancy == null)) {
            throw new IllegalArgumentException("a discrepancy goes with every outcome but MATCHED, was " + outcome);
        }
    }

    /**
     * An inbox event made from the bill.
     *
     * @param evidence which bill lines prove it (stored as the event's raw payload)
     */
    public record Heal(PaymentEvent event, String evidence) {
    }

    /**
     * One line of the day's discrepancy report. Amounts are those of the first problem of the outcome's kind (paid,
     * refunded or disputed, as the detail says); null where that leg has none.
     */
    public record Discrepancy(SettlementOutcome kind, String merchantReference, Currency currency, Money billAmount,
            Money inboxAmount, Money bookedAmount, String detail) {
    }
}
