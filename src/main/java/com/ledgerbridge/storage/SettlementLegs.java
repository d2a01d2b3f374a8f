package com.ledgerbridge.storage;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.domain.settlement.BookedPayment;
import com.ledgerbridge.domain.settlement.InboxObservation;
import com.ledgerbridge.domain.settlement.SettlementDay;
import java.sql.Timestamp;
import java.util.Currency;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The three legs of one bill day, each read as one stream sorted by gateway trade id (code point order) for the
 * merge join (domain/settlement/TradeMerge): no query per trade, and only the day's trades are read, through the
 * indexes on (gateway, bill_date), (gateway, gateway_trade_id) and (gateway, occurred_at). Call inside a
 * transaction (PostgreSQL streams with a cursor only then) and close every stream.
 *
 * <p>The day's trades: every trade id on the day's bill lines, and every trade a webhook reported money moving on
 * during the day (in the gateway's zone).
 */
@Repository
public class SettlementLegs {

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final ConcurrentHashMap<Integer, JdbcTemplate> streaming = new ConcurrentHashMap<>();

    public SettlementLegs(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    private JdbcTemplate streaming(int fetchSize) {
        return streaming.computeIfAbsent(fetchSize, size -> {
            JdbcTemplate template = new JdbcTemplate(dataSource);
            template.setFetchSize(size);
            return template;
        });
    }

    /**
     * BILL: the day's lines, and for the day's trades with a refund or dispute line, their lines of earlier days too
     * (a refund is compared with everything refunded so far, and with the payment it refunds).
     */
    public Stream<BillLine> billLines(SettlementDay day, int fetchSize) {
        String sql = """
                select * from (
                    select gateway, bill_date, line_number, line_key, kind, gateway_trade_id, merchant_reference,
                           movement_id, amount, fee, currency, occurred_at
                      from settlement_line
                     where gateway = ? and bill_date = ?
                    union all
                    select l.gateway, l.bill_date, l.line_number, l.line_key, l.kind, l.gateway_trade_id,
                           l.merchant_reference, l.movement_id, l.amount, l.fee, l.currency, l.occurred_at
                      from settlement_line l
                     where l.gateway = ? and l.bill_date < ?
                       and l.gateway_trade_id in (select d.gateway_trade_id from settlement_line d
                                                   where d.gateway = ? and d.bill_date = ?
                                                     and d.kind in ('REFUND', 'DISPUTE', 'DISPUTE_REVERSAL'))
                ) bill_line
                 order by\s""" + dialect.codePointOrder("gateway_trade_id");
        java.sql.Date date = java.sql.Date.valueOf(day.billDate());
        return streaming(fetchSize).queryForStream(sql, (rs, n) -> {
            Currency currency = currency(rs.getString("currency"));
            return new BillLine(rs.getString("gateway"), rs.getDate("bill_date").toLocalDate(), rs.getLong("line_number"),
                    rs.getString("line_key"), BillLineKind.valueOf(rs.getString("kind")), rs.getString("gateway_trade_id"),
                    rs.getString("merchant_reference"), rs.getString("movement_id"),
                    Money.of(rs.getBigDecimal("amount"), currency), Money.of(rs.getBigDecimal("fee"), currency),
                    rs.getTimestamp("occurred_at").toInstant());
        }, day.gateway(), date, day.gateway(), date, day.gateway(), date);
    }

    private static final String DAY_TRADES = """
            with day_trade as (
                select gateway_trade_id from settlement_line where gateway = ? and bill_date = ?
                union
                select gateway_trade_id from payment_event
                 where gateway = ? and occurred_at >= ? and occurred_at < ?
                   and origin = 'WEBHOOK' and event_type <> 'CLOSED')
            """;

    private Object[] dayTradeParams(SettlementDay day, Object... more) {
        Object[] params = new Object[5 + more.length];
        params[0] = day.gateway();
        params[1] = java.sql.Date.valueOf(day.billDate());
        params[2] = day.gateway();
        params[3] = Timestamp.from(day.start());
        params[4] = Timestamp.from(day.end());
        System.arraycopy(more, 0, params, 5, more.length);
        return params;
    }

    /** INBOX: every stored payment event of the day's trades, whatever its time. */
    public Stream<InboxObservation> inbox(SettlementDay day, int fetchSize) {
        String sql = DAY_TRADES + """
                select e.gateway_trade_id, e.event_key, e.event_type, e.amount, e.currency, e.occurred_at, e.movement_id,
                       e.merchant_reference, e.origin
                  from day_trade t
                  join payment_event e on e.gateway = ? and e.gateway_trade_id = t.gateway_trade_id
                 order by\s""" + dialect.codePointOrder("e.gateway_trade_id");
        return streaming(fetchSize).queryForStream(sql, (rs, n) -> new InboxObservation(
                rs.getString("gateway_trade_id"), rs.getString("event_key"),
                PaymentEventType.valueOf(rs.getString("event_type")),
                Money.of(rs.getBigDecimal("amount"), currency(rs.getString("currency"))),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("movement_id"),
                rs.getString("merchant_reference"), "BILL".equals(rs.getString("origin"))),
                dayTradeParams(day, day.gateway()));
    }

    /** BOOKS: the payment rows of the day's trades. */
    public Stream<BookedPayment> books(SettlementDay day, int fetchSize) {
        String sql = DAY_TRADES + """
                select p.gateway_trade_id, p.currency, p.booked_paid, p.booked_refunded, p.booked_dispute_stage
                  from day_trade t
                  join payment p on p.gateway = ? and p.gateway_trade_id = t.gateway_trade_id
                 order by\s""" + dialect.codePointOrder("p.gateway_trade_id");
        return streaming(fetchSize).queryForStream(sql, (rs, n) -> {
            Currency currency = currency(rs.getString("currency"));
            return new BookedPayment(rs.getString("gateway_trade_id"), Money.of(rs.getBigDecimal("booked_paid"), currency),
                    Money.of(rs.getBigDecimal("booked_refunded"), currency), rs.getString("booked_dispute_stage"));
        }, dayTradeParams(day, day.gateway()));
    }

    /**
     * The source references of the gateway's journal entries not yet in the ledger (PENDING or DEAD), sorted: the
     * outbox's backlog, found through its status index, never the posted history.
     */
    public Stream<String> unpostedReferences(String gateway, int fetchSize) {
        String sql = """
                select source_reference from journal_entry
                 where posting_status in ('PENDING', 'DEAD') and source_reference like ?
                 order by\s""" + dialect.codePointOrder("source_reference");
        return streaming(fetchSize).queryForStream(sql, (rs, n) -> rs.getString(1), likePrefix(gateway + ":"));
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static final ConcurrentHashMap<String, Currency> CURRENCIES = new ConcurrentHashMap<>();

    private static Currency currency(String code) {
        return CURRENCIES.computeIfAbsent(code, c -> Currency.getInstance(c.trim()));
    }
}
