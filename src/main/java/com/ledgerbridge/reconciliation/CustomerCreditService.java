package com.ledgerbridge.reconciliation;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.receivables.CreditApplicationPlan;
import com.ledgerbridge.domain.receivables.CreditApplicationPlan.Application;
import com.ledgerbridge.domain.receivables.CreditApplicationPlan.HeldCredit;
import com.ledgerbridge.domain.receivables.CreditApplicationPlan.OpenDebt;
import com.ledgerbridge.reconciliation.ReconciliationProperties.CreditApplicationMode;
import com.ledgerbridge.storage.CustomerCreditStore;
import com.ledgerbridge.storage.CustomerCreditStore.CustomerCurrency;
import com.ledgerbridge.storage.CustomerCreditStore.FreeCredit;
import com.ledgerbridge.storage.CustomerCreditStore.OpenInvoiceRow;
import com.ledgerbridge.storage.JournalStore;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies the credit customers hold (an over-payment's rest, a prepayment) to their open invoices, the one due
 * first first (ledgerbridge.reconciliation.credit-application: AUTO), or raises an exception naming those invoices
 * for a person (SUGGEST). Works from the {@code credit_review} list: customers asked about when a payment left them
 * credit and when an invoice was issued to a customer holding some. Credit an open exception waits on (a payment
 * nobody could place, a refund instruction) is a person's to decide and is left alone.
 */
@Service
public class CustomerCreditService {

    private static final Logger log = LoggerFactory.getLogger(CustomerCreditService.class);
    static final String RULE = "credit-application";
    static final String SUGGESTION_REASON = "CREDIT_AVAILABLE";

    private final CustomerCreditStore store;
    private final JournalStore journal;
    private final LedgerPostings postings;
    private final ReconciliationProperties settings;
    private final CompanyProperties company;
    private final Clock clock;

    public CustomerCreditService(CustomerCreditStore store, JournalStore journal, LedgerPostings postings,
            ReconciliationProperties settings, CompanyProperties company, Clock clock) {
        this.store = store;
        this.journal = journal;
        this.postings = postings;
        this.settings = settings;
        this.company = company;
        this.clock = clock;
    }

    /** What one batch did: customers looked at, credit applications made, suggestions raised. */
    public record CreditBatch(int reviewed, int applied, int suggested, List<Long> journalEntryIds) {
    }

    /** Takes up to {@code limit} customers off the work list and applies (or suggests) their credit, in one transaction. */
    @Transactional
    public CreditBatch applyBatch(int limit) {
        List<CustomerCurrency> accounts = store.claimReviews(limit);
        LocalDate today = LocalDate.now(clock.withZone(company.zone()));
        List<JournalEntry> entries = new ArrayList<>();
        int applied = 0;
        int suggested = 0;
        for (CustomerCurrency account : accounts.stream().sorted().toList()) {
            MDC.put("correlationId", "customer:" + account.customerId());
            try {
                List<FreeCredit> credits = store.lockFreeCredit(account);
                if (credits.isEmpty()) {
                    continue;
                }
                List<OpenInvoiceRow> invoices = store.lockOpenInvoices(account);
                List<Application> plan = CreditApplicationPlan.plan(
                        credits.stream().map(c -> new HeldCredit(c.paymentKey(), c.unapplied())).toList(),
                        invoices.stream().map(i -> new OpenDebt(i.invoiceNumber(), i.open())).toList());
                if (plan.isEmpty()) {
                    continue;
                }
                if (settings.creditApplication() == CreditApplicationMode.AUTO) {
                    applied += apply(plan, credits, invoices, today, entries);
                } else {
                    suggested += suggest(plan, credits);
                }
            } finally {
                MDC.remove("correlationId");
            }
        }
        List<Long> ids = journal.insertAll(entries);
        if (!accounts.isEmpty()) {
            log.info("Customer credit: {} customer account(s) reviewed, {} application(s), {} suggestion(s)",
                    accounts.size(), applied, suggested);
        }
        return new CreditBatch(accounts.size(), applied, suggested, ids);
    }

    private int apply(List<Application> plan, List<FreeCredit> credits, List<OpenInvoiceRow> invoices, LocalDate today,
            List<JournalEntry> entries) {
        Map<String, FreeCredit> creditByKey = credits.stream()
                .collect(Collectors.toMap(FreeCredit::paymentKey, Function.identity()));
        Map<String, OpenInvoiceRow> invoiceByNumber = invoices.stream()
                .collect(Collectors.toMap(OpenInvoiceRow::invoiceNumber, Function.identity()));
        for (Application a : plan) {
            FreeCredit credit = creditByKey.get(a.paymentKey());
            OpenInvoiceRow invoice = invoiceByNumber.get(a.invoiceNumber());
            Money appliedAfter = store.allocate(credit.paymentEventId(), invoice.id(), a.amount(), RULE,
                    "customer credit of " + a.paymentKey() + " applied to the customer's invoice due first ("
                            + invoice.dueDate() + ")");
            store.transfer(credit.paymentId(), invoice.id(), a.amount());
            entries.add(postings.forAutomaticCreditApplication(a.paymentKey(), a.invoiceNumber(), a.amount(),
                    appliedAfter, today));
            log.info("Credit of {} applied to invoice {}: {}", a.paymentKey(), a.invoiceNumber(), a.amount());
        }
        return plan.size();
    }

    private int suggest(List<Application> plan, List<FreeCredit> credits) {
        Map<String, List<Application>> byPayment = new LinkedHashMap<>();
        plan.forEach(a -> byPayment.computeIfAbsent(a.paymentKey(), k -> new ArrayList<>()).add(a));
        int raised = 0;
        for (FreeCredit credit : credits) {
            List<Application> mine = byPayment.get(credit.paymentKey());
            if (mine == null) {
                continue;
            }
            String detail = "payment " + credit.paymentKey() + " holds " + credit.unapplied() + " of customer credit; "
                    + "it could settle " + mine.stream().map(a -> a.amount() + " of " + a.invoiceNumber())
                    .collect(Collectors.joining(", ")) + " (apply it with a workbench match or split)";
            if (store.suggest(credit.paymentEventId(), SUGGESTION_REASON, detail)) {
                raised++;
            }
        }
        return raised;
    }
}
