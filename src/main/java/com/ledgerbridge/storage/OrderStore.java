package com.ledgerbridge.storage;

import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Sales orders as received from CRM sources, one row per order version. */
@Repository
public class OrderStore {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final Clock clock;

    public OrderStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /** The stored row of an order version; {@code isNew} is false when that version was already stored. */
    public record StoredOrder(long id, boolean isNew, SalesOrder order) {
    }

    /** What storing a batch did: versions stored now, versions already there, and new billable versions. */
    public record StoredBatch(int newVersions, int knownVersions, int newBillable) {
    }

    /** Stores an order version once; storing the same version again changes nothing. */
    @Transactional
    public StoredOrder store(SalesOrder order) {
        StoredBatch stored = storeBatch(List.of(order));
        long id = jdbc.sql("""
                        select id from sales_order where source = :source and crm_order_id = :id and crm_version = :version
                        """)
                .param("source", order.source()).param("id", order.crmOrderId()).param("version", order.crmVersion())
                .query(Long.class).single();
        return new StoredOrder(id, stored.newVersions() == 1, order);
    }

    /**
     * Stores a batch of order versions in one transaction with three round trips whatever its size: a batch
     * insert of the orders that skips versions already stored (unique per source, CRM order id and version),
     * one indexed query for the ids of the new rows, and a batch insert of their lines. A new BILLABLE
     * version waits for invoicing (invoicing_status PENDING); every other version is NONE.
     */
    @Transactional
    public StoredBatch storeBatch(List<SalesOrder> orders) {
        if (orders.isEmpty()) {
            return new StoredBatch(0, 0, 0);
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<Object[]> rows = new ArrayList<>(orders.size());
        for (SalesOrder order : orders) {
            rows.add(new Object[] {order.source(), order.crmOrderId(), order.crmVersion(), order.customerId(),
                    order.customerName(), order.currency().getCurrencyCode(), order.orderDate(),
                    order.paymentTermsDays(), order.status().name(), now,
                    order.isBillable() ? "PENDING" : "NONE"});
        }
        int[] inserted = batch.getJdbcTemplate().batchUpdate("""
                insert into sales_order (source, crm_order_id, crm_version, customer_id, customer_name, currency,
                                         order_date, payment_terms_days, status, received_at, invoicing_status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing
                """, rows);
        Map<String, List<SalesOrder>> newBySource = new LinkedHashMap<>();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] == Statement.SUCCESS_NO_INFO || inserted[i] == Statement.EXECUTE_FAILED) {
                throw new IllegalStateException("the JDBC driver did not say which orders it inserted (" + inserted[i] + ")");
            }
            if (inserted[i] > 0) {
                newBySource.computeIfAbsent(orders.get(i).source(), s -> new ArrayList<>()).add(orders.get(i));
            }
        }
        List<Object[]> lines = new ArrayList<>();
        int newVersions = 0;
        int newBillable = 0;
        for (Map.Entry<String, List<SalesOrder>> source : newBySource.entrySet()) {
            Map<List<String>, Long> ids = new HashMap<>();
            batch.query("""
                            select id, crm_order_id, crm_version from sales_order
                            where source = :source and crm_order_id in (:ids)
                            """,
                    Map.of("source", source.getKey(),
                            "ids", source.getValue().stream().map(SalesOrder::crmOrderId).distinct().toList()),
                    rs -> {
                        ids.put(List.of(rs.getString(2), rs.getString(3)), rs.getLong(1));
                    });
            for (SalesOrder order : source.getValue()) {
                long id = ids.get(List.of(order.crmOrderId(), order.crmVersion()));
                for (OrderLine line : order.lines()) {
                    lines.add(new Object[] {id, line.lineNo(), line.sku(), line.description(), line.quantity(),
                            line.unitPrice()});
                }
                newVersions++;
                newBillable += order.isBillable() ? 1 : 0;
            }
        }
        if (!lines.isEmpty()) {
            batch.getJdbcTemplate().batchUpdate("""
                    insert into sales_order_line (order_id, line_no, sku, description, quantity, unit_price)
                    values (?, ?, ?, ?, ?, ?)
                    """, lines);
        }
        return new StoredBatch(newVersions, orders.size() - newVersions, newBillable);
    }

    /** True unless a later version of the same CRM order has been stored since. */
    public boolean isLatestVersion(long id) {
        return jdbc.sql("""
                        select count(*) from sales_order o join sales_order later
                          on later.source = o.source and later.crm_order_id = o.crm_order_id and later.id > o.id
                        where o.id = :id
                        """)
                .param("id", id).query(Long.class).single() == 0;
    }

    /**
     * Billable order versions that are the latest of their order, have no invoice, and were stored before
     * {@code before}: their orders.billable prompt was lost (the database, not the queue, is the truth).
     */
    public List<Long> billableWithoutInvoice(Instant before) {
        return jdbc.sql("""
                        select o.id from sales_order o
                        where o.status = 'BILLABLE' and o.received_at < :before
                          and not exists (select 1 from sales_order later where later.source = o.source
                                          and later.crm_order_id = o.crm_order_id and later.id > o.id)
                          and not exists (select 1 from invoice i where i.source = o.source
                                          and i.crm_order_id = o.crm_order_id)
                        order by o.id
                        """)
                .param("before", Timestamp.from(before))
                .query(Long.class).list();
    }

    public Optional<SalesOrder> find(long id) {
        List<OrderLine> lines = jdbc.sql("""
                        select line_no, sku, description, quantity, unit_price
                        from sales_order_line where order_id = :id order by line_no
                        """)
                .param("id", id)
                .query((rs, n) -> new OrderLine(rs.getInt("line_no"), rs.getString("sku"), rs.getString("description"),
                        rs.getBigDecimal("quantity").stripTrailingZeros(), rs.getBigDecimal("unit_price").stripTrailingZeros()))
                .list();
        return jdbc.sql("select * from sales_order where id = :id")
                .param("id", id)
                .query((rs, n) -> new SalesOrder(
                        rs.getString("source"),
                        rs.getString("crm_order_id"),
                        rs.getString("crm_version"),
                        rs.getString("customer_id"),
                        rs.getString("customer_name"),
                        Currency.getInstance(rs.getString("currency").trim()),
                        rs.getObject("order_date", java.time.LocalDate.class),
                        (Integer) rs.getObject("payment_terms_days"),
                        OrderStatus.valueOf(rs.getString("status")),
                        lines))
                .optional();
    }
}
