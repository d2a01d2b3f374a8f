package com.ledgerbridge.storage;

import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
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
                    order.paymentTermsDays(), order.paymentTerms(), order.status().name(), now,
                    order.isBillable() ? "PENDING" : "NONE"});
        }
        int[] inserted = batch.getJdbcTemplate().batchUpdate("""
                insert into sales_order (source, crm_order_id, crm_version, customer_id, customer_name, currency,
                                         order_date, payment_terms_days, payment_terms, status, received_at,
                                         invoicing_status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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

    /** Where an order version is on its way to an invoice (column sales_order.invoicing_status). */
    public enum InvoicingStatus { NONE, PENDING, INVOICED, SKIPPED, FAILED }

    /**
     * Claims up to {@code limit} order versions waiting for an invoice, oldest first, locking their rows until
     * the caller's transaction ends. Rows another transaction holds are skipped, not waited for, so several
     * instances invoice side by side.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Long> claimWaitingForInvoice(int limit) {
        return jdbc.sql("""
                        select id from sales_order where invoicing_status = 'PENDING'
                        order by id limit :limit for update skip locked
                        """)
                .param("limit", limit).query(Long.class).list();
    }

    /** The claimed versions of which a later version of the same CRM order is stored. */
    public Set<Long> supersededAmong(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        select o.id from sales_order o where o.id in (:ids)
                          and exists (select 1 from sales_order later where later.source = o.source
                                      and later.crm_order_id = o.crm_order_id and later.id > o.id)
                        """)
                .param("ids", ids).query(Long.class).list());
    }

    /** Records the invoicing outcome of many versions in one JDBC batch. */
    public void markInvoicing(Map<Long, InvoicingStatus> outcomes, Map<Long, String> errors) {
        List<Object[]> rows = new ArrayList<>();
        outcomes.forEach((id, status) -> rows.add(new Object[] {status.name(), errors.get(id), id}));
        batch.getJdbcTemplate().batchUpdate("update sales_order set invoicing_status = ?, invoicing_error = ? where id = ?", rows);
    }

    /** The invoicing status of one version, for operators and tests. */
    public Optional<InvoicingStatus> invoicingStatus(long id) {
        return jdbc.sql("select invoicing_status from sales_order where id = :id").param("id", id)
                .query((rs, n) -> InvoicingStatus.valueOf(rs.getString(1))).optional();
    }

    /**
     * The customers of those CRM orders among {@code crmOrderIds} that have no invoice yet (what a prepayment
     * names); an order id two sources use for different customers is left out.
     */
    public Map<String, String> customersOfUninvoicedOrders(Collection<String> crmOrderIds) {
        List<String> ids = crmOrderIds.stream().filter(id -> id != null && !id.isBlank()).distinct().toList();
        Map<String, String> customers = new HashMap<>();
        if (ids.isEmpty()) {
            return customers;
        }
        java.util.Set<String> ambiguous = new java.util.HashSet<>();
        jdbc.sql("""
                        select distinct o.crm_order_id, o.customer_id from sales_order o
                        where o.crm_order_id in (:ids)
                          and not exists (select 1 from invoice i where i.source = o.source and i.crm_order_id = o.crm_order_id)
                        """)
                .param("ids", ids)
                .query(rs -> {
                    if (customers.putIfAbsent(rs.getString(1), rs.getString(2)) != null) {
                        ambiguous.add(rs.getString(1));
                    }
                });
        ambiguous.forEach(customers::remove);
        return customers;
    }

    public Optional<SalesOrder> find(long id) {
        return Optional.ofNullable(findAll(List.of(id)).get(id));
    }

    /** Loads many order versions with their lines in two queries, keyed by id. */
    public Map<Long, SalesOrder> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<OrderLine>> lines = new HashMap<>();
        jdbc.sql("""
                        select order_id, line_no, sku, description, quantity, unit_price
                        from sales_order_line where order_id in (:ids) order by order_id, line_no
                        """)
                .param("ids", ids)
                .query(rs -> {
                    lines.computeIfAbsent(rs.getLong("order_id"), k -> new ArrayList<>()).add(new OrderLine(
                            rs.getInt("line_no"), rs.getString("sku"), rs.getString("description"),
                            rs.getBigDecimal("quantity").stripTrailingZeros(),
                            rs.getBigDecimal("unit_price").stripTrailingZeros()));
                });
        Map<Long, SalesOrder> orders = new LinkedHashMap<>();
        jdbc.sql("select * from sales_order where id in (:ids) order by id")
                .param("ids", ids)
                .query(rs -> {
                    long id = rs.getLong("id");
                    orders.put(id, new SalesOrder(
                            rs.getString("source"),
                            rs.getString("crm_order_id"),
                            rs.getString("crm_version"),
                            rs.getString("customer_id"),
                            rs.getString("customer_name"),
                            Currency.getInstance(rs.getString("currency").trim()),
                            rs.getObject("order_date", java.time.LocalDate.class),
                            (Integer) rs.getObject("payment_terms_days"),
                            OrderStatus.valueOf(rs.getString("status")),
                            lines.getOrDefault(id, List.of()),
                            rs.getString("payment_terms")));
                });
        return orders;
    }
}
