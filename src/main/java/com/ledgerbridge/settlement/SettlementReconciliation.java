package com.ledgerbridge.settlement;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.LedgerPostings;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.domain.settlement.BookedPayment;
import com.ledgerbridge.domain.settlement.InboxObservation;
import com.ledgerbridge.domain.settlement.SettlementComparison;
import com.ledgerbridge.domain.settlement.SettlementDay;
import com.ledgerbridge.domain.settlement.SettlementOutcome;
import com.ledgerbridge.domain.settlement.SettlementTally;
import com.ledgerbridge.domain.settlement.TradeFacts;
import com.ledgerbridge.domain.settlement.TradeMerge;
import com.ledgerbridge.domain.settlement.TradeVerdict;
import com.ledgerbridge.storage.JournalStore;
import com.ledgerbridge.storage.SettlementLegs;
import com.ledgerbridge.storage.SettlementRecords;
import com.ledgerbridge.storage.SettlementRecords.FeeBooking;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The three-way reconciliation of one gateway's bill day (DESIGN.md flow 6): the day's bill lines, the payment inbox
 * and the books, each streamed sorted by trade id and merge-joined ({@link TradeMerge}); each trade judged by
 * {@link SettlementComparison}. In one transaction, under the day's lock: events the bill proves and no webhook
 * delivered are stored in the inbox (so reconciliation books them), every trade that did not match is written to the
 * day's discrepancies, the day's fees and payouts are booked (only what is not booked yet), and the report is
 * written. Running a day again gives the same report.
 */
@Service
public class SettlementReconciliation {

    private static final Logger log = LoggerFactory.getLogger(SettlementReconciliation.class);

    private final SettlementLegs legs;
    private final SettlementRecords records;
    private final JournalStore journal;
    private final LedgerPostings postings;
    private final SettlementBillFormats formats;
    private final SettlementProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SettlementComparison comparison = new SettlementComparison();

    public SettlementReconciliation(SettlementLegs legs, SettlementRecords records, JournalStore journal,
            LedgerPostings postings, SettlementBillFormats formats, SettlementProperties properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.legs = legs;
        this.records = records;
        this.journal = journal;
        this.postings = postings;
        this.formats = formats;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The route's entry point after an import: reconciles every day the file covered. */
    public SettlementRun reconcileImported(ImportedBill bill) {
        List<SettlementRun.DayResult> days = new ArrayList<>();
        for (LocalDate date : bill.dates()) {
            days.add(reconcileDay(bill.gateway(), date));
        }
        return run(days);
    }

    /** Reconciles one day of {@code gateway} (the operations endpoint; a download that found no bill). */
    public SettlementRun reconcile(String gateway, LocalDate billDate) {
        formats.format(gateway);
        return run(List.of(reconcileDay(gateway, billDate)));
    }

    private static SettlementRun run(List<SettlementRun.DayResult> days) {
        return new SettlementRun(days, days.stream().mapToInt(SettlementRun.DayResult::healedEvents).sum(),
                days.stream().mapToInt(SettlementRun.DayResult::newJournalEntries).sum());
    }

    private SettlementRun.DayResult reconcileDay(String gateway, LocalDate billDate) {
        SettlementDay day = new SettlementDay(gateway, billDate, properties.gateway(gateway).zone());
        MDC.put("correlationId", "settlement:" + day);
        try {
            SettlementRun.DayResult result = transaction.execute(status -> reconcileLocked(day));
            log(day, result);
            return result;
        } finally {
            MDC.remove("correlationId");
        }
    }

    private SettlementRun.DayResult reconcileLocked(SettlementDay day) {
        records.lockDay(day);
        Instant started = Instant.now(clock);
        records.clearDiscrepancies(day);
        DayWork work = new DayWork(day);
        long begin = System.nanoTime();
        legs.prepare(day);
        int fetch = properties.fetchSize();
        try (Stream<BillLine> bill = legs.billLines(day, fetch);
                Stream<InboxObservation> inbox = legs.inbox(day, fetch);
                Stream<BookedPayment> books = legs.books(day, fetch);
                Stream<String> unposted = legs.unpostedReferences(day.gateway(), fetch)) {
            TradeMerge merge = new TradeMerge(day.gateway(), bill.iterator(), inbox.iterator(), books.iterator(),
                    unposted.iterator());
            while (merge.hasNext()) {
                work.add(merge.next());
            }
            work.flush();
        }
        long judged = System.nanoTime();
        work.tally.addBillEvents(work.healed);
        List<JournalEntry> entries = new ArrayList<>();
        List<Runnable> feeBookings = new ArrayList<>();
        work.tally.totals().forEach((currency, totals) -> fees(day, currency, totals.fees(), entries, feeBookings));
        for (BillLine payout : work.payouts) {
            if (payout.amount().isPositive()) {
                String payoutId = payout.movementId() != null ? payout.movementId() : payout.gatewayTradeId();
                entries.add(postings.forPayout(day.gateway(), payoutId, day.billDate(), payout.amount()));
            }
        }
        int newEntries = journal.insertAllIfAbsent(entries).size();
        feeBookings.forEach(Runnable::run);
        Instant finished = Instant.now(clock);
        records.writeReport(day, work.tally, started, finished);
        log.debug("Settlement {}: legs read and judged in {} ms (writing heals and discrepancies {} ms), entries and "
                + "report {} ms", day, (judged - begin) / 1_000_000, work.writeNanos / 1_000_000,
                (System.nanoTime() - judged) / 1_000_000);
        SettlementTally t = work.tally;
        return new SettlementRun.DayResult(day.gateway(), day.billDate().toString(), t.trades(),
                t.count(SettlementOutcome.MATCHED), t.count(SettlementOutcome.MISSING_NOTIFICATION),
                t.count(SettlementOutcome.NOT_IN_BILL), t.count(SettlementOutcome.AMOUNT_MISMATCH),
                t.count(SettlementOutcome.STATUS_MISMATCH), t.count(SettlementOutcome.NOT_BOOKED), work.healedNow,
                newEntries, finished.toEpochMilli() - started.toEpochMilli());
    }

    /** The fee entry for the difference between the day's total and what is booked, if any. */
    private void fees(SettlementDay day, Currency currency, Money dayTotal, List<JournalEntry> entries,
            List<Runnable> bookings) {
        FeeBooking booked = records.feeBooking(day, currency);
        Optional<JournalEntry> entry = postings.forSettlementFees(day.gateway(), day.billDate(), booked.bookedTotal(),
                dayTotal, booked.entries());
        entry.ifPresent(e -> {
            entries.add(e);
            bookings.add(() -> records.saveFeeBooking(day, dayTotal, booked.entries() + 1));
        });
    }

    /** Judges the day's trades as the merge hands them over, writing heals and discrepancies in batches. */
    private final class DayWork {
        final SettlementDay day;
        final SettlementTally tally = new SettlementTally();
        final List<BillLine> payouts = new ArrayList<>();
        final List<TradeVerdict.Heal> heals = new ArrayList<>();
        final List<TradeVerdict> discrepancies = new ArrayList<>();
        /** events of the day's trades made from a bill, stored before or now */
        long healed;
        int healedNow;
        long writeNanos;

        DayWork(SettlementDay day) {
            this.day = day;
        }

        void add(TradeFacts facts) {
            for (BillLine line : facts.billLines()) {
                if (line.billDate().equals(day.billDate())) {
                    tally.addDayLine(line);
                    if (line.kind() == BillLineKind.PAYOUT) {
                        payouts.add(line);
                    }
                }
            }
            for (InboxObservation o : facts.inbox()) {
                if (o.fromBill()) {
                    healed++;
                }
            }
            Optional<TradeVerdict> judged = comparison.compare(day, facts);
            if (judged.isEmpty()) {
                return;
            }
            TradeVerdict verdict = judged.get();
            tally.add(verdict);
            heals.addAll(verdict.heals());
            if (verdict.discrepancy() != null) {
                discrepancies.add(verdict);
                if (log.isDebugEnabled()) {
                    log.debug("{} {}: {}", verdict.gatewayTradeId(), verdict.outcome(), verdict.discrepancy().detail());
                }
            }
            if (heals.size() >= properties.batchSize() || discrepancies.size() >= properties.batchSize()) {
                flush();
            }
        }

        void flush() {
            long begin = System.nanoTime();
            int stored = records.heal(day, heals);
            healedNow += stored;
            healed += stored;
            heals.clear();
            records.addDiscrepancies(day, discrepancies);
            discrepancies.clear();
            writeNanos += System.nanoTime() - begin;
        }
    }

    private static void log(SettlementDay day, SettlementRun.DayResult r) {
        String text = "Settlement {}: {} trade(s): {} matched, {} missing notification, {} not in bill, {} amount "
                + "mismatch, {} status mismatch, {} not booked; {} event(s) healed from the bill, {} journal entr(ies) "
                + "stored; {} ms";
        Object[] args = {day, r.trades(), r.matched(), r.missingNotification(), r.notInBill(), r.amountMismatch(),
                r.statusMismatch(), r.notBooked(), r.healedEvents(), r.newJournalEntries(), r.durationMs()};
        if (r.trades() == r.matched()) {
            log.info(text, args);
        } else {
            log.warn(text, args);
        }
    }
}
