package com.ledgerbridge.domain.settlement;

import static com.ledgerbridge.domain.DomainFixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.payment.PaymentEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeMergeTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final Instant NOON = Instant.parse("2026-11-20T04:00:00Z");

    static BillLine line(String trade) {
        return new BillLine("testpay", DAY, 2, "L-" + trade, BillLineKind.PAYMENT, trade, null, null, cny("1.00"),
                cny("0.00"), NOON);
    }

    static InboxObservation event(String trade) {
        return new InboxObservation(trade, trade + ":PAYMENT", PaymentEventType.PAYMENT, cny("1.00"), NOON, null, null,
                false);
    }

    static BookedPayment payment(String trade) {
        return new BookedPayment(trade, cny("1.00"), cny("0.00"), null);
    }

    static List<TradeFacts> merge(List<BillLine> bill, List<InboxObservation> inbox, List<BookedPayment> books,
            List<String> unposted) {
        List<TradeFacts> out = new ArrayList<>();
        Iterator<TradeFacts> merge = new TradeMerge("testpay", bill.iterator(), inbox.iterator(), books.iterator(),
                unposted.iterator());
        merge.forEachRemaining(out::add);
        return out;
    }

    @Test
    void everyTradeOfAnyLegComesOutOnceInTradeOrderWithWhatEachLegHas() {
        List<TradeFacts> trades = merge(
                List.of(line("A"), line("A"), line("C")),
                List.of(event("A"), event("B"), event("C")),
                List.of(payment("C"), payment("D")),
                List.of());
        assertThat(trades).extracting(TradeFacts::gatewayTradeId).containsExactly("A", "B", "C", "D");
        assertThat(trades.get(0).billLines()).hasSize(2);
        assertThat(trades.get(0).inbox()).hasSize(1);
        assertThat(trades.get(0).books()).isNull();
        assertThat(trades.get(1).billLines()).isEmpty();
        assertThat(trades.get(2).books()).isNotNull();
        assertThat(trades.get(3).inbox()).isEmpty();
    }

    @Test
    void unpostedEntriesBelongToTheirPaymentOnlyNotToATradeIdItPrefixes() {
        // T1's allocation entry is unposted; T10's and T2's entries are posted (not listed); "testpay:T3x" is another
        // trade's key that merely starts with T3
        List<TradeFacts> trades = merge(
                List.of(line("T1"), line("T10"), line("T2"), line("T3")),
                List.of(), List.of(),
                List.of("testpay:T1->INV-1", "testpay:T3x->INV-9", "testpay:T4"));
        assertThat(trades).extracting(TradeFacts::gatewayTradeId, TradeFacts::unpostedEntries)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("T1", true),
                        org.assertj.core.groups.Tuple.tuple("T10", false),
                        org.assertj.core.groups.Tuple.tuple("T2", false),
                        org.assertj.core.groups.Tuple.tuple("T3", false));
    }

    @Test
    void aLongerTradeIdSharingAPrefixStillFindsItsOwnUnpostedEntry() {
        List<TradeFacts> trades = merge(List.of(line("T1"), line("T10")), List.of(), List.of(),
                // code point order: '0' (0x30) sorts before ':' (0x3A)
                List.of("testpay:T10->INV-2", "testpay:T1:refund:R1"));
        assertThat(trades).extracting(TradeFacts::unpostedEntries).containsExactly(true, true);
    }

    @Test
    void aLegOutOfCodePointOrderStopsTheMerge() {
        // a database sorting case-insensitively would put "b" before "C"; code point order puts "C" first
        assertThatThrownBy(() -> merge(List.of(line("b"), line("C")), List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("collate");
    }
}
