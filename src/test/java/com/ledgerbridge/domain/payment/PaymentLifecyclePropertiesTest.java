package com.ledgerbridge.domain.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The lifecycle over random histories of one payment: the distinct facts a gateway reports (a payment, refunds as
 * cumulative totals or as individual refunds, a dispute and its decision, a close), each delivered 1–9 times, in
 * any order. Whatever the order: the status never steps back, the final facts are the same, and the money booked
 * is exactly the paid amount, the refunded amount (capped at what was paid), and the dispute once.
 */
class PaymentLifecyclePropertiesTest {

    private static final Currency CNY = Currency.getInstance("CNY");
    private static final String TRADE = "T-1";

    private final PaymentLifecycle lifecycle = new PaymentLifecycle();

    /** One payment's distinct facts, as the gateway would report them. */
    record History(long paidCents, List<Long> cumulativeRefunds, List<Long> individualRefunds, boolean disputed,
            Boolean disputeWon, boolean closed, long shuffleSeed, List<Integer> copies) {

        List<PaymentEvent> distinctEvents() {
            List<PaymentEvent> events = new ArrayList<>();
            Instant at = Instant.parse("2026-11-20T08:00:00Z");
            events.add(event(PaymentEventType.PAYMENT, PaymentEventKeys.payment(TRADE), paidCents, null, at));
            for (long total : cumulativeRefunds) {
                events.add(event(PaymentEventType.REFUND_TOTAL,
                        PaymentEventKeys.refundTotal(TRADE, Money.ofMinor(total, CNY)), total, null, at));
            }
            for (int i = 0; i < individualRefunds.size(); i++) {
                events.add(event(PaymentEventType.REFUND, PaymentEventKeys.refund(TRADE, "R" + i),
                        individualRefunds.get(i), "R" + i, at));
            }
            if (disputed) {
                events.add(event(PaymentEventType.DISPUTE_OPENED,
                        PaymentEventKeys.dispute(TRADE, "dp_1", PaymentEventType.DISPUTE_OPENED), paidCents, "dp_1", at));
                if (disputeWon != null) {
                    PaymentEventType stage = disputeWon ? PaymentEventType.DISPUTE_WON : PaymentEventType.DISPUTE_LOST;
                    events.add(event(stage, PaymentEventKeys.dispute(TRADE, "dp_1", stage), paidCents, "dp_1", at));
                }
            }
            if (closed) {
                events.add(event(PaymentEventType.CLOSED, PaymentEventKeys.closed(TRADE), paidCents, null, at));
            }
            return events;
        }

        /** Every distinct event 1–9 times, shuffled; the inbox's unique key lets only the first copy through. */
        List<PaymentEvent> deliveries() {
            List<PaymentEvent> distinct = distinctEvents();
            List<PaymentEvent> deliveries = new ArrayList<>();
            for (int i = 0; i < distinct.size(); i++) {
                for (int c = 0; c < copies.get(i % copies.size()); c++) {
                    deliveries.add(distinct.get(i));
                }
            }
            Collections.shuffle(deliveries, new Random(shuffleSeed));
            return deliveries;
        }

        long expectedRefundedCents() {
            long cumulative = cumulativeRefunds.stream().mapToLong(Long::longValue).max().orElse(0);
            long individual = individualRefunds.stream().mapToLong(Long::longValue).sum();
            return Math.min(paidCents, Math.max(cumulative, individual));
        }
    }

    private static PaymentEvent event(PaymentEventType type, String key, long cents, String movementId, Instant at) {
        return new PaymentEvent("testpay", key, type, TRADE, "INV-1", Money.ofMinor(cents, CNY), at, null, movementId);
    }

    @Provide
    Arbitrary<History> histories() {
        Arbitrary<Long> paid = Arbitraries.longs().between(1, 1_000_000);
        Arbitrary<List<Long>> cumulative = Arbitraries.longs().between(1, 1_200_000).list().ofMaxSize(4)
                .map(list -> list.stream().sorted().distinct().toList());
        Arbitrary<List<Long>> individual = Arbitraries.longs().between(1, 300_000).list().ofMaxSize(3);
        Arbitrary<Boolean> disputed = Arbitraries.of(true, false);
        Arbitrary<Boolean> won = Arbitraries.of(Boolean.TRUE, Boolean.FALSE, null);
        Arbitrary<Boolean> closed = Arbitraries.of(true, false);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<List<Integer>> copies = Arbitraries.integers().between(1, 9).list().ofMinSize(1).ofMaxSize(10);
        return Combinators.combine(paid, cumulative, individual, disputed, won, closed, seed, copies)
                .as(History::new);
    }

    /** Replays deliveries the way reconciliation does: each event key takes effect once, then settle. */
    private record Replay(PaymentFacts facts, List<MoneyMovement> booked, List<PaymentStatus> statuses) {
    }

    private Replay replay(List<PaymentEvent> deliveries) {
        PaymentFacts facts = PaymentFacts.unknown("testpay", TRADE, CNY);
        List<MoneyMovement> booked = new ArrayList<>();
        List<PaymentStatus> statuses = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PaymentEvent delivery : deliveries) {
            if (!seen.add(delivery.eventKey())) {
                continue; // the inbox's unique constraint
            }
            PaymentLifecycle.Observation observation = lifecycle.observe(facts, delivery);
            assertThat(observation).isInstanceOf(PaymentLifecycle.Observed.class);
            PaymentLifecycle.Settlement settlement = lifecycle.settle(((PaymentLifecycle.Observed) observation).facts());
            booked.addAll(settlement.due());
            facts = settlement.facts();
            statuses.add(facts.status());
        }
        return new Replay(facts, booked, statuses);
    }

    private static long sum(List<MoneyMovement> movements, Class<? extends MoneyMovement> kind) {
        return movements.stream().filter(kind::isInstance).mapToLong(m -> m.amount().minorUnits()).sum();
    }

    @Property(tries = 400)
    void moneyIsBookedExactlyOnceWhateverTheOrder(@ForAll("histories") History history) {
        Replay replay = replay(history.deliveries());

        assertThat(sum(replay.booked(), MoneyMovement.Received.class)).isEqualTo(history.paidCents());
        assertThat(sum(replay.booked(), MoneyMovement.Refunded.class)).isEqualTo(history.expectedRefundedCents());
        long disputesOpened = replay.booked().stream().filter(MoneyMovement.DisputeOpened.class::isInstance).count();
        long disputesDecided = replay.booked().stream().filter(MoneyMovement.DisputeDecided.class::isInstance).count();
        assertThat(disputesOpened).isEqualTo(history.disputed() ? 1 : 0);
        assertThat(disputesDecided).isEqualTo(history.disputed() && history.disputeWon() != null ? 1 : 0);
        // refunds are keyed by the total they reach: no two refund steps share a key
        assertThat(replay.booked().stream().filter(MoneyMovement.Refunded.class::isInstance)
                .map(m -> ((MoneyMovement.Refunded) m).refundedAfter()).distinct().count())
                .isEqualTo(replay.booked().stream().filter(MoneyMovement.Refunded.class::isInstance).count());
    }

    @Property(tries = 400)
    void theEndIsTheSameForEveryOrder(@ForAll("histories") History history) {
        Replay shuffled = replay(history.deliveries());
        Replay inOrder = replay(history.distinctEvents());
        assertThat(shuffled.facts()).isEqualTo(inOrder.facts());
        assertThat(shuffled.facts().status()).isEqualTo(expectedStatus(history));
    }

    @Property(tries = 400)
    void theStatusNeverStepsBack(@ForAll("histories") History history) {
        List<PaymentStatus> statuses = replay(history.deliveries()).statuses();
        for (int i = 1; i < statuses.size(); i++) {
            assertThat(rank(statuses.get(i))).as("%s after %s", statuses.get(i), statuses.get(i - 1))
                    .isGreaterThanOrEqualTo(rank(statuses.get(i - 1)));
        }
    }

    /** The status a finance person would give the whole history, from its description alone. */
    private static PaymentStatus expectedStatus(History h) {
        if (h.disputed()) {
            return h.disputeWon() == null ? PaymentStatus.DISPUTED
                    : h.disputeWon() ? PaymentStatus.DISPUTE_WON : PaymentStatus.DISPUTE_LOST;
        }
        long cumulative = h.cumulativeRefunds().stream().mapToLong(Long::longValue).max().orElse(0);
        long refunded = Math.max(cumulative, h.individualRefunds().stream().mapToLong(Long::longValue).sum());
        if (refunded >= h.paidCents()) {
            return PaymentStatus.REFUNDED;
        }
        if (refunded > 0) {
            return PaymentStatus.PARTIALLY_REFUNDED;
        }
        return h.closed() ? PaymentStatus.CLOSED : PaymentStatus.PAID;
    }

    /** Forward order of statuses: later ones only ever follow earlier ones. */
    private static int rank(PaymentStatus status) {
        return switch (status) {
            case PENDING -> 0;
            case PAID -> 1;
            case CLOSED -> 2;
            case PARTIALLY_REFUNDED -> 3;
            case REFUNDED -> 4;
            case DISPUTED -> 5;
            case DISPUTE_WON, DISPUTE_LOST -> 6;
        };
    }
}
