package com.ledgerbridge.storage;

import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Sales orders as received from CRM sources, one row per order version. */
@Repository
public class OrderStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;

    public OrderStore(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
    }

    /** The stored row of an order version; {@code isNew} is false when that version was already stored. */
    public record StoredOrder(long id, boolean isNew, SalesOrder order) {
    }

    /** Stores an order version once; storing the same version again changes nothing. */
    @Transactional
    public StoredOrder store(SalesOrder order) {
        Optional<Long> existing = jdbc.sql("""
                        select id from sales_order where source = :source and crm_order_id = :id and crm_version = :version
                        """)
                .param("source", order.source())
                .param("id", order.crmOrderId())
                .param("version", order.crmVersion())
                .query(Long.class).optional();
        if (existing.isPresent()) {
            return new StoredOrder(existing.get(), false, order);
        }
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into sales_order (source, crm_order_id, crm_version, customer_id, customer_name, currency,
                                                 order_date, payment_terms_days, status, received_at, invoicing_status)
                        values (:source, :id, :version, :customerId, :customerName, :currency,
                                :orderDate, :terms, :status, :receivedAt, :invoicingStatus)
                        """)
                .param("invoicingStatus", order.isBillable() ? "PENDING" : "NONE")
                .param("source", order.source())
                .param("id", order.crmOrderId())
                .param("version", order.crmVersion())
                .param("customerId", order.customerId())
                .param("customerName", order.customerName())
                .param("currency", order.currency().getCurrencyCode())
                .param("orderDate", order.orderDate())
                .param("terms", order.paymentTermsDays())
                .param("status", order.status().name())
                .param("receivedAt", Timestamp.from(Instant.now(clock)))
                .update(key, "id");
        long id = key.getKey().longValue();
        for (OrderLine line : order.lines()) {
            jdbc.sql("""
                            insert into sales_order_line (order_id, line_no, sku, description, quantity, unit_price)
                            values (:orderId, :lineNo, :sku, :description, :quantity, :unitPrice)
                            """)
                    .param("orderId", id)
                    .param("lineNo", line.lineNo())
                    .param("sku", line.sku())
                    .param("description", line.description())
                    .param("quantity", line.quantity())
                    .param("unitPrice", line.unitPrice())
                    .update();
        }
        return new StoredOrder(id, true, order);
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
        batch.batchUpdate("update sales_order set invoicing_status = ?, invoicing_error = ? where id = ?", rows);
    }

    /** The invoicing status of one version, for operators and tests. */
    public Optional<InvoicingStatus> invoicingStatus(long id) {
        return jdbc.sql("select invoicing_status from sales_order where id = :id").param("id", id)
                .query((rs, n) -> InvoicingStatus.valueOf(rs.getString(1))).optional();
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
                            lines.getOrDefault(id, List.of())));
                });
        return orders;
    }
}
