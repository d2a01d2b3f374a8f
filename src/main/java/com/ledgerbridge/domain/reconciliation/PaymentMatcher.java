package com.ledgerbridge.domain.reconciliation;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.util.Optional;

/**
 * Matches a payment to the invoice named by its merchant reference. Full and partial payments are
 * applied; anything else (unknown invoice, other currency, more than is owed, a refund) becomes an
 * exception with a reason, because applying it would be a guess.
 */
public class PaymentMatcher {

    public MatchDecision match(PaymentEvent payment, Optional<OpenInvoice> invoiceByReference) {
        if (payment.type() != PaymentEventType.PAYMENT) {
            return new MatchDecision.Unmatched(ExceptionReason.UNSUPPORTED_EVENT_TYPE,
                    payment.type() + " events are not reconciled automatically yet");
        }
        if (!payment.amount().isPositive()) {
            return new MatchDecision.Unmatched(ExceptionReason.NON_POSITIVE_AMOUNT,
                    "a payment of " + payment.amount() + " cannot settle anything");
        }
        if (invoiceByReference.isEmpty()) {
            return new MatchDecision.Unmatched(ExceptionReason.UNKNOWN_INVOICE,
                    "no invoice numbered '" + payment.merchantReference() + "'");
        }
        OpenInvoice invoice = invoiceByReference.get();
        Money paid = payment.amount();
        if (!paid.currency().equals(invoice.grossTotal().currency())) {
            return new MatchDecision.Unmatched(ExceptionReason.CURRENCY_MISMATCH, "payment in " + paid.currency()
                    + ", invoice " + invoice.invoiceNumber() + " in " + invoice.grossTotal().currency());
        }
        Money outstanding = invoice.outstanding();
        if (!outstanding.isPositive()) {
            return new MatchDecision.Unmatched(ExceptionReason.INVOICE_ALREADY_SETTLED,
                    "invoice " + invoice.invoiceNumber() + " has nothing outstanding; payment " + paid);
        }
        if (paid.isGreaterThan(outstanding)) {
            return new MatchDecision.Unmatched(ExceptionReason.AMOUNT_EXCEEDS_OUTSTANDING,
                    "payment " + paid + " exceeds outstanding " + outstanding + " on " + invoice.invoiceNumber());
        }
        String evidence = "merchant reference '" + payment.merchantReference() + "' equals invoice number; paid "
                + paid + " of outstanding " + outstanding + " (invoice total " + invoice.grossTotal() + ")";
        Allocation allocation = new Allocation(payment.paymentKey(), invoice.invoiceNumber(), paid,
                MatchRule.EXACT_REFERENCE, evidence);
        return new MatchDecision.Matched(allocation, paid.equals(outstanding));
    }
}
