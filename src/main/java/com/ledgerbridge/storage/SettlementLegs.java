package com.ledgerbridge.storage;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.domain.settlement.BookedPayment;
import com.ledgerbridge.domain.settlement.InboxObservation;
import com.ledgerbridge.domain.settlement.SettlementDay;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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
 * transaction (PostgreSQL streams with a cursor only then), {@link #prepare} first, and close every stream.
 *
 * <p>The day's trades: every trade id on the day's bill lines, and every trade a webhook reported money moving on
 * during the day (in the gateway's zone). On PostgreSQL they are gathered once into a temporary table that the
 * inbox and books legs join (it goes with the transaction); on H2 each of those legs names them in a common table
 * expression.
 */
@Repository
public class SettlementLegs {

    private static final String DAY_TRADES_QUERY = """
            select gateway_trade_id from settlement_line where gateway = ? and bill_date = ?
            union
            select gateway_trade_id from payment_event
             where gateway = ? and occurred_at >= ? and occurred_at < ?
               and origin = 'WEBHOOK' and event_type <> 'CLOSED'
            """;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final SqlDialect dialect;
    private final ConcurrentHashMap<Integer, JdbcTemplate> streaming = new ConcurrentHashMap<>();

    public SettlementLegs(DataSource dataSource, JdbcTemplate jdbc, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    private JdbcTemplate streaming(int fetchSize) {
        return streaming.computeIfAbsent(fetchSize, size -> {
            JdbcTemplate template = new JdbcTemplate(dataSource);
            template.setFetchSize(size);
            return template;
        });
    }

    /** Gathers the day's trades (PostgreSQL: a temporary table for this transaction). Call before the legs. */
    public void prepare(SettlementDay day) {
        if (dialect.isPostgres()) {
            jdbc.update("drop table if exists pg_temp.settlement_day_trade");
            jdbc.update("create temporary table settlement_day_trade on commit drop as " + DAY_TRADES_QUERY,
                    dayTradeParams(day));
            jdbc.execute("analyze settlement_day_trade");
        }
    }

    /** The FROM source of the day's trades, with the parameters it needs first. */
    private String dayTrades() {
        return dialect.isPostgres() ? "" : "with settlement_day_trade as (" + DAY_TRADES_QUERY + ")\n";
    }

    private Object[] params(SettlementDay day, Object... more) {
        Object[] head = dialect.isPostgres() ? new Object[0] : dayTradeParams(day);
        Object[] params = new Object[head.length + more.length];
        System.arraycopy(head, 0, params, 0, head.length);
        System.arraycopy(more, 0, params, head.length, more.length);
        return params;
    }

    private static Object[] dayTradeParams(SettlementDay day) {
        return new Object[] {day.gateway(), Date.valueOf(day.billDate()), day.gateway(), Timestamp.from(day.start()),
                Timestamp.from(day.end())};
    }

    /**
     * BILL: the day's lines, and for the day's trades with a refund or dispute line, their lines of earlier days too
     * (a refund is compared with everything refunded so far, and with the payment it refunds).
     */
    public Stream<BillLine> billLines(SettlementDay day, int fetchSize) {
        String sql = """
                select * from (
                    select gateway_trade_id, bill_date, line_number, line_key, kind, merchant_reference, movement_id,
                           amount, fee, currency, occurred_at
                      from settlement_line
                     where gateway = ? and bill_date = ?
                    union all
                    select l.gateway_trade_id, l.bill_date, l.line_number, l.line_key, l.kind, l.merchant_reference,
                           l.movement_id, l.amount, l.fee, l.currency, l.occurred_at
                      from settlement_line l
                     where l.gateway = ? and l.bill_date < ?
                       and l.gateway_trade_id in (select d.gateway_trade_id from settlement_line d
                                                   where d.gateway = ? and d.bill_date = ?
                                                     and d.kind in ('REFUND', 'DISPUTE', 'DISPUTE_REVERSAL'))
                ) bill_line
                 order by\s""" + dialect.codePointOrder("gateway_trade_id");
        Date date = Date.valueOf(day.billDate());
        String gateway = day.gateway();
        return streaming(fetchSize).queryForStream(sql, (rs, n) -> {
            Currency currency = currency(rs.getString(10));
            return new BillLine(gateway, rs.getObject(2, LocalDate.class), rs.getLong(3), rs.getString(4),
                    BillLineKind.valueOf(rs.getString(5)), rs.getString(1), rs.getString(6), rs.getString(7),
                    Money.of(rs.getBigDecimal(8), currency), Money.of(rs.getBigDecimal(9), currency), instant(rs, 11));
        }, gateway, date, gateway, date, gateway, date);
    }

    /** INBOX: every stored payment event of the day's trades, whatever its time. */
    public Stream<InboxObservation> inbox(SettlementDay day, int fetchSize) {
        String sql = dayTrades() + """
                select e.gateway_trade_id, e.event_key, e.event_type, e.amount, e.currency, e.occurred_at, e.movement_id,
                       e.merchant_reference, e.origin
                  from settlement_day_trade t
                  join payment_event e on e.gateway = ? and e.gateway_trade_id = t.gateway_trade_id
                 order by\s""" + dialect.codePointOrder("e.gateway_trade_id");
        return streaming(fetchSize).queryForStream(sql, (rs, n) -> new InboxObservation(
                rs.getString(1), rs.getString(2), PaymentEventType.valueOf(rs.getString(3)),
                Money.of(rs.getBigDecimal(4), currency(rs.getString(5))), instant(rs, 6), rs.getString(7),
                rs.getString(8), "BILL".equals(rs.getString(9))), params(day, day.gateway()));
    }

    /** BOOKS: the payment rows of the day's trades. */
    public Stream<BookedPayment> books(SettlementDay day, int fetchSize) {
        String sql = dayTrades() + """
                select p.gateway_trade_id, p.currency, p.booked_paid, p.booked_refunded, p.booked_dispute_stage
                  from settlement_day_trade t
                  join payment p on p.gateway = ? and p.gateway_trade_id = t.gateway_trade_id
                 order by\s""" + dialect.codePointOrder("p.gateway_trade_id");
        return streaming(fetchSize).queryForStream(sql, (rs, n) -> {
            Currency currency = currency(rs.getString(2));
            return new BookedPayment(rs.getString(1), Money.of(rs.getBigDecimal(3), currency),
                    Money.of(rs.getBigDecimal(4), currency), rs.getString(5));
        }, params(day, day.gateway()));
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

    /** A timestamp with time zone as an instant, without the driver's Calendar arithmetic. */
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static final ConcurrentHashMap<String, Currency> CURRENCIES = new ConcurrentHashMap<>();

    private static Currency currency(String code) {
        Currency currency = CURRENCIES.get(code);
        return currency != null ? currency : CURRENCIES.computeIfAbsent(code, c -> Currency.getInstance(c.trim()));
    }
}
