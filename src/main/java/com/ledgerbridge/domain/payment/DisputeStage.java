package com.ledgerbridge.domain.payment;

/** How far a dispute (chargeback) has gone; it only moves forward, and WON and LOST are final. */
public enum DisputeStage {
    NONE, OPEN, WON, LOST;

    public boolean isDecided() {
        return this == WON || this == LOST;
    }
}
