package com.ledgerbridge.domain.reconciliation.matching;

/** How the paying customer was identified. */
public enum CustomerSource {
    /** The payment carries a customer reference. */
    CUSTOMER_REFERENCE,
    /** The gateway's payer id is mapped to a customer ({@link PayerDirectory}). */
    PAYER,
    /** Neither, but every invoice the payment references belongs to this customer. */
    REFERENCED_INVOICE,
    /** Not identified. */
    NONE
}
