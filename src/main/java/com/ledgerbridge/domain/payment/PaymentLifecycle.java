package com.ledgerbridge.domain.payment;

import com.ledgerbridge.domain.money.Money;
import java.util.ArrayList;
import java.util.List;

/**
 * The state machine every gateway's payments share: {@link #observe} merges one event into what is known of its
 * payment (order-free and idempotent: see {@link PaymentFacts}), and {@link #settle} says which money movements are
 * due for booking. Money moves in the ledger only for a payment that is known to be paid: a refund or dispute that
 * arrives before its payment waits in the facts and is booked when the payment is.
 */
public class PaymentLifecycle {

    /** What observing one event did. */
    public sealed interface Observation {
    }

    /** The event was merged; {@code facts} is the new knowledge (equal to the old for a repeated fact). */
    public record Observed(PaymentFacts facts) implements Observation {
    }

    /** The event contradicts the payment (another currency, another dispute); it changes nothing. */
    public record Contradiction(String reason, String detail) implements Observation {
    }

    /** Merges {@code event} into {@code facts}. */
    public Observation observe(PaymentFacts facts, PaymentEvent event) {
        if (!facts.gateway().equals(event.gateway()) || !facts.gatewayTradeId().equals(event.gatewayTradeId())) {
            throw new IllegalArgumentException("event " + event.eventKey() + " is not about payment " + facts.paymentKey());
        }
        Money amount = event.amount();
        if (!amount.currency().equals(facts.currency())) {
            return new Contradiction("CURRENCY_MISMATCH", event.type() + " " + event.eventKey() + " in "
                    + amount.currency() + ", payment " + facts.paymentKey() + " in " + facts.currency());
        }
        String reference = facts.merchantReference() != null ? facts.merchantReference() : event.merchantReference();
        Money paid = facts.paid();
        java.time.Instant paidAt = facts.paidAt();
        Money refundTotal = facts.refundTotalSeen();
        Money refundIncrements = facts.refundIncrements();
        String disputeId = facts.disputeId();
        Money disputeAmount = facts.disputeAmount();
        DisputeStage stage = facts.disputeStage();
        boolean closed = facts.closed();
        switch (event.type()) {
            case PAYMENT -> {
                if (!facts.isPaid()) { // the first report of the payment wins; its key makes later ones duplicates
                    paid = amount;
                    paidAt = event.occurredAt();
                }
            }
            case REFUND -> refundIncrements = refundIncrements.plus(amount);
            case REFUND_TOTAL -> refundTotal = amount.isGreaterThan(refundTotal) ? amount : refundTotal;
            case DISPUTE_OPENED, DISPUTE_WON, DISPUTE_LOST -> {
                if (disputeId != null && !disputeId.equals(event.movementId())) {
                    return new Contradiction("SECOND_DISPUTE", "payment " + facts.paymentKey() + " is already in dispute "
                            + disputeId + "; " + event.movementId() + " needs a person");
                }
                DisputeStage reported = switch (event.type()) {
                    case DISPUTE_WON -> DisputeStage.WON;
                    case DISPUTE_LOST -> DisputeStage.LOST;
                    default -> DisputeStage.OPEN;
                };
                if (stage.isDecided() && reported.isDecided() && stage != reported) {
                    return new Contradiction("DISPUTE_DECIDED_TWICE", "dispute " + disputeId + " was " + stage
                            + ", now reported " + reported);
                }
                disputeId = event.movementId();
                disputeAmount = amount.isGreaterThan(disputeAmount) ? amount : disputeAmount;
                stage = reported.compareTo(stage) > 0 ? reported : stage;
            }
            case CLOSED -> closed = true;
        }
        return new Observed(facts.withObserved(reference, paid, paidAt, refundTotal, refundIncrements, disputeId,
                disputeAmount, stage, closed));
    }

    /**
     * The money movements due for {@code facts}, in booking order, and the facts with them booked. Pure: the caller
     * books each movement (and may adjust {@link PaymentFacts#unapplied()} as it applies the payment).
     */
    public Settlement settle(PaymentFacts facts) {
        List<MoneyMovement> due = new ArrayList<>();
        Money bookedPaid = facts.bookedPaid();
        Money bookedRefunded = facts.bookedRefunded();
        DisputeStage bookedStage = facts.bookedDisputeStage();
        if (facts.isPaid() && bookedPaid.isZero()) {
            bookedPaid = facts.paid();
            due.add(new MoneyMovement.Received(facts.paymentKey(), bookedPaid));
        }
        Money refundExcess = Money.zero(facts.currency());
        if (bookedPaid.isPositive()) {
            Money refunded = facts.refunded();
            Money refundable = refunded.isGreaterThan(bookedPaid) ? bookedPaid : refunded;
            if (refunded.isGreaterThan(bookedPaid)) {
                refundExcess = refunded.minus(bookedPaid);
            }
            if (refundable.isGreaterThan(bookedRefunded)) {
                due.add(new MoneyMovement.Refunded(facts.paymentKey(), refundable.minus(bookedRefunded), refundable));
                bookedRefunded = refundable;
            }
            if (facts.disputeStage() != DisputeStage.NONE && bookedStage == DisputeStage.NONE) {
                due.add(new MoneyMovement.DisputeOpened(facts.paymentKey(), facts.disputeId(), facts.disputeAmount()));
                bookedStage = DisputeStage.OPEN;
            }
            if (facts.disputeStage().isDecided() && bookedStage == DisputeStage.OPEN) {
                due.add(new MoneyMovement.DisputeDecided(facts.paymentKey(), facts.disputeId(), facts.disputeAmount(),
                        facts.disputeStage() == DisputeStage.WON));
                bookedStage = facts.disputeStage();
            }
        }
        return new Settlement(facts.withBooked(bookedPaid, bookedRefunded, bookedStage, facts.unapplied()), due,
                refundExcess);
    }

    /**
     * @param facts        the facts with every movement in {@code due} booked
     * @param due          what to book, in order
     * @param refundExcess how much more was reported refunded than was paid (never booked; a person looks)
     */
    public record Settlement(PaymentFacts facts, List<MoneyMovement> due, Money refundExcess) {
        public Settlement {
            due = List.copyOf(due);
        }
    }
}
