package com.ledgerbridge.domain.settlement;

import com.ledgerbridge.domain.money.Money;
import java.util.Objects;

/**
 * The books' view of one payment (the BOOKS leg): what the payment row says has journal entries already.
 *
 * @param bookedDisputeStage the furthest dispute stage booked ({@code NONE} when none)
 */
public record BookedPayment(String gatewayTradeId, Money bookedPaid, Money bookedRefunded, String bookedDisputeStage) {

    /** The dispute stage of a payment with no dispute booked. */
    public static final String NO_DISPUTE = "NONE";

    public BookedPayment {
        Objects.requireNonNull(gatewayTradeId, "gatewayTradeId");
        Objects.requireNonNull(bookedPaid, "bookedPaid");
        Objects.requireNonNull(bookedRefunded, "bookedRefunded");
        bookedDisputeStage = bookedDisputeStage == null || bookedDisputeStage.isBlank() ? NO_DISPUTE
                : bookedDisputeStage.trim();
    }

    /** Whether some dispute stage (opened, won or lost) has been booked. */
    public boolean disputeBooked() {
        return !NO_DISPUTE.equals(bookedDisputeStage);
    }
}
