package com.ledgerbridge.domain.receivables;

import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One movement on a customer's account: an invoice issued (they owe more), a payment applied to an invoice (they
 * owe less), or a refund that took a payment back from an invoice (the invoice is open again, they owe more).
 *
 * @param kind      what happened
 * @param date      the company's business day it happened on
 * @param invoiceId the invoice it concerns (disputes name this)
 * @param reference the invoice number, and for payments/refunds the payment, as the customer can recognise it
 * @param amount    always positive; {@link Kind#sign()} gives the direction
 */
public record StatementMovement(Kind kind, LocalDate date, long invoiceId, String reference, Money amount) {

    public enum Kind {
        INVOICE(1), PAYMENT(-1), REFUND(1);

        private final int sign;

        Kind(int sign) {
            this.sign = sign;
        }

        /** +1 when the customer owes more, -1 when less. */
        public int sign() {
            return sign;
        }
    }

    public StatementMovement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(amount, "amount");
        if (amount.amount().signum() < 0) {
            throw new IllegalArgumentException("a movement amount is never negative, kind gives the direction");
        }
    }

    /** The movement's effect on what the customer owes. */
    public Money effect() {
        return kind.sign() > 0 ? amount : amount.negate();
    }
}
