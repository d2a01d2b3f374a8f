package com.ledgerbridge.storage;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.settlement.SettlementDay;
import com.ledgerbridge.domain.settlement.SettlementOutcome;
import com.ledgerbridge.domain.settlement.SettlementTally;
import com.ledgerbridge.domain.settlement.TradeVerdict;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a three-way reconciliation of one bill day writes: its report (whose row is also the day's lock), the day's
 * discrepancies, the inbox events healed from the bill, and the fees booked so far; and what operators read back.
 */
@Repository
public class SettlementRecords {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    public SettlementRecords(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /**
     * Locks the day's report row (making it when the day was never reconciled) until the caller's transaction ends:
     * two runs of one day, on any instances, take turns.
     */
    public void lockDay(SettlementDay day) {
        jdbc.sql("""
                        insert into settlement_report (gateway, bill_date, trades, matched, missing_notification, not_in_bill,
                                                       amount_mismatch, status_mismatch, not_booked, healed_events,
                                                       bill_lines, other_lines)
                        values (:gateway, :date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                        on conflict do nothing
                        """)
                .param("gateway", day.gateway())
                .param("date", day.billDate())
                .update();
        jdbc.sql("select gateway from settlement_report where gateway = :gateway and bill_date = :date for update")
                .param("gateway", day.gateway())
                .param("date", day.billDate())
                .query(String.class)
                .single();
    }

    /** Forgets the day's discrepancies: the run writes the day's list anew. */
    public void clearDiscrepancies(SettlementDay day) {
        jdbc.sql("delete from settlement_discrepancy where gateway = :gateway and bill_date = :date")
                .param("gateway", day.gateway())
                .param("date", day.billDate())
                .update();
    }

    /** Adds discrepancies of the day (verdicts other than MATCHED), one JDBC batch. */
    public void addDiscrepancies(SettlementDay day, List<TradeVerdict> verdicts) {
        Date date = Date.valueOf(day.billDate());
        batch.batchUpdate("""
                insert into settlement_discrepancy (gateway, bill_date, gateway_trade_id, kind, merchant_reference,
                                                    currency, bill_amount, inbox_amount, booked_amount, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, verdicts, verdicts.size(), (ps, v) -> {
            TradeVerdict.Discrepancy d = v.discrepancy();
            ps.setString(1, day.gateway());
            ps.setDate(2, date);
            ps.setString(3, v.gatewayTradeId());
            ps.setString(4, d.kind().name());
            ps.setString(5, d.merchantReference());
            ps.setString(6, d.currency() == null ? null : d.currency().getCurrencyCode());
            ps.setBigDecimal(7, amount(d.billAmount()));
            ps.setBigDecimal(8, amount(d.inboxAmount()));
            ps.setBigDecimal(9, amount(d.bookedAmount()));
            ps.setString(10, d.detail());
        });
    }

    /**
     * Stores events made from the bill in the payment inbox as RECEIVED, origin BILL, under the key the webhook would
     * have used: an event already stored under that key (a webhook that came after all) is skipped. Returns how
     * many were stored.
     */
    public int heal(SettlementDay day, List<TradeVerdict.Heal> heals) {
        if (heals.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        String notificationId = "settlement-bill:" + day.gateway() + ":" + day.billDate();
        // no conflict target: H2 accepts only the bare form; the event key is the table's only unique key but the id
        int[][] counts = batch.batchUpdate("""
                insert into payment_event (gateway, event_key, notification_id, event_type, gateway_trade_id,
                                           merchant_reference, amount, currency, occurred_at, payer_id, raw_payload,
                                           received_at, status, origin, movement_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, 'RECEIVED', 'BILL', ?)
                on conflict do nothing
                """, heals, heals.size(), (ps, h) -> {
            PaymentEvent e = h.event();
            ps.setString(1, e.gateway());
            ps.setString(2, e.eventKey());
            ps.setString(3, notificationId);
            ps.setString(4, e.type().name());
            ps.setString(5, e.gatewayTradeId());
            ps.setString(6, e.merchantReference());
            ps.setBigDecimal(7, e.amount().amount());
            ps.setString(8, e.amount().currency().getCurrencyCode());
            ps.setTimestamp(9, Timestamp.from(e.occurredAt()));
            ps.setString(10, h.evidence());
            ps.setTimestamp(11, now);
            ps.setString(12, e.movementId());
        });
        int stored = 0;
        for (int[] chunk : counts) {
            for (int count : chunk) {
                // SUCCESS_NO_INFO (a driver rewriting batches) cannot tell: counted as stored
                stored += count > 0 || count == Statement.SUCCESS_NO_INFO ? 1 : 0;
            }
        }
        return stored;
    }

    /** The fees booked so far for a day and currency, and in how many entries. */
    public record FeeBooking(Money bookedTotal, int entries) {
    }

    public FeeBooking feeBooking(SettlementDay day, Currency currency) {
        return jdbc.sql("""
                        select booked_total, entries from settlement_fee_booking
                         where gateway = :gateway and bill_date = :date and currency = :ccy
                        """)
                .param("gateway", day.gateway())
                .param("date", day.billDate())
                .param("ccy", currency.getCurrencyCode())
                .query((rs, n) -> new FeeBooking(Money.of(rs.getBigDecimal(1), currency), rs.getInt(2)))
                .optional()
                .orElse(new FeeBooking(Money.zero(currency), 0));
    }

    /** Records the fees now booked for a day and currency. Call under the day's lock. */
    public void saveFeeBooking(SettlementDay day, Money bookedTotal, int entries) {
        Timestamp now = Timestamp.from(Instant.now(clock));
        int updated = jdbc.sql("""
                        update settlement_fee_booking set booked_total = :total, entries = :entries, updated_at = :now
                         where gateway = :gateway and bill_date = :date and currency = :ccy
                        """)
                .param("total", bookedTotal.amount())
                .param("entries", entries)
                .param("now", now)
                .param("gateway", day.gateway())
                .param("date", day.billDate())
                .param("ccy", bookedTotal.currency().getCurrencyCode())
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into settlement_fee_booking (gateway, bill_date, currency, booked_total, entries, updated_at)
                            values (:gateway, :date, :ccy, :total, :entries, :now)
                            """)
                    .param("gateway", day.gateway())
                    .param("date", day.billDate())
                    .param("ccy", bookedTotal.currency().getCurrencyCode())
                    .param("total", bookedTotal.amount())
                    .param("entries", entries)
                    .param("now", now)
                    .update();
        }
    }

    /** Writes the day's report and its totals per currency. Call under the day's lock. */
    public void writeReport(SettlementDay day, SettlementTally tally, Instant startedAt, Instant finishedAt) {
        jdbc.sql("""
                        update settlement_report
                           set trades = :trades, matched = :matched, missing_notification = :missing,
                               not_in_bill = :notInBill, amount_mismatch = :amount, status_mismatch = :status,
                               not_booked = :notBooked, healed_events = :healed, bill_lines = :lines,
                               other_lines = :other, started_at = :started, finished_at = :finished,
                               duration_ms = :duration
                         where gateway = :gateway and bill_date = :date
                        """)
                .param("trades", tally.trades())
                .param("matched", tally.count(SettlementOutcome.MATCHED))
                .param("missing", tally.count(SettlementOutcome.MISSING_NOTIFICATION))
                .param("notInBill", tally.count(SettlementOutcome.NOT_IN_BILL))
                .param("amount", tally.count(SettlementOutcome.AMOUNT_MISMATCH))
                .param("status", tally.count(SettlementOutcome.STATUS_MISMATCH))
                .param("notBooked", tally.count(SettlementOutcome.NOT_BOOKED))
                .param("healed", tally.billEvents())
                .param("lines", tally.billLines())
                .param("other", tally.otherLines())
                .param("started", Timestamp.from(startedAt))
                .param("finished", Timestamp.from(finishedAt))
                .param("duration", finishedAt.toEpochMilli() - startedAt.toEpochMilli())
                .param("gateway", day.gateway())
                .param("date", day.billDate())
                .update();
        jdbc.sql("delete from settlement_report_total where gateway = :gateway and bill_date = :date")
                .param("gateway", day.gateway())
                .param("date", day.billDate())
                .update();
        List<Object[]> rows = new ArrayList<>();
        tally.totals().forEach((currency, t) -> rows.add(new Object[] {day.gateway(), Date.valueOf(day.billDate()),
                currency.getCurrencyCode(), t.paid().amount(), t.refunded().amount(), t.disputed().amount(),
                t.fees().amount(), t.payouts().amount()}));
        batch.batchUpdate("""
                insert into settlement_report_total (gateway, bill_date, currency, paid, refunded, disputed, fees, payouts)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """, rows);
    }

    // ---- what operators read

    /** A day's report with its totals per currency. */
    public record StoredReport(String gateway, LocalDate billDate, Map<SettlementOutcome, Long> outcomes, long trades,
            long billEvents, long billLines, long otherLines, List<StoredTotal> totals, Instant startedAt,
            Instant finishedAt, Long durationMs) {
    }

    public record StoredTotal(String currency, BigDecimal paid, BigDecimal refunded, BigDecimal disputed,
            BigDecimal fees, BigDecimal payouts) {
    }

    /** Reports of completed runs of {@code gateway} (all when null) between two days (inclusive), by day. */
    public List<StoredReport> reports(String gateway, LocalDate from, LocalDate to, int limit) {
        Map<String, List<StoredTotal>> totals = new LinkedHashMap<>();
        jdbc.sql("""
                        select gateway, bill_date, currency, paid, refunded, disputed, fees, payouts
                          from settlement_report_total
                         where (cast(:gateway as varchar(20)) is null or gateway = :gateway)
                           and bill_date >= :from and bill_date <= :to
                         order by currency
                        """)
                .param("gateway", gateway)
                .param("from", from)
                .param("to", to)
                .query(rs -> {
                    totals.computeIfAbsent(rs.getString("gateway") + "|" + rs.getDate("bill_date"), k -> new ArrayList<>())
                            .add(new StoredTotal(rs.getString("currency").trim(), rs.getBigDecimal("paid"),
                                    rs.getBigDecimal("refunded"), rs.getBigDecimal("disputed"), rs.getBigDecimal("fees"),
                                    rs.getBigDecimal("payouts")));
                });
        return jdbc.sql("""
                        select * from settlement_report
                         where (cast(:gateway as varchar(20)) is null or gateway = :gateway)
                           and bill_date >= :from and bill_date <= :to and finished_at is not null
                         order by bill_date, gateway
                         limit :limit
                        """)
                .param("gateway", gateway)
                .param("from", from)
                .param("to", to)
                .param("limit", limit)
                .query((rs, n) -> report(rs, totals.getOrDefault(rs.getString("gateway") + "|" + rs.getDate("bill_date"),
                        List.of())))
                .list();
    }

    private static StoredReport report(ResultSet rs, List<StoredTotal> totals) throws SQLException {
        Map<SettlementOutcome, Long> outcomes = new LinkedHashMap<>();
        outcomes.put(SettlementOutcome.MATCHED, rs.getLong("matched"));
        outcomes.put(SettlementOutcome.MISSING_NOTIFICATION, rs.getLong("missing_notification"));
        outcomes.put(SettlementOutcome.NOT_IN_BILL, rs.getLong("not_in_bill"));
        outcomes.put(SettlementOutcome.AMOUNT_MISMATCH, rs.getLong("amount_mismatch"));
        outcomes.put(SettlementOutcome.STATUS_MISMATCH, rs.getLong("status_mismatch"));
        outcomes.put(SettlementOutcome.NOT_BOOKED, rs.getLong("not_booked"));
        Timestamp started = rs.getTimestamp("started_at");
        Timestamp finished = rs.getTimestamp("finished_at");
        Long duration = rs.getLong("duration_ms");
        if (rs.wasNull()) {
            duration = null;
        }
        return new StoredReport(rs.getString("gateway"), rs.getDate("bill_date").toLocalDate(), outcomes,
                rs.getLong("trades"), rs.getLong("healed_events"), rs.getLong("bill_lines"), rs.getLong("other_lines"),
                totals, started == null ? null : started.toInstant(), finished == null ? null : finished.toInstant(),
                duration);
    }

    /** One stored discrepancy. */
    public record StoredDiscrepancy(String gateway, LocalDate billDate, String gatewayTradeId, String kind,
            String merchantReference, String currency, BigDecimal billAmount, BigDecimal inboxAmount,
            BigDecimal bookedAmount, String detail) {
    }

    private static final String SELECT_DISCREPANCIES = """
            select gateway, bill_date, gateway_trade_id, kind, merchant_reference, currency, bill_amount, inbox_amount,
                   booked_amount, detail
              from settlement_discrepancy
             where gateway = ? and bill_date = ?
             order by kind, gateway_trade_id
            """;

    /** The day's discrepancies, by kind and trade, at most {@code limit}. */
    public List<StoredDiscrepancy> discrepancies(String gateway, LocalDate billDate, int limit) {
        return batch.query(SELECT_DISCREPANCIES + " limit ?", SettlementRecords::discrepancy, gateway,
                Date.valueOf(billDate), limit);
    }

    /** The day's discrepancies as a stream (for a download of any size). Close it. */
    public Stream<StoredDiscrepancy> streamDiscrepancies(String gateway, LocalDate billDate) {
        return batch.queryForStream(SELECT_DISCREPANCIES, SettlementRecords::discrepancy, gateway, Date.valueOf(billDate));
    }

    private static StoredDiscrepancy discrepancy(ResultSet rs, int n) throws SQLException {
        String currency = rs.getString("currency");
        return new StoredDiscrepancy(rs.getString("gateway"), rs.getDate("bill_date").toLocalDate(),
                rs.getString("gateway_trade_id"), rs.getString("kind"), rs.getString("merchant_reference"),
                currency == null ? null : currency.trim(), rs.getBigDecimal("bill_amount"), rs.getBigDecimal("inbox_amount"),
                rs.getBigDecimal("booked_amount"), rs.getString("detail"));
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }
}
