package com.ledgerbridge.domain.settlement;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventKeys;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The three-way comparison of one trade on one bill day: the gateway's bill (BILL), the payment inbox (INBOX) and
 * the books (BOOKS). Plain rules on the facts the merge join gathered; {@link SettlementOutcome} says what each
 * outcome means and which wins when several apply.
 *
 * <p>Paid amounts and disputes are compared over the trade's whole life. Refunds are compared as of the end of the
 * bill day: the bill's refund lines dated up to that day against the inbox's refund observations that occurred
 * before the day ended (a refund notified this morning belongs to tomorrow's bill). The inbox's refunded amount is
 * the larger of its largest cumulative total (REFUND_TOTAL) and the sum of its individual refunds (REFUND): every
 * observation is a lower bound of the truth.
 */
public final class SettlementComparison {

    /** Bill line kinds that are facts about a trade; the others (fees, payouts, other) are booked or reported apart. */
    public static final Set<BillLineKind> TRADE_KINDS = EnumSet.of(BillLineKind.PAYMENT, BillLineKind.REFUND,
            BillLineKind.DISPUTE, BillLineKind.DISPUTE_REVERSAL);

    private static final int MAX_DETAIL = 1000;
    private static final int MAX_EVIDENCE_KEYS = 20;

    /**
     * Compares one trade. Empty when the facts are no trade of this day: none of its lines in the day's bill is a
     * trade fact, and no webhook reported money moving on it during the day.
     */
    public Optional<TradeVerdict> compare(SettlementDay day, TradeFacts facts) {
        List<BillLine> lines = new ArrayList<>();
        boolean inDayBill = false;
        for (BillLine line : facts.billLines()) {
            if (TRADE_KINDS.contains(line.kind()) && !line.billDate().isAfter(day.billDate())) {
                lines.add(line);
                inDayBill |= line.billDate().equals(day.billDate());
            }
        }
        if (!inDayBill) {
            return notInBill(day, facts);
        }
        Currency currency = lines.get(0).amount().currency();
        if (lines.stream().anyMatch(l -> !l.amount().currency().equals(currency))) {
            String currencies = lines.stream().map(l -> l.amount().currency().getCurrencyCode()).distinct()
                    .collect(Collectors.joining(", "));
            return Optional.of(verdict(facts, List.of(), List.of(new Problem(SettlementOutcome.AMOUNT_MISMATCH, null,
                    null, null, "the bill's lines of this trade are in several currencies (" + currencies + ")")),
                    currency, merchantReference(lines, facts)));
        }
        Bill bill = Bill.of(lines, currency);
        Inbox inbox = new Inbox(facts.gatewayTradeId(), facts.inbox(), currency, day.end());
        String reference = merchantReference(lines, facts);

        List<TradeVerdict.Heal> heals = heals(day, facts.gatewayTradeId(), bill, inbox, reference);
        List<Problem> problems = new ArrayList<>();
        statusProblems(bill, inbox, problems);
        amountProblems(day, bill, inbox, problems);
        missingProblems(day, bill, inbox, problems);
        bookingProblems(bill, facts, currency, problems);
        return Optional.of(verdict(facts, heals, problems, currency, reference));
    }

    // ---- heals: the events the webhooks would have created

    private static List<TradeVerdict.Heal> heals(SettlementDay day, String tradeId, Bill bill, Inbox inbox,
            String reference) {
        List<TradeVerdict.Heal> heals = new ArrayList<>();
        String gateway = day.gateway();
        if (bill.paid.isPositive() && !inbox.hasKey(PaymentEventKeys.payment(tradeId))) {
            heals.add(heal(day, new PaymentEvent(gateway, PaymentEventKeys.payment(tradeId), PaymentEventType.PAYMENT,
                    tradeId, reference, bill.paid, bill.firstPaidAt, null), bill.paymentLines));
        }
        String refundKey = PaymentEventKeys.refundTotal(tradeId, bill.refunded);
        if (bill.refunded.isPositive() && bill.refunded.isGreaterThan(inbox.refunded(false))
                && !inbox.hasKey(refundKey)) {
            heals.add(heal(day, new PaymentEvent(gateway, refundKey, PaymentEventType.REFUND_TOTAL, tradeId, reference,
                    bill.refunded, bill.lastRefundAt, null), bill.refundLines));
        }
        bill.disputes.forEach((disputeId, lines) -> {
            String key = PaymentEventKeys.dispute(tradeId, disputeId, PaymentEventType.DISPUTE_OPENED);
            if (!inbox.hasKey(key)) {
                heals.add(heal(day, new PaymentEvent(gateway, key, PaymentEventType.DISPUTE_OPENED, tradeId, reference,
                        sum(lines, bill.paid.currency()), lines.get(0).occurredAt(), null, disputeId), lines));
            }
        });
        bill.reversals.forEach((disputeId, lines) -> {
            String key = PaymentEventKeys.dispute(tradeId, disputeId, PaymentEventType.DISPUTE_WON);
            if (!inbox.hasKey(key) && !inbox.lost(disputeId)) {
                heals.add(heal(day, new PaymentEvent(gateway, key, PaymentEventType.DISPUTE_WON, tradeId, reference,
                        sum(lines, bill.paid.currency()), lines.get(0).occurredAt(), null, disputeId), lines));
            }
        });
        return heals;
    }

    private static TradeVerdict.Heal heal(SettlementDay day, PaymentEvent event, List<BillLine> lines) {
        String keys = lines.stream().limit(MAX_EVIDENCE_KEYS).map(BillLine::lineKey).collect(Collectors.joining(", "));
        String more = lines.size() > MAX_EVIDENCE_KEYS ? " and " + (lines.size() - MAX_EVIDENCE_KEYS) + " more" : "";
        return new TradeVerdict.Heal(event, "settlement bill " + day.gateway() + " " + day.billDate() + ": "
                + event.type() + " " + event.amount() + " from line(s) " + keys + more
                + " (no webhook delivered it)");
    }

    // ---- problems, by outcome

    private static void statusProblems(Bill bill, Inbox inbox, List<Problem> problems) {
        if (bill.paid.isPositive() && inbox.webhookClosed && inbox.webhookPayment == null) {
            problems.add(new Problem(SettlementOutcome.STATUS_MISMATCH, bill.paid, null, null,
                    "the webhooks said the trade closed unpaid; the bill shows " + bill.paid + " paid"));
        }
        for (String disputeId : bill.reversals.keySet()) {
            if (inbox.lost(disputeId)) {
                problems.add(new Problem(SettlementOutcome.STATUS_MISMATCH, sum(bill.reversals.get(disputeId),
                        bill.paid.currency()), null, null, "the bill shows dispute " + disputeId
                        + " reversed (won); the webhooks said it was lost"));
            }
        }
    }

    private static void amountProblems(SettlementDay day, Bill bill, Inbox inbox, List<Problem> problems) {
        for (InboxObservation foreign : inbox.otherCurrency) {
            problems.add(new Problem(SettlementOutcome.AMOUNT_MISMATCH, null, null, null, "currency: the bill's is "
                    + bill.paid.currency().getCurrencyCode() + ", the inbox's " + foreign.type() + " "
                    + foreign.eventKey() + " is in " + foreign.amount().currency().getCurrencyCode()));
        }
        if (bill.paid.isPositive() && inbox.payment != null && !inbox.payment.amount().equals(bill.paid)) {
            problems.add(new Problem(SettlementOutcome.AMOUNT_MISMATCH, bill.paid, inbox.payment.amount(), null,
                    "paid: bill " + bill.paid + ", inbox " + inbox.payment.amount()));
        }
        Money inboxRefunded = inbox.refunded(false);
        if (inboxRefunded.isGreaterThan(bill.refunded)) {
            problems.add(new Problem(SettlementOutcome.AMOUNT_MISMATCH, bill.refunded, inboxRefunded, null,
                    "refunded by the end of " + day.billDate() + ": inbox " + inboxRefunded + ", bill " + bill.refunded));
        }
        bill.disputes.forEach((disputeId, lines) -> {
            InboxObservation opened = inbox.find(PaymentEventKeys.dispute(inbox.tradeId, disputeId,
                    PaymentEventType.DISPUTE_OPENED), false);
            Money billAmount = sum(lines, bill.paid.currency());
            if (opened != null && !opened.amount().equals(billAmount)) {
                problems.add(new Problem(SettlementOutcome.AMOUNT_MISMATCH, billAmount, opened.amount(), null,
                        "dispute " + disputeId + ": bill " + billAmount + ", inbox " + opened.amount()));
            }
        });
    }

    /** Worded the same whether the heal happens now or happened in an earlier run: a re-run gives the same report. */
    private static void missingProblems(SettlementDay day, Bill bill, Inbox inbox, List<Problem> problems) {
        if (bill.paid.isPositive() && inbox.webhookPayment == null) {
            problems.add(new Problem(SettlementOutcome.MISSING_NOTIFICATION, bill.paid, null, null,
                    "payment of " + bill.paid + " was never notified; stored from the bill"));
        }
        Money webhookRefunded = inbox.refunded(true);
        if (bill.refunded.isGreaterThan(webhookRefunded)) {
            problems.add(new Problem(SettlementOutcome.MISSING_NOTIFICATION, bill.refunded, webhookRefunded, null,
                    "refunds of " + bill.refunded + " by the end of " + day.billDate() + " were notified only up to "
                            + webhookRefunded + "; the bill's total stored"));
        }
        bill.disputes.forEach((disputeId, lines) -> {
            if (inbox.find(PaymentEventKeys.dispute(inbox.tradeId, disputeId, PaymentEventType.DISPUTE_OPENED),
                    true) == null) {
                problems.add(new Problem(SettlementOutcome.MISSING_NOTIFICATION, sum(lines, bill.paid.currency()), null,
                        null, "dispute " + disputeId + " was never notified; stored from the bill"));
            }
        });
        bill.reversals.forEach((disputeId, lines) -> {
            if (inbox.find(PaymentEventKeys.dispute(inbox.tradeId, disputeId, PaymentEventType.DISPUTE_WON), true) == null
                    && !inbox.lost(disputeId)) {
                problems.add(new Problem(SettlementOutcome.MISSING_NOTIFICATION, sum(lines, bill.paid.currency()), null,
                        null, "dispute " + disputeId + " reversed (won) was never notified; stored from the bill"));
            }
        });
    }

    private static void bookingProblems(Bill bill, TradeFacts facts, Currency currency, List<Problem> problems) {
        BookedPayment books = facts.books();
        if (books == null) {
            problems.add(new Problem(SettlementOutcome.NOT_BOOKED, bill.paid, null, null, "the books have no payment"));
        } else if (!books.bookedPaid().currency().equals(currency)) {
            problems.add(new Problem(SettlementOutcome.AMOUNT_MISMATCH, null, null, null, "currency: the bill's is "
                    + currency.getCurrencyCode() + ", the books' " + books.bookedPaid().currency().getCurrencyCode()));
        } else {
            if (books.bookedPaid().compareTo(bill.paid) < 0) {
                problems.add(new Problem(SettlementOutcome.NOT_BOOKED, bill.paid, null, books.bookedPaid(),
                        "paid: bill " + bill.paid + ", booked " + books.bookedPaid()));
            }
            if (books.bookedRefunded().compareTo(bill.refunded) < 0) {
                problems.add(new Problem(SettlementOutcome.NOT_BOOKED, bill.refunded, null, books.bookedRefunded(),
                        "refunded: bill " + bill.refunded + ", booked " + books.bookedRefunded()));
            }
            if (!bill.disputes.isEmpty() && !books.disputeBooked()) {
                problems.add(new Problem(SettlementOutcome.NOT_BOOKED, null, null, null,
                        "dispute " + String.join(", ", bill.disputes.keySet()) + " not booked"));
            }
            if (!bill.reversals.isEmpty() && !"WON".equals(books.bookedDisputeStage())) {
                problems.add(new Problem(SettlementOutcome.NOT_BOOKED, null, null, null, "dispute reversal "
                        + String.join(", ", bill.reversals.keySet()) + " not booked (booked stage "
                        + books.bookedDisputeStage() + ")"));
            }
        }
        if (facts.unpostedEntries()) {
            problems.add(new Problem(SettlementOutcome.NOT_BOOKED, null, null, null,
                    "journal entries of the payment not yet posted to the ledger"));
        }
    }

    // ---- NOT_IN_BILL

    private static Optional<TradeVerdict> notInBill(SettlementDay day, TradeFacts facts) {
        List<InboxObservation> notified = facts.inbox().stream()
                .filter(o -> o.fromWebhook() && o.movesMoney() && day.contains(o.occurredAt()))
                .sorted(Comparator.comparing(InboxObservation::occurredAt))
                .toList();
        if (notified.isEmpty()) {
            return Optional.empty();
        }
        InboxObservation first = notified.get(0);
        String what = notified.stream().map(o -> o.type() + " " + o.amount() + " at " + o.occurredAt().atZone(day.zone())
                .toLocalDateTime()).collect(Collectors.joining(", "));
        Money booked = facts.books() == null ? null
                : first.type().isRefund() ? facts.books().bookedRefunded() : facts.books().bookedPaid();
        Problem problem = new Problem(SettlementOutcome.NOT_IN_BILL, null, first.amount(), booked,
                "notified on " + day.billDate() + " (" + day.zone() + ") but not in that day's bill: " + what);
        String reference = notified.stream().map(InboxObservation::merchantReference).filter(r -> r != null)
                .findFirst().orElse(null);
        return Optional.of(verdict(facts, List.of(), List.of(problem), first.amount().currency(), reference));
    }

    // ---- assembling

    private static TradeVerdict verdict(TradeFacts facts, List<TradeVerdict.Heal> heals, List<Problem> problems,
            Currency currency, String reference) {
        if (problems.isEmpty()) {
            return new TradeVerdict(facts.gatewayTradeId(), SettlementOutcome.MATCHED, heals, null);
        }
        SettlementOutcome outcome = problems.stream().map(Problem::kind).min(Comparator.naturalOrder()).orElseThrow();
        Problem first = problems.stream().filter(p -> p.kind == outcome).findFirst().orElseThrow();
        List<Problem> ordered = new ArrayList<>(problems);
        ordered.sort(Comparator.comparing(Problem::kind));
        String detail = ordered.stream().map(p -> p.text).collect(Collectors.joining("; "));
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 1) + "…";
        }
        return new TradeVerdict(facts.gatewayTradeId(), outcome, heals, new TradeVerdict.Discrepancy(outcome, reference,
                currency, first.bill, first.inbox, first.booked, detail));
    }

    private static String merchantReference(List<BillLine> lines, TradeFacts facts) {
        for (BillLine line : lines) {
            if (line.merchantReference() != null && !line.merchantReference().isBlank()) {
                return line.merchantReference();
            }
        }
        for (InboxObservation o : facts.inbox()) {
            if (o.merchantReference() != null) {
                return o.merchantReference();
            }
        }
        return null;
    }

    private static Money sum(List<BillLine> lines, Currency currency) {
        Money total = Money.zero(currency);
        for (BillLine line : lines) {
            total = total.plus(line.amount());
        }
        return total;
    }

    /** One thing found wrong, with the amounts of each leg it speaks of. */
    private record Problem(SettlementOutcome kind, Money bill, Money inbox, Money booked, String text) {
    }

    /** The bill's facts about the trade up to the bill day. */
    private static final class Bill {
        Money paid;
        Money refunded;
        Instant firstPaidAt;
        Instant lastRefundAt;
        final List<BillLine> paymentLines = new ArrayList<>();
        final List<BillLine> refundLines = new ArrayList<>();
        /** by dispute id, in the order first seen */
        final Map<String, List<BillLine>> disputes = new LinkedHashMap<>();
        final Map<String, List<BillLine>> reversals = new LinkedHashMap<>();

        static Bill of(List<BillLine> lines, Currency currency) {
            Bill bill = new Bill();
            bill.paid = Money.zero(currency);
            bill.refunded = Money.zero(currency);
            for (BillLine line : lines) {
                switch (line.kind()) {
                    case PAYMENT -> {
                        bill.paid = bill.paid.plus(line.amount());
                        bill.paymentLines.add(line);
                        if (bill.firstPaidAt == null || line.occurredAt().isBefore(bill.firstPaidAt)) {
                            bill.firstPaidAt = line.occurredAt();
                        }
                    }
                    case REFUND -> {
                        bill.refunded = bill.refunded.plus(line.amount());
                        bill.refundLines.add(line);
                        if (bill.lastRefundAt == null || line.occurredAt().isAfter(bill.lastRefundAt)) {
                            bill.lastRefundAt = line.occurredAt();
                        }
                    }
                    // a dispute line without the gateway's dispute id is named by the line itself
                    case DISPUTE -> bill.disputes.computeIfAbsent(disputeId(line), id -> new ArrayList<>()).add(line);
                    case DISPUTE_REVERSAL -> bill.reversals.computeIfAbsent(disputeId(line), id -> new ArrayList<>())
                            .add(line);
                    default -> throw new IllegalStateException("not a trade fact: " + line.kind());
                }
            }
            return bill;
        }

        private static String disputeId(BillLine line) {
            return line.movementId() != null && !line.movementId().isBlank() ? line.movementId() : line.lineKey();
        }
    }

    /** The inbox's observations of the trade, in the bill's currency. */
    private static final class Inbox {
        final String tradeId;
        final Currency currency;
        final Instant cutoff;
        final List<InboxObservation> inCurrency = new ArrayList<>();
        final List<InboxObservation> otherCurrency = new ArrayList<>();
        /** all of the trade's observations (a trade has a handful: a scan beats hashing) */
        final List<InboxObservation> all;
        InboxObservation payment;
        InboxObservation webhookPayment;
        boolean webhookClosed;

        Inbox(String tradeId, List<InboxObservation> observations, Currency currency, Instant cutoff) {
            this.tradeId = tradeId;
            this.currency = currency;
            this.cutoff = cutoff;
            this.all = observations;
            for (InboxObservation o : observations) {
                if (o.type() == PaymentEventType.CLOSED) {
                    webhookClosed |= o.fromWebhook();
                    continue;
                }
                if (!o.amount().currency().equals(currency)) {
                    otherCurrency.add(o);
                    continue;
                }
                inCurrency.add(o);
                // refunds are summed on demand, as of the cut-off; disputes are found by their keys
                if (o.type() == PaymentEventType.PAYMENT) {
                    payment = payment == null || o.fromWebhook() ? o : payment;
                    webhookPayment = o.fromWebhook() ? o : webhookPayment;
                }
            }
        }

        boolean hasKey(String eventKey) {
            return find(eventKey, false) != null;
        }

        /**
         * The observation stored under {@code eventKey} (by webhook only, when asked): disputes are matched by the
         * key convention, which names the dispute, whether or not the inbox row carries its movement id.
         */
        InboxObservation find(String eventKey, boolean webhookOnly) {
            for (InboxObservation o : all) {
                if (o.eventKey().equals(eventKey) && (!webhookOnly || o.fromWebhook())) {
                    return o;
                }
            }
            return null;
        }

        boolean lost(String disputeId) {
            return hasKey(PaymentEventKeys.dispute(tradeId, disputeId, PaymentEventType.DISPUTE_LOST));
        }

        /** The refunded amount the inbox knows of by the cut-off: all of it, or what webhooks brought. */
        Money refunded(boolean webhooksOnly) {
            Money largestTotal = Money.zero(currency);
            Money individual = Money.zero(currency);
            for (InboxObservation o : inCurrency) {
                if ((webhooksOnly && o.fromBill()) || !o.occurredAt().isBefore(cutoff)) {
                    continue;
                }
                if (o.type() == PaymentEventType.REFUND_TOTAL && o.amount().isGreaterThan(largestTotal)) {
                    largestTotal = o.amount();
                } else if (o.type() == PaymentEventType.REFUND) {
                    individual = individual.plus(o.amount());
                }
            }
            return largestTotal.isGreaterThan(individual) ? largestTotal : individual;
        }
    }
}
