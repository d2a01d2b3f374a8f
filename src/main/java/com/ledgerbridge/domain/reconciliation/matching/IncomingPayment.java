package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One booked payment to match.
 *
 * @param paymentKey        the payment's key ({@link PaymentEvent#paymentKey()}), named by every decision
 * @param amount            what was paid (never negative)
 * @param paidOn            the company's business day of the payment (date windows count days from it)
 * @param payerId           the gateway's payer id, or null; mapped to a customer by {@link PayerDirectory}
 * @param customerReference a customer id the payment carries (e.g. from the CRM), or null
 * @param merchantReference our reference the payer paid against ({@code out_trade_no}), or null
 * @param memo              free text passed along with the payment (memo, passback, attach), or null
 */
public record IncomingPayment(String paymentKey, Money amount, LocalDate paidOn, String payerId,
        String customerReference, String merchantReference, String memo) {

    public IncomingPayment {
        Objects.requireNonNull(paymentKey, "paymentKey");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidOn, "paidOn");
        if (amount.amount().signum() < 0) {
            throw new IllegalArgumentException("payment " + paymentKey + ": amount " + amount + " is negative");
        }
    }

    /** A gateway payment as the engine sees it; the business day is taken in {@code zone} (the company's). */
    public static IncomingPayment of(PaymentEvent payment, ZoneId zone, String memo) {
        return new IncomingPayment(payment.paymentKey(), payment.amount(),
                LocalDate.ofInstant(payment.occurredAt(), zone), payment.payerId(), null, payment.merchantReference(), memo);
    }
}
