package com.ledgerbridge.domain.ledger;

import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.reconciliation.Allocation;
import java.time.LocalDate;

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
}
