package com.ledgerbridge.domain.ledger;

import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.reconciliation.Allocation;
import com.ledgerbridge.domain.money.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

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

    /**
     * Dr write-offs / Cr accounts receivable: the few cents a payment left open on an invoice, within the configured
     * tolerance, so the invoice is settled rather than open for a rounding difference. Keyed by the payment and invoice.
     */
    public JournalEntry forToleranceWriteOff(String paymentKey, String invoiceNumber, Money amount, LocalDate date) {
        String ref = paymentKey + "->" + invoiceNumber;
        return JournalEntry.builder("write-off:" + ref, date, JournalEntry.SourceType.PAYMENT, ref,
                        "Short-fall of " + amount + " on invoice " + invoiceNumber + " after payment " + paymentKey
                                + " written off (within tolerance)")
                .forGateway(gatewayOf(paymentKey))
                .debit(AccountRole.WRITE_OFFS, amount, "written off " + invoiceNumber)
                .credit(AccountRole.ACCOUNTS_RECEIVABLE, amount, "written off " + invoiceNumber)
                .build(chart);
    }

    /**
     * Dr customer credit / Cr accounts receivable: credit a payment held (an over-payment's rest, a prepayment)
     * applied by itself to one of the customer's open invoices. Keyed by what the payment has applied to the invoice
     * after this step ({@code appliedAfter}, which only grows), so each step is booked once.
     */
    public JournalEntry forAutomaticCreditApplication(String paymentKey, String invoiceNumber, Money amount,
            Money appliedAfter, LocalDate date) {
        String ref = paymentKey + "->" + invoiceNumber;
        return JournalEntry.builder("credit:" + ref + ":to:" + appliedAfter.minorUnits(), date,
                        JournalEntry.SourceType.PAYMENT, ref, "Credit of payment " + paymentKey + " applied to invoice "
                                + invoiceNumber)
                .forGateway(gatewayOf(paymentKey))
                .debit(AccountRole.CUSTOMER_CREDIT, amount, "credit applied " + paymentKey)
                .credit(AccountRole.ACCOUNTS_RECEIVABLE, amount, "settles " + invoiceNumber)
                .build(chart);
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

    /**
     * The gateway's fees of one bill day in one currency: Dr gateway fees / Cr gateway clearing for what is charged
     * (fees given back reverse it). {@code bookedSoFar} is what earlier entries of that day booked: only the
     * difference to {@code dayTotal} is booked, so a later import that changes the day's total never books the
     * fees twice and never rewrites an entry that may be posted already. The first entry of a day has key
     * {@code fees:<gateway>:<date>:<ccy>}; each later one names its sequence number and the new total,
     * {@code fees:<gateway>:<date>:<ccy>:adjust-<n>:to-<total>}. Empty when there is nothing to book.
     *
     * @param entriesSoFar how many fee entries the day and currency have already (0: none yet)
     */
    public Optional<JournalEntry> forSettlementFees(String gateway, LocalDate billDate, Money bookedSoFar,
            Money dayTotal, int entriesSoFar) {
        Money difference = dayTotal.minus(bookedSoFar);
        if (difference.isZero()) {
            return Optional.empty();
        }
        String ccy = dayTotal.currency().getCurrencyCode();
        String ref = "fees:" + gateway + ":" + billDate + ":" + ccy;
        String key = entriesSoFar == 0 ? ref : ref + ":adjust-" + entriesSoFar + ":to-" + dayTotal.amount().toPlainString();
        String what = entriesSoFar == 0 ? "" : " (total now " + dayTotal + ", booked before " + bookedSoFar + ")";
        JournalEntry.Builder entry = JournalEntry.builder(key, billDate, JournalEntry.SourceType.SETTLEMENT, ref,
                "Gateway fees " + gateway + " " + billDate + what).forGateway(gateway);
        if (difference.isPositive()) {
            entry.debit(AccountRole.GATEWAY_FEES, difference, "fees " + gateway + " " + billDate)
                    .credit(AccountRole.GATEWAY_CLEARING, difference, "fees " + gateway + " " + billDate);
        } else {
            Money back = difference.negate();
            entry.debit(AccountRole.GATEWAY_CLEARING, back, "fees returned " + gateway + " " + billDate)
                    .credit(AccountRole.GATEWAY_FEES, back, "fees returned " + gateway + " " + billDate);
        }
        return Optional.of(entry.build(chart));
    }

    /** Dr bank / Cr gateway clearing: the gateway paid {@code amount} out to our bank account; key {@code payout:<gateway>:<id>}. */
    public JournalEntry forPayout(String gateway, String payoutId, LocalDate billDate, Money amount) {
        String ref = "payout:" + gateway + ":" + payoutId;
        return JournalEntry.builder(ref, billDate, JournalEntry.SourceType.SETTLEMENT, ref,
                        "Payout " + payoutId + " from " + gateway)
                .forGateway(gateway)
                .debit(AccountRole.BANK, amount, "payout " + payoutId)
                .credit(AccountRole.GATEWAY_CLEARING, amount, "payout " + payoutId)
                .build(chart);
    }

    /** One invoice's share of credit applied by a person (exception workbench). */
    public record CreditApplication(String invoiceNumber, Money amount) {
    }

    /**
     * Dr customer credit / Cr accounts receivable per invoice: a person applied (part of) a payment's held credit to
     * open invoices (one: a match, several: a split). Keyed by the workbench action, so it is booked once.
     */
    public JournalEntry forCreditApplication(long actionId, String paymentKey, List<CreditApplication> applications,
            LocalDate date) {
        Money total = null;
        for (CreditApplication a : applications) {
            total = total == null ? a.amount() : total.plus(a.amount());
        }
        if (total == null) {
            throw new IllegalArgumentException("a credit application names at least one invoice");
        }
        JournalEntry.Builder entry = JournalEntry.builder(workbenchKey(actionId, "apply"), date,
                        JournalEntry.SourceType.PAYMENT, paymentKey,
                        "Credit of payment " + paymentKey + " applied by workbench action " + actionId)
                .forGateway(gatewayOf(paymentKey))
                .debit(AccountRole.CUSTOMER_CREDIT, total, "credit applied " + paymentKey);
        for (CreditApplication a : applications) {
            entry.credit(AccountRole.ACCOUNTS_RECEIVABLE, a.amount(), "settles " + a.invoiceNumber());
        }
        return entry.build(chart);
    }

    /** Dr write-offs / Cr accounts receivable: the remaining balance of an invoice a person decided not to collect. */
    public JournalEntry forWriteOff(long actionId, String invoiceNumber, Money amount, LocalDate date) {
        return JournalEntry.builder(workbenchKey(actionId, "write-off"), date, JournalEntry.SourceType.PAYMENT,
                        invoiceNumber, "Write-off of " + amount + " on invoice " + invoiceNumber + " (workbench action "
                                + actionId + ")")
                .debit(AccountRole.WRITE_OFFS, amount, "written off " + invoiceNumber)
                .credit(AccountRole.ACCOUNTS_RECEIVABLE, amount, "written off " + invoiceNumber)
                .build(chart);
    }

    /**
     * The exact opposite of {@code original} (every line on the other side, same account and amount), keyed
     * {@code <original key>:reversed}: undoing never deletes or edits an entry that may be posted already.
     */
    public JournalEntry reversal(JournalEntry original, LocalDate date, String why) {
        JournalEntry.Builder entry = JournalEntry.builder(original.idempotencyKey() + ":reversed", date,
                original.sourceType(), original.sourceReference(), "Reverses " + original.idempotencyKey() + ": " + why);
        String gateway = gatewayOf(original.sourceReference());
        if (gateway != null) {
            entry.forGateway(gateway);
        }
        for (JournalLine line : original.lines()) {
            if (line.side() == JournalLine.Side.DEBIT) {
                entry.credit(line.role(), line.amount(), "reversal: " + line.memo());
            } else {
                entry.debit(line.role(), line.amount(), "reversal: " + line.memo());
            }
        }
        return entry.build(chart);
    }

    /** The key of a workbench action's entry: {@code workbench:<action id>:<what>}. */
    public static String workbenchKey(long actionId, String what) {
        return "workbench:" + actionId + ":" + what;
    }

    /** The gateway a payment key ({@code <gateway>:<trade id>}) belongs to. */
    public static String gatewayOf(String paymentKey) {
        int colon = paymentKey.indexOf(':');
        return colon < 0 ? null : paymentKey.substring(0, colon);
    }
}
