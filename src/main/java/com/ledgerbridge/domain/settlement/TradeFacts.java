package com.ledgerbridge.domain.settlement;

import java.util.List;
import java.util.Objects;

/**
 * Everything the three legs know about one gateway trade on one bill day, gathered by the merge join.
 *
 * @param billLines        the trade's stored bill lines up to and including the bill day (empty: not in the bill)
 * @param inbox            the trade's stored payment events, whatever their time
 * @param books            the payment row, or null when the books have no payment for the trade
 * @param unpostedEntries  some journal entry of the payment is not yet POSTED to the ledger (PENDING or DEAD)
 */
public record TradeFacts(String gatewayTradeId, List<BillLine> billLines, List<InboxObservation> inbox,
        BookedPayment books, boolean unpostedEntries) {

    public TradeFacts {
        Objects.requireNonNull(gatewayTradeId, "gatewayTradeId");
        billLines = List.copyOf(billLines);
        inbox = List.copyOf(inbox);
    }
}
