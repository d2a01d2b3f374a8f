package com.ledgerbridge.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Customer disputes of invoices on their statement; an open one holds the invoice's reminders. */
@Repository
public class InvoiceDisputes {

    private final JdbcClient jdbc;

    public InvoiceDisputes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A dispute as stored. */
    public record Dispute(long id, long invoiceId, String invoiceNumber, String customerId, String reason,
                          String status, String openedBy, Instant openedAt, String resolution, String resolvedBy,
                          Instant resolvedAt) {
    }

    /** The invoice a dispute can name: its row id and customer. */
    public record InvoiceRef(long id, String invoiceNumber, String customerId) {
    }

    public Optional<InvoiceRef> invoice(String invoiceNumber) {
        return jdbc.sql("select id, invoice_number, customer_id from invoice where invoice_number = :n")
                .param("n", invoiceNumber)
                .query((rs, n) -> new InvoiceRef(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /**
     * Opens a dispute unless the invoice has an open one already (then that one is returned, not a second).
     * Runs in the caller's transaction, so the audit entry commits with it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public OpenResult open(InvoiceRef invoice, String reason, String actor, Instant now) {
        Optional<Dispute> existing = openFor(invoice.id());
        if (existing.isPresent()) {
            return new OpenResult(existing.get(), false);
        }
        try {
            jdbc.sql("""
                            insert into invoice_dispute (invoice_id, open_invoice_id, reason, status, opened_by, opened_at)
                            values (:invoice, :invoice, :reason, 'OPEN', :actor, :at)
                            """)
                    .param("invoice", invoice.id()).param("reason", reason).param("actor", actor)
                    .param("at", Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException raced) {
            // another request opened one between our look and our insert: theirs stands
            throw new ConcurrentDispute(invoice.invoiceNumber());
        }
        return new OpenResult(openFor(invoice.id()).orElseThrow(), true);
    }

    /** Two requests opened the same invoice's dispute at once; the caller retries and finds the other one. */
    public static final class ConcurrentDispute extends com.ledgerbridge.failure.BadInput {
        public ConcurrentDispute(String invoiceNumber) {
            super("a dispute for invoice " + invoiceNumber + " was opened at the same moment by another request: "
                    + "look at the invoice's disputes, it is there");
        }
    }

    public record OpenResult(Dispute dispute, boolean created) {
    }

    public Optional<Dispute> openFor(long invoiceId) {
        return jdbc.sql(SELECT + " where d.open_invoice_id = :invoice").param("invoice", invoiceId)
                .query((rs, n) -> dispute(rs)).optional();
    }

    public Optional<Dispute> find(long id) {
        return jdbc.sql(SELECT + " where d.id = :id").param("id", id).query((rs, n) -> dispute(rs)).optional();
    }

    /** Locks the dispute row for an action on it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Dispute> lock(long id) {
        Optional<Long> locked = jdbc.sql("select id from invoice_dispute where id = :id for update")
                .param("id", id).query(Long.class).optional();
        return locked.flatMap(this::find);
    }

    /** Resolves an open dispute (locked by {@link #lock}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Dispute resolve(long id, String resolution, String actor, Instant now) {
        jdbc.sql("""
                        update invoice_dispute set status = 'RESOLVED', open_invoice_id = null, resolution = :resolution,
                               resolved_by = :actor, resolved_at = :at
                        where id = :id and status = 'OPEN'
                        """)
                .param("resolution", resolution).param("actor", actor).param("at", Timestamp.from(now))
                .param("id", id)
                .update();
        return find(id).orElseThrow();
    }

    /** Disputes of a customer's invoices, newest first; open ones only if asked. */
    public List<Dispute> forCustomer(String customerId, boolean openOnly) {
        return jdbc.sql(SELECT + " where i.customer_id = :c" + (openOnly ? " and d.status = 'OPEN'" : "")
                        + " order by d.id desc")
                .param("c", customerId).query((rs, n) -> dispute(rs)).list();
    }

    private static final String SELECT = """
            select d.id, d.invoice_id, i.invoice_number, i.customer_id, d.reason, d.status, d.opened_by, d.opened_at,
                   d.resolution, d.resolved_by, d.resolved_at
            from invoice_dispute d join invoice i on i.id = d.invoice_id""";

    private static Dispute dispute(ResultSet rs) throws SQLException {
        Timestamp resolvedAt = rs.getTimestamp("resolved_at");
        return new Dispute(rs.getLong("id"), rs.getLong("invoice_id"), rs.getString("invoice_number"),
                rs.getString("customer_id"), rs.getString("reason"), rs.getString("status"),
                rs.getString("opened_by"), rs.getTimestamp("opened_at").toInstant(), rs.getString("resolution"),
                rs.getString("resolved_by"), resolvedAt == null ? null : resolvedAt.toInstant());
    }
}
