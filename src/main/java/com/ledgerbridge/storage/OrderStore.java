package com.ledgerbridge.storage;

import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Sales orders as received from CRM sources, one row per order version. */
@Repository
public class OrderStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public OrderStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
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
                                                 order_date, payment_terms_days, status, received_at)
                        values (:source, :id, :version, :customerId, :customerName, :currency,
                                :orderDate, :terms, :status, :receivedAt)
                        """)
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
