package com.ledgerbridge.domain.payment;

import com.ledgerbridge.domain.money.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * What we know of one payment (one gateway trade) and what of it we have booked.
 *
 * <p>The observed half only ever grows: the paid amount once known, the largest cumulative refund total any
 * notification or bill reported, the sum of individual refunds, the furthest dispute stage, closed or not. Every
 * observation is a lower bound of the truth, so merging them in any order, any number of times, gives the same
 * facts — which is why a payment's status never regresses whatever order its notifications arrive in.
 *
 * <p>The booked half says which of those facts already have their journal entries; {@link PaymentLifecycle#settle}
 * books the difference.
 *
 * @param unapplied the part of the booked payment held as customer credit because it could not be applied to an
 *                  invoice (and not yet refunded); refunds give this back first
 */
public record PaymentFacts(
        String gateway,
        String gatewayTradeId,
        String merchantReference,
        Currency currency,
        Money paid,
        Instant paidAt,
        Money refundTotalSeen,
        Money refundIncrements,
        String disputeId,
        Money disputeAmount,
        DisputeStage disputeStage,
        boolean closed,
        Money bookedPaid,
        Money bookedRefunded,
        DisputeStage bookedDisputeStage,
        Money unapplied) {

    public PaymentFacts {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(gatewayTradeId, "gatewayTradeId");
        Objects.requireNonNull(currency, "currency");
        for (Money m : new Money[] {paid, refundTotalSeen, refundIncrements, disputeAmount, bookedPaid, bookedRefunded,
                unapplied}) {
            Objects.requireNonNull(m, "amounts");
            if (!m.currency().equals(currency)) {
                throw new IllegalArgumentException("payment " + gatewayTradeId + " is in " + currency + ", not " + m);
            }
        }
        Objects.requireNonNull(disputeStage, "disputeStage");
        Objects.requireNonNull(bookedDisputeStage, "bookedDisputeStage");
    }

    /** A payment nothing is known of yet. */
    public static PaymentFacts unknown(String gateway, String gatewayTradeId, Currency currency) {
        Money zero = Money.zero(currency);
        return new PaymentFacts(gateway, gatewayTradeId, null, currency, zero, null, zero, zero, null, zero,
                DisputeStage.NONE, false, zero, zero, DisputeStage.NONE, zero);
    }

    /** The key allocations and journal entries name this payment by, as {@link PaymentEvent#paymentKey()}. */
    public String paymentKey() {
        return gateway + ":" + gatewayTradeId;
    }

    /** The refunded amount as best known: the larger of the cumulative totals seen and the individual refunds. */
    public Money refunded() {
        return refundTotalSeen.isGreaterThan(refundIncrements) ? refundTotalSeen : refundIncrements;
    }

    public boolean isPaid() {
        return paid.isPositive();
    }

    /** The status these facts amount to: a function of the observed facts only. */
    public PaymentStatus status() {
        switch (disputeStage) {
            case LOST:
                return PaymentStatus.DISPUTE_LOST;
            case WON:
                return PaymentStatus.DISPUTE_WON;
            case OPEN:
                return PaymentStatus.DISPUTED;
            default:
                break;
        }
        if (!isPaid()) {
            return closed ? PaymentStatus.CLOSED : PaymentStatus.PENDING;
        }
        Money refunded = refunded();
        if (!refunded.isZero()) {
            return paid.isGreaterThan(refunded) ? PaymentStatus.PARTIALLY_REFUNDED : PaymentStatus.REFUNDED;
        }
        return closed ? PaymentStatus.CLOSED : PaymentStatus.PAID;
    }

    PaymentFacts withObserved(String merchantReference, Money paid, Instant paidAt, Money refundTotalSeen,
            Money refundIncrements, String disputeId, Money disputeAmount, DisputeStage disputeStage, boolean closed) {
        return new PaymentFacts(gateway, gatewayTradeId, merchantReference, currency, paid, paidAt, refundTotalSeen,
                refundIncrements, disputeId, disputeAmount, disputeStage, closed, bookedPaid, bookedRefunded,
                bookedDisputeStage, unapplied);
    }

    /** These facts with a new booked half. */
    public PaymentFacts withBooked(Money bookedPaid, Money bookedRefunded, DisputeStage bookedDisputeStage,
            Money unapplied) {
        return new PaymentFacts(gateway, gatewayTradeId, merchantReference, currency, paid, paidAt, refundTotalSeen,
                refundIncrements, disputeId, disputeAmount, disputeStage, closed, bookedPaid, bookedRefunded,
                bookedDisputeStage, unapplied);
    }
}
