package com.ledgerbridge.domain.ledger;

import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.reconciliation.Allocation;
import java.time.LocalDate;
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
                .debit(AccountRole.GATEWAY_CLEARING, allocation.amount(), "clearing " + allocation.paymentKey())
                .credit(AccountRole.ACCOUNTS_RECEIVABLE, allocation.amount(), "settles " + allocation.invoiceNumber())
                .build(chart);
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
                "Gateway fees " + gateway + " " + billDate + what);
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
                .debit(AccountRole.BANK, amount, "payout " + payoutId)
                .credit(AccountRole.GATEWAY_CLEARING, amount, "payout " + payoutId)
                .build(chart);
    }
}
