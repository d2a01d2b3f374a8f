package com.ledgerbridge.domain.ledger;

import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.reconciliation.Allocation;
import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.List;

/**
 * The double-entry rules: which accounts each business event debits and credits. Idempotency keys are
 * derived from the event's natural key, so the same event always yields the same key.
 */
public class LedgerPostings {

    private final ChartOfAccounts chart;

    public LedgerPostings(ChartOfAccounts chart) {
        this.chart = chart;
    }

    /** Dr accounts receivable (gross) / Cr revenue (net) / Cr output VAT (tax). */
    public JournalEntry forInvoice(Invoice invoice) {
        String ref = invoice.invoiceNumber();
        return JournalEntry.builder("invoice:" + ref, invoice.issueDate(), JournalEntry.SourceType.INVOICE, ref,
                        "Invoice " + ref + " to " + invoice.customerId())
                .debit(AccountRole.ACCOUNTS_RECEIVABLE, invoice.grossTotal(), "receivable " + ref)
                .credit(AccountRole.REVENUE, invoice.netTotal(), "revenue " + ref)
                .credit(AccountRole.OUTPUT_VAT, invoice.taxTotal(), "output VAT " + ref)
                .build(chart);
    }

    /** Dr gateway clearing / Cr accounts receivable, for the part of a payment applied to one invoice. */
    public JournalEntry forPaymentAllocation(Allocation allocation, LocalDate paymentDate) {
        String ref = allocation.paymentKey() + "->" + allocation.invoiceNumber();
        return JournalEntry.builder("payment:" + ref, paymentDate, JournalEntry.SourceType.PAYMENT, ref,
                        "Payment " + allocation.paymentKey() + " for invoice " + allocation.invoiceNumber())
                .forGateway(gatewayOf(allocation.paymentKey()))
                .debit(AccountRole.GATEWAY_CLEARING, allocation.amount(), "clearing " + allocation.paymentKey())
                .credit(AccountRole.ACCOUNTS_RECEIVABLE, allocation.amount(), "settles " + allocation.invoiceNumber())
                .build(chart);
    }

    /**
     * Dr gateway clearing / Cr customer credit: a payment (or the part of one) that could not be applied to an
     * invoice is still money the gateway holds for us; it waits as the customer's credit until a person (or a later
     * rule) applies or refunds it.
     */
    public JournalEntry forUnappliedPayment(String paymentKey, Money amount, LocalDate paymentDate) {
        return JournalEntry.builder("payment:" + paymentKey + ":unapplied", paymentDate, JournalEntry.SourceType.PAYMENT,
                        paymentKey, "Payment " + paymentKey + " held as customer credit")
                .forGateway(gatewayOf(paymentKey))
                .debit(AccountRole.GATEWAY_CLEARING, amount, "clearing " + paymentKey)
                .credit(AccountRole.CUSTOMER_CREDIT, amount, "unapplied " + paymentKey)
                .build(chart);
    }

    /** One invoice's share of a refund: that much of it is open again. */
    public record ReopenedInvoice(String invoiceNumber, Money amount) {
    }

    /**
     * Cr gateway clearing for the money that went back to the buyer, Dr the customer's credit for the part that was
     * unapplied and Dr accounts receivable for each invoice the refund reopens. Keyed by the refunded total it
     * reaches, so however the refund became known, the step to the same total is one entry.
     */
    public JournalEntry forRefund(String paymentKey, Money fromCredit, List<ReopenedInvoice> reopened,
            Money refundedAfter, LocalDate refundDate) {
        Money total = fromCredit;
        for (ReopenedInvoice r : reopened) {
            total = total.plus(r.amount());
        }
        JournalEntry.Builder entry = JournalEntry.builder(refundKey(paymentKey, refundedAfter), refundDate,
                JournalEntry.SourceType.REFUND, paymentKey, "Refund of " + total + " on payment " + paymentKey
                        + " (refunded " + refundedAfter + " in all)")
                .forGateway(gatewayOf(paymentKey));
        entry.debit(AccountRole.CUSTOMER_CREDIT, fromCredit, "credit refunded " + paymentKey);
        for (ReopenedInvoice r : reopened) {
            entry.debit(AccountRole.ACCOUNTS_RECEIVABLE, r.amount(), "reopens " + r.invoiceNumber());
        }
        return entry.credit(AccountRole.GATEWAY_CLEARING, total, "refunded " + paymentKey).build(chart);
    }

    /** The idempotency key of the refund step that brings {@code paymentKey}'s refunded total to {@code total}. */
    public static String refundKey(String paymentKey, Money total) {
        return "refund:" + paymentKey + ":to:" + total.minorUnits();
    }

    /** Dr disputed funds / Cr gateway clearing: a chargeback holds the money back until it is decided. */
    public JournalEntry forDisputeOpened(String paymentKey, String disputeId, Money amount, LocalDate date) {
        return JournalEntry.builder("dispute:" + paymentKey + ":" + disputeId + ":opened", date,
                        JournalEntry.SourceType.DISPUTE, paymentKey, "Dispute " + disputeId + " on payment " + paymentKey)
                .forGateway(gatewayOf(paymentKey))
                .debit(AccountRole.DISPUTED_FUNDS, amount, "held by dispute " + disputeId)
                .credit(AccountRole.GATEWAY_CLEARING, amount, "withdrawn " + paymentKey)
                .build(chart);
    }

    /**
     * A decided dispute: won, Dr gateway clearing / Cr disputed funds (the money comes back); lost, Dr chargeback
     * losses / Cr disputed funds.
     */
    public JournalEntry forDisputeDecided(String paymentKey, String disputeId, Money amount, boolean won,
            LocalDate date) {
        JournalEntry.Builder entry = JournalEntry.builder("dispute:" + paymentKey + ":" + disputeId
                        + (won ? ":won" : ":lost"), date, JournalEntry.SourceType.DISPUTE, paymentKey,
                "Dispute " + disputeId + " on payment " + paymentKey + (won ? " won" : " lost"))
                .forGateway(gatewayOf(paymentKey));
        if (won) {
            entry.debit(AccountRole.GATEWAY_CLEARING, amount, "reinstated " + paymentKey);
        } else {
            entry.debit(AccountRole.CHARGEBACK_LOSSES, amount, "lost dispute " + disputeId);
        }
        return entry.credit(AccountRole.DISPUTED_FUNDS, amount, "dispute " + disputeId + " decided").build(chart);
    }

    /** The gateway a payment key ({@code <gateway>:<trade id>}) belongs to. */
    public static String gatewayOf(String paymentKey) {
        int colon = paymentKey.indexOf(':');
        return colon < 0 ? null : paymentKey.substring(0, colon);
    }
}
