package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.AmountResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.CurrencyResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.CustomerResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.DateResult;
import com.ledgerbridge.domain.reconciliation.matching.FieldResult.RuleNote;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;

/**
 * Decides one payment at a time under the rule set, against the run's open amounts. One per worker thread; it
 * reads and changes only the open amounts of the customers the payment's group owns (see {@link MatchingRun}).
 */
final class Decider {

    private static final int[] NONE = new int[0];

    private final MatchingRules rules;
    private final OpenItemBook book;
    private final long[] open;

    // the payment being decided
    private PreparedPayment p;
    private Money paid;
    private Currency currency;
    private byte currencyIndex;
    private int digits;
    private List<FieldResult> evidence;
    private boolean onlyOtherCurrency;

    Decider(MatchingRules rules, OpenItemBook book, long[] open) {
        this.rules = rules;
        this.book = book;
        this.open = open;
    }

    PaymentDecision decide(PreparedPayment prepared) {
        p = prepared;
        paid = prepared.payment.amount();
        currency = paid.currency();
        currencyIndex = currencyIndexOf(currency);
        digits = currency.getDefaultFractionDigits();
        onlyOtherCurrency = false;
        evidence = new ArrayList<>(10);
        evidence.add(new CustomerResult(null, p.source, p.payment.payerId(), p.customerId, null, Check.INFO));
        evidence.addAll(p.references);
        if (p.paidMinor <= 0) {
            return notApplied(null, Outcome.NO_MATCH, DecisionReason.NON_POSITIVE_AMOUNT, List.of(), 0);
        }
        for (MatchingRule rule : rules.rules()) {
            PaymentDecision decision;
            if (rule instanceof ExactReferenceRule r) {
                decision = exactReference(r);
            } else if (rule instanceof InstalmentRule r) {
                decision = instalment(r);
            } else if (rule instanceof AmountCustomerDateRule r) {
                decision = amountCustomerDate(r);
            } else {
                MultiInvoiceRule r = (MultiInvoiceRule) rule;
                decision = switch (r.strategy()) {
                    case LISTED_REFERENCES -> listedReferences(r);
                    case EXACT_SUBSET -> exactSubset(r);
                    case OLDEST_FIRST -> oldestFirst(r);
                };
            }
            if (decision != null) {
                return decision;
            }
        }
        return notApplied(null, Outcome.NO_MATCH, finalReason(), List.of(), 0);
    }

    private DecisionReason finalReason() {
        if (p.customerId == null) {
            boolean unknownReference = false;
            for (FieldResult.ReferenceResult reference : p.references) {
                unknownReference |= reference.check() == Check.FAIL;
            }
            return unknownReference && p.invoices.length == 0 ? DecisionReason.UNKNOWN_REFERENCE
                    : DecisionReason.UNKNOWN_CUSTOMER;
        }
        return onlyOtherCurrency ? DecisionReason.CURRENCY_MISMATCH : DecisionReason.NO_CANDIDATE;
    }

    // --- EXACT_REFERENCE ----------------------------------------------------------------------------------------

    private PaymentDecision exactReference(ExactReferenceRule r) {
        if (p.invoices.length == 0) {
            return passOn(r, p.references.isEmpty() ? "no reference found" : "no reference names a known invoice or order");
        }
        if (p.invoices.length > 1) {
            List<Candidate> candidates = new ArrayList<>();
            for (int v : p.invoices) {
                candidates.add(invoiceCandidate(v));
            }
            note(r, "the payment names " + p.invoices.length + " invoices: " + invoiceNumbers(p.invoices));
            return notApplied(r.id(), Outcome.SUGGESTION, DecisionReason.AMBIGUOUS, candidates, candidates.size());
        }
        int v = p.invoices[0];
        String number = book.invoiceNumbers[v];
        int first = firstItem(v);
        Check sameCustomer = customerEquality(number, book.customerId(first));
        if (!sameCurrency(first)) {
            evidence.add(new CurrencyResult(number, currency, book.currency(first), Check.FAIL));
            return notApplied(r.id(), Outcome.NO_MATCH, DecisionReason.CURRENCY_MISMATCH, List.of(invoiceCandidate(v)), 1);
        }
        evidence.add(new CurrencyResult(number, currency, currency, Check.PASS));
        int[] targets = openItemsOf(v);
        long total = sumOpen(targets);
        long tolerance = r.tolerance().minorUnits(total, digits);
        amountEvidence(number, total, tolerance);
        if (total == 0) {
            return notApplied(r.id(), Outcome.NO_MATCH, DecisionReason.ALREADY_SETTLED, List.of(invoiceCandidate(v)), 1);
        }
        List<Candidate> candidates = List.of(candidate(targets, referenceScore(total, tolerance), total));
        if (r.requireSameCustomer() && sameCustomer == Check.FAIL) {
            return notApplied(r.id(), Outcome.SUGGESTION, DecisionReason.CUSTOMER_DIFFERS, candidates, 1);
        }
        return settle(r, targets, NONE, total, tolerance, r.partial(), r.overpayment(), candidates, 1);
    }

    // --- INSTALMENT ---------------------------------------------------------------------------------------------

    private PaymentDecision instalment(InstalmentRule r) {
        if (p.invoices.length != 1) {
            return passOn(r, p.invoices.length == 0 ? "names no known invoice" : "names " + p.invoices.length + " invoices");
        }
        int v = p.invoices[0];
        String number = book.invoiceNumbers[v];
        int first = firstItem(v);
        if (book.invoiceItemStart[v + 1] - book.invoiceItemStart[v] < 2) {
            return passOn(r, "invoice " + number + " is not split into instalments");
        }
        if (!sameCurrency(first)) {
            return passOn(r, "invoice " + number + " is in " + book.currency(first).getCurrencyCode());
        }
        int[] items = openItemsOf(v);
        long total = sumOpen(items);
        if (total == 0) {
            return passOn(r, "nothing is open on invoice " + number);
        }
        if (p.paidMinor >= total - r.tolerance().minorUnits(total, digits)) {
            return passOn(r, "pays all that is open on invoice " + number + " (" + money(total) + ")");
        }
        // the next instalments, in due order, that the payment covers (within tolerance of their sum)
        DuePrefix due = duePrefix(items, r.tolerance());
        int k = due.count();
        long prefix = due.open();
        long tolerance = due.tolerance();
        int[] targets = Arrays.copyOf(items, k);
        int[] spill = Arrays.copyOfRange(items, k, items.length);
        customerEquality(number, book.customerId(first));
        evidence.add(new CurrencyResult(number, currency, currency, Check.PASS));
        note(r, k + " of the " + items.length + " open instalments of " + number + ", due first, take the payment");
        amountEvidence(ids(targets), prefix, tolerance);
        List<Candidate> candidates = List.of(candidate(targets, referenceScore(prefix, tolerance), prefix));
        return settle(r, targets, spill, prefix, tolerance, r.partial(), OverpaymentPolicy.CREDIT, candidates, 1);
    }

    // --- AMOUNT_CUSTOMER_DATE -----------------------------------------------------------------------------------

    private PaymentDecision amountCustomerDate(AmountCustomerDateRule r) {
        if (p.customer < 0) {
            return passOn(r, noCustomer());
        }
        int from = book.customerItemStart[p.customer];
        int to = book.customerItemStart[p.customer + 1];
        int[] found = new int[4];
        long[] deltas = new long[4];
        int[] days = new int[4];
        int[] scores = new int[4];
        int n = 0;
        int examined = 0;
        int otherCurrency = 0;
        for (int k = from; k < to; k++) {
            int o = book.customerItems[k];
            long itemOpen = open[o];
            if (itemOpen <= 0) {
                continue;
            }
            if (book.currencyOf[o] != currencyIndex) {
                otherCurrency++;
                continue;
            }
            examined++;
            long delta = p.paidMinor - itemOpen;
            long tolerance = r.tolerance().minorUnits(itemOpen, digits);
            if (Math.abs(delta) > tolerance) {
                continue;
            }
            int dd = p.paidOnDay - basisDay(r.dateBasis(), o);
            if (dd < -r.daysBefore() || dd > r.daysAfter()) {
                continue;
            }
            if (n == found.length) {
                found = Arrays.copyOf(found, n * 2);
                deltas = Arrays.copyOf(deltas, n * 2);
                days = Arrays.copyOf(days, n * 2);
                scores = Arrays.copyOf(scores, n * 2);
            }
            found[n] = o;
            deltas[n] = delta;
            days[n] = dd;
            scores[n] = amountDateScore(delta, tolerance, dd, r);
            n++;
        }
        if (n == 0) {
            onlyOtherCurrency |= examined == 0 && otherCurrency > 0;
            return passOn(r, "customer " + p.customerId + ": " + examined + " open item(s) in " + currency.getCurrencyCode()
                    + (otherCurrency > 0 ? " (" + otherCurrency + " in other currencies)" : "") + ", none within "
                    + r.tolerance() + " of " + paid + " and -" + r.daysBefore() + "..+" + r.daysAfter() + " days of its "
                    + basisName(r.dateBasis()));
        }
        // rank: score, then due first, then item id (the ordinal order)
        Integer[] rank = new Integer[n];
        for (int i = 0; i < n; i++) {
            rank[i] = i;
        }
        final int[] f = found;
        final int[] s = scores;
        Arrays.sort(rank, (a, b) -> s[a] != s[b] ? Integer.compare(s[b], s[a])
                : book.dueDay[f[a]] != book.dueDay[f[b]] ? Integer.compare(book.dueDay[f[a]], book.dueDay[f[b]])
                        : Integer.compare(f[a], f[b]));
        int chosen = choose(rank, deltas, found, r.ties());
        List<Candidate> candidates = new ArrayList<>(Math.min(n, PaymentDecision.MAX_CANDIDATES));
        int[] order = new int[n];
        int at = 0;
        if (chosen >= 0) {
            order[at++] = chosen;
        }
        for (int i = 0; i < n; i++) {
            if (rank[i] != chosen) {
                order[at++] = rank[i];
            }
        }
        for (int i = 0; i < Math.min(n, PaymentDecision.MAX_CANDIDATES); i++) {
            int c = order[i];
            candidates.add(new Candidate(List.of(book.itemIds[found[c]]), scores[c], book.money(found[c], open[found[c]])));
        }
        if (chosen < 0) {
            note(r, n + " open items fit equally well; a person chooses");
            for (int i = 0; i < Math.min(n, 2); i++) {
                int o = found[order[i]];
                amountEvidence(book.itemIds[o], open[o], r.tolerance().minorUnits(open[o], digits));
                dateEvidence(r, o, days[order[i]]);
            }
            return notApplied(r.id(), Outcome.SUGGESTION, DecisionReason.AMBIGUOUS, candidates, n);
        }
        int o = found[chosen];
        String id = book.itemIds[o];
        long tolerance = r.tolerance().minorUnits(open[o], digits);
        evidence.add(new CustomerResult(id, p.source, p.payment.payerId(), p.customerId, book.customerId(o), Check.PASS));
        evidence.add(new CurrencyResult(id, currency, currency, Check.PASS));
        amountEvidence(id, open[o], tolerance);
        dateEvidence(r, o, days[chosen]);
        if (n > 1) {
            int runnerUp = found[order[1]];
            amountEvidence(book.itemIds[runnerUp], open[runnerUp], r.tolerance().minorUnits(open[runnerUp], digits));
            dateEvidence(r, runnerUp, days[order[1]]);
        }
        return settle(r, new int[] {o}, NONE, open[o], tolerance, PartialPolicy.AUTO, OverpaymentPolicy.CREDIT, candidates,
                n);
    }

    /**
     * The candidate to apply, or -1 to suggest: the only one; else the only one paid exactly; else, when ties are
     * taken OLDEST, the one due first among those closest in amount.
     */
    private int choose(Integer[] rank, long[] deltas, int[] found, TiePolicy ties) {
        if (rank.length == 1) {
            return rank[0];
        }
        int exact = -1;
        int exactCount = 0;
        for (int i : rank) {
            if (deltas[i] == 0) {
                exact = i;
                exactCount++;
            }
        }
        if (exactCount == 1) {
            return exact;
        }
        if (ties == TiePolicy.SUGGEST) {
            return -1;
        }
        int best = -1;
        for (int i = 0; i < rank.length; i++) { // candidate indices 0..n-1
            long d = Math.abs(deltas[i]);
            if (best < 0 || d < Math.abs(deltas[best]) || (d == Math.abs(deltas[best])
                    && (book.dueDay[found[i]] < book.dueDay[found[best]]
                            || (book.dueDay[found[i]] == book.dueDay[found[best]] && found[i] < found[best])))) {
                best = i;
            }
        }
        return best;
    }

    private static int amountDateScore(long delta, long tolerance, int days, AmountCustomerDateRule r) {
        long amountPenalty = delta == 0 ? 0 : 1 + 499 * Math.abs(delta) / Math.max(tolerance, 1);
        int side = days < 0 ? r.daysBefore() : r.daysAfter();
        long datePenalty = days == 0 ? 0 : 499L * Math.abs(days) / Math.max(side, 1);
        return (int) (1000 - Math.min(amountPenalty, 500) - Math.min(datePenalty, 499));
    }

    // --- MULTI_INVOICE ------------------------------------------------------------------------------------------

    private PaymentDecision listedReferences(MultiInvoiceRule r) {
        if (p.invoices.length < 2) {
            return passOn(r, "names fewer than two known invoices");
        }
        List<String> settled = new ArrayList<>();
        int itemCount = 0;
        for (int v : p.invoices) {
            int first = firstItem(v);
            String number = book.invoiceNumbers[v];
            customerEquality(number, book.customerId(first));
            if (!sameCurrency(first)) {
                evidence.add(new CurrencyResult(number, currency, book.currency(first), Check.FAIL));
                List<Candidate> candidates = new ArrayList<>();
                for (int w : p.invoices) {
                    candidates.add(invoiceCandidate(w));
                }
                return notApplied(r.id(), Outcome.NO_MATCH, DecisionReason.CURRENCY_MISMATCH, candidates,
                        candidates.size());
            }
            int[] items = openItemsOf(v);
            if (items.length == 0) {
                settled.add(number);
            }
            itemCount += items.length;
        }
        int[] targets = new int[itemCount];
        int at = 0;
        for (int v : p.invoices) {
            for (int o : openItemsOf(v)) {
                targets[at++] = o;
            }
        }
        targets = inDueOrder(targets);
        String subject = invoiceNumbers(p.invoices);
        evidence.add(new CurrencyResult(subject, currency, currency, Check.PASS));
        long sum = sumOpen(targets);
        long tolerance = r.tolerance().minorUnits(sum, digits);
        amountEvidence(subject, sum, tolerance);
        if (!settled.isEmpty() || p.unknownReferences || targets.length == 0) {
            note(r, "of the references listed, " + (settled.isEmpty() ? "" : "settled already: " + settled
                    + (p.unknownReferences ? "; " : "")) + (p.unknownReferences ? "some name no known invoice or order" : ""));
            List<Candidate> candidates = targets.length == 0 ? List.of() : List.of(candidate(targets, 500, sum));
            return notApplied(r.id(), Outcome.SUGGESTION, DecisionReason.INCOMPLETE_REFERENCES, candidates,
                    candidates.size());
        }
        List<Candidate> candidates = List.of(candidate(targets, referenceScore(sum, tolerance), sum));
        return settle(r, targets, NONE, sum, tolerance, r.partial(), r.overpayment(), candidates, 1);
    }

    private PaymentDecision exactSubset(MultiInvoiceRule r) {
        if (p.customer < 0) {
            return passOn(r, noCustomer());
        }
        int[] items = customerOpenItems(p.customer);
        if (items.length == 0) {
            return passOn(r, "customer " + p.customerId + " has no open items in " + currency.getCurrencyCode());
        }
        int considered = Math.min(items.length, r.maxCandidates());
        long[] values = new long[considered];
        for (int i = 0; i < considered; i++) {
            values[i] = open[items[i]];
        }
        long[] subsets = SubsetSum.find(values, p.paidMinor, 2);
        String among = considered == items.length ? "the " + items.length + " open items"
                : "the " + considered + " open items due first (of " + items.length + ")";
        if (subsets.length == 0) {
            return passOn(r, "no subset of " + among + " of customer " + p.customerId + " adds up to " + paid);
        }
        List<Candidate> candidates = new ArrayList<>(2);
        for (long mask : subsets) {
            candidates.add(candidate(pick(items, mask), 1000, p.paidMinor));
        }
        int[] targets = pick(items, subsets[0]);
        String subject = ids(targets);
        evidence.add(new CustomerResult(subject, p.source, p.payment.payerId(), p.customerId, p.customerId, Check.PASS));
        evidence.add(new CurrencyResult(subject, currency, currency, Check.PASS));
        if (subsets.length > 1) {
            note(r, "at least two subsets of " + among + " add up to " + paid);
            return notApplied(r.id(), Outcome.SUGGESTION, DecisionReason.AMBIGUOUS, candidates, candidates.size());
        }
        amountEvidence(subject, p.paidMinor, 0);
        if (considered < items.length) {
            note(r, "one subset of " + among + " adds up to " + paid + "; others may among the rest");
            return notApplied(r.id(), Outcome.SUGGESTION, DecisionReason.UNIQUENESS_UNPROVEN, candidates, 1);
        }
        note(r, "exactly one subset of " + among + " adds up to " + paid);
        return settle(r, targets, NONE, p.paidMinor, 0, PartialPolicy.AUTO, OverpaymentPolicy.CREDIT, candidates, 1);
    }

    private PaymentDecision oldestFirst(MultiInvoiceRule r) {
        if (p.customer < 0) {
            return passOn(r, noCustomer());
        }
        int[] items = customerOpenItems(p.customer);
        if (items.length == 0) {
            return passOn(r, "customer " + p.customerId + " has no open items in " + currency.getCurrencyCode());
        }
        DuePrefix due = duePrefix(items, r.tolerance());
        int k = due.count();
        long prefix = due.open();
        long tolerance = due.tolerance();
        int[] targets = Arrays.copyOf(items, k);
        int[] spill = Arrays.copyOfRange(items, k, items.length);
        String subject = ids(targets);
        evidence.add(new CustomerResult(subject, p.source, p.payment.payerId(), p.customerId, p.customerId, Check.PASS));
        evidence.add(new CurrencyResult(subject, currency, currency, Check.PASS));
        note(r, "the " + k + " of " + items.length + " open items of customer " + p.customerId + " due first");
        amountEvidence(subject, prefix, tolerance);
        List<Candidate> candidates = List.of(candidate(targets, 500, prefix));
        return settle(r, targets, spill, prefix, tolerance, r.partial(), r.overpayment(), candidates, 1);
    }

    /** The first {@code count} of some items (due first first), what is open on them and the tolerance on that. */
    private record DuePrefix(int count, long open, long tolerance) {
    }

    /** The shortest run of {@code items}, from the first, that the payment covers within tolerance (or all of them). */
    private DuePrefix duePrefix(int[] items, Tolerance rule) {
        int k = 0;
        long prefix = 0;
        long tolerance = 0;
        while (k < items.length) {
            prefix += open[items[k]];
            k++;
            tolerance = rule.minorUnits(prefix, digits);
            if (p.paidMinor <= prefix + tolerance) {
                break;
            }
        }
        return new DuePrefix(k, prefix, tolerance);
    }

    // --- applying -----------------------------------------------------------------------------------------------

    /**
     * Applies the payment to {@code targets} in order (then to {@code spill}, the later items the same rule would
     * pay next), the rest as credit; or suggests it when the rule or its policies say so.
     */
    private PaymentDecision settle(MatchingRule rule, int[] targets, int[] spill, long total, long tolerance,
            PartialPolicy partial, OverpaymentPolicy overpayment, List<Candidate> candidates, int candidateCount) {
        long delta = p.paidMinor - total;
        if (rule.mode() == RuleMode.SUGGEST) {
            return notApplied(rule.id(), Outcome.SUGGESTION, DecisionReason.RULE_SUGGESTS_ONLY, candidates, candidateCount);
        }
        if (delta < -tolerance && partial == PartialPolicy.SUGGEST) {
            return notApplied(rule.id(), Outcome.SUGGESTION, DecisionReason.PARTIAL_NEEDS_REVIEW, candidates, candidateCount);
        }
        if (delta > tolerance && overpayment == OverpaymentPolicy.SUGGEST) {
            return notApplied(rule.id(), Outcome.SUGGESTION, DecisionReason.OVERPAYMENT_NEEDS_REVIEW, candidates,
                    candidateCount);
        }
        List<ItemAllocation> allocations = new ArrayList<>(targets.length);
        long rest = p.paidMinor;
        for (int o : targets) {
            rest = allocate(o, rest, allocations);
        }
        for (int o : spill) {
            rest = allocate(o, rest, allocations);
        }
        boolean targetsOpen = false;
        for (int o : targets) {
            targetsOpen |= open[o] > 0;
        }
        Outcome outcome = rest > 0 ? Outcome.OVERPAYMENT : targetsOpen ? Outcome.PARTIAL : Outcome.MATCH;
        return new PaymentDecision(p.payment.paymentKey(), outcome, rule.id(), rules.version(), null, p.customerId, paid,
                allocations, Money.ofMinor(rest, currency), evidence, candidates, candidateCount, runnerUp(candidates));
    }

    private long allocate(int o, long rest, List<ItemAllocation> allocations) {
        long take = Math.min(open[o], rest);
        if (take <= 0) {
            return rest;
        }
        long before = open[o];
        open[o] = before - take;
        allocations.add(new ItemAllocation(book.itemIds[o], book.invoiceNumber(o), book.instalmentOf[o],
                Money.ofMinor(take, currency), Money.ofMinor(before, currency), Money.ofMinor(before - take, currency)));
        return rest - take;
    }

    private PaymentDecision notApplied(String ruleId, Outcome outcome, DecisionReason reason, List<Candidate> candidates,
            int candidateCount) {
        List<Candidate> kept = candidates.size() > PaymentDecision.MAX_CANDIDATES
                ? candidates.subList(0, PaymentDecision.MAX_CANDIDATES) : candidates;
        return new PaymentDecision(p.payment.paymentKey(), outcome, ruleId, rules.version(), reason, p.customerId, paid,
                List.of(), Money.zero(currency), evidence, kept, Math.max(candidateCount, kept.size()), runnerUp(kept));
    }

    private static Candidate runnerUp(List<Candidate> candidates) {
        return candidates.size() > 1 ? candidates.get(1) : null;
    }

    private PaymentDecision passOn(MatchingRule rule, String why) {
        evidence.add(new RuleNote(rule.id(), Check.FAIL, why));
        return null;
    }

    private void note(MatchingRule rule, String text) {
        evidence.add(new RuleNote(rule.id(), Check.INFO, text));
    }

    // --- evidence -----------------------------------------------------------------------------------------------

    /** Whether the subject's customer is the payer's (INFO when the payer's own customer is not known). */
    private Check customerEquality(String subject, String itemCustomer) {
        boolean own = p.source == CustomerSource.CUSTOMER_REFERENCE || p.source == CustomerSource.PAYER;
        Check check = !own ? Check.INFO : itemCustomer.equals(p.customerId) ? Check.PASS : Check.FAIL;
        evidence.add(new CustomerResult(subject, p.source, p.payment.payerId(), p.customerId, itemCustomer, check));
        return check;
    }

    private void amountEvidence(String subject, long openMinor, long tolerance) {
        long delta = p.paidMinor - openMinor;
        evidence.add(new AmountResult(subject, paid, Money.ofMinor(openMinor, currency), Money.ofMinor(delta, currency),
                Money.ofMinor(tolerance, currency), Math.abs(delta) <= tolerance ? Check.PASS : Check.FAIL));
    }

    private void dateEvidence(AmountCustomerDateRule r, int o, int days) {
        evidence.add(new DateResult(book.itemIds[o], r.dateBasis(), p.payment.paidOn(),
                LocalDate.ofEpochDay(basisDay(r.dateBasis(), o)), days, r.daysBefore(), r.daysAfter(),
                days >= -r.daysBefore() && days <= r.daysAfter() ? Check.PASS : Check.FAIL));
    }

    // --- items --------------------------------------------------------------------------------------------------

    private String noCustomer() {
        return p.customerId == null ? "the paying customer is not known" : "customer " + p.customerId + " has no open items";
    }

    private int basisDay(DateBasis basis, int o) {
        return basis == DateBasis.DUE_DATE ? book.dueDay[o] : book.issueDay[o];
    }

    private static String basisName(DateBasis basis) {
        return basis == DateBasis.DUE_DATE ? "due date" : "issue date";
    }

    private int firstItem(int invoice) {
        return book.invoiceItemStart[invoice];
    }

    private boolean sameCurrency(int o) {
        return book.currencyOf[o] == currencyIndex;
    }

    private byte currencyIndexOf(Currency c) {
        for (int i = 0; i < book.currencies.length; i++) {
            if (book.currencies[i].equals(c)) {
                return (byte) i;
            }
        }
        return -1;
    }

    /** The invoice's items with something open, in due order. */
    private int[] openItemsOf(int invoice) {
        int from = book.invoiceItemStart[invoice];
        int to = book.invoiceItemStart[invoice + 1];
        int n = 0;
        for (int o = from; o < to; o++) {
            if (open[o] > 0) {
                n++;
            }
        }
        int[] items = new int[n];
        int at = 0;
        for (int o = from; o < to; o++) {
            if (open[o] > 0) {
                items[at++] = o;
            }
        }
        return items;
    }

    /** The customer's items with something open in the payment's currency, in due order. */
    private int[] customerOpenItems(int customer) {
        int from = book.customerItemStart[customer];
        int to = book.customerItemStart[customer + 1];
        int[] items = new int[to - from];
        int n = 0;
        int other = 0;
        for (int k = from; k < to; k++) {
            int o = book.customerItems[k];
            if (open[o] > 0) {
                if (book.currencyOf[o] == currencyIndex) {
                    items[n++] = o;
                } else {
                    other++;
                }
            }
        }
        onlyOtherCurrency |= n == 0 && other > 0;
        return n == items.length ? items : Arrays.copyOf(items, n);
    }

    private int[] inDueOrder(int[] items) {
        Integer[] boxed = new Integer[items.length];
        for (int i = 0; i < items.length; i++) {
            boxed[i] = items[i];
        }
        Arrays.sort(boxed, (a, b) -> book.dueDay[a] != book.dueDay[b] ? Integer.compare(book.dueDay[a], book.dueDay[b])
                : Integer.compare(a, b));
        int[] sorted = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            sorted[i] = boxed[i];
        }
        return sorted;
    }

    private static int[] pick(int[] items, long mask) {
        int[] picked = new int[Long.bitCount(mask)];
        int at = 0;
        for (int i = 0; i < items.length && at < picked.length; i++) {
            if ((mask & (1L << i)) != 0) {
                picked[at++] = items[i];
            }
        }
        return picked;
    }

    private long sumOpen(int[] items) {
        long sum = 0;
        for (int o : items) {
            sum = Math.addExact(sum, open[o]);
        }
        return sum;
    }

    private Candidate candidate(int[] items, int score, long openMinor) {
        List<String> ids = new ArrayList<>(items.length);
        for (int o : items) {
            ids.add(book.itemIds[o]);
        }
        return new Candidate(ids, score, Money.ofMinor(openMinor, currency));
    }

    /** A whole invoice as a candidate: its open items (all its items if none is open), in its own currency. */
    private Candidate invoiceCandidate(int invoice) {
        int[] items = openItemsOf(invoice);
        long sum = sumOpen(items);
        if (items.length == 0) {
            int from = book.invoiceItemStart[invoice];
            items = new int[book.invoiceItemStart[invoice + 1] - from];
            for (int k = 0; k < items.length; k++) {
                items[k] = from + k;
            }
        }
        boolean usable = sum > 0 && sameCurrency(items[0]);
        List<String> ids = new ArrayList<>(items.length);
        for (int o : items) {
            ids.add(book.itemIds[o]);
        }
        return new Candidate(ids, usable ? 1000 : 0, book.money(items[0], sum));
    }

    /** A reference rule's score: 1000 when the amounts agree within tolerance, 500 when they do not. */
    private int referenceScore(long total, long tolerance) {
        return Math.abs(p.paidMinor - total) <= tolerance ? 1000 : 500;
    }

    private String ids(int[] items) {
        if (items.length == 1) {
            return book.itemIds[items[0]];
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < items.length; i++) {
            s.append(i == 0 ? "" : "+").append(book.itemIds[items[i]]);
        }
        return s.toString();
    }

    private String invoiceNumbers(int[] invoices) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < invoices.length; i++) {
            s.append(i == 0 ? "" : "+").append(book.invoiceNumbers[invoices[i]]);
        }
        return s.toString();
    }

    private Money money(long minor) {
        return Money.ofMinor(minor, currency);
    }
}
