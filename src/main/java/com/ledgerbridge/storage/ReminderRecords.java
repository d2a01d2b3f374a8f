package com.ledgerbridge.storage;

import com.ledgerbridge.domain.money.Money;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Overdue reminders: one row per (invoice, instalment, stage), inserted with "on conflict do nothing" so concurrent runs make
 * each reminder once, and each row is the outbox its deliveries are claimed from.
 */
@Repository
public class ReminderRecords {

    /** A channel's delivery state. OFF: the channel was not configured when the reminder was made. */
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    public static final String OFF = "OFF";
    /** The invoice was paid or disputed before the reminder went out. */
    public static final String CANCELLED = "CANCELLED";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    public ReminderRecords(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * The stages already made for open items (invoices or instalments) due on or before {@code dueOnOrBefore}, by
     * {@link #itemOf}.
     */
    public Map<String, Set<Integer>> stagesMade(LocalDate dueOnOrBefore) {
        Map<String, Set<Integer>> made = new HashMap<>();
        jdbc.sql("""
                        select r.invoice_id, r.instalment_no, r.days_past_due from reminder_event r
                        join invoice i on i.id = r.invoice_id
                        where i.gross_total > i.allocated_total and r.due_date <= :due
                        """)
                .param("due", dueOnOrBefore)
                .query(rs -> {
                    made.computeIfAbsent(itemOf(rs.getLong(1), rs.getInt(2)), k -> new HashSet<>()).add(rs.getInt(3));
                });
        return made;
    }

    /** How {@link #stagesMade} names an item: the invoice id and the instalment (0: the whole invoice). */
    public static String itemOf(long invoiceId, int instalment) {
        return invoiceId + "#" + instalment;
    }

    /** A reminder to make: for a whole invoice ({@code instalment} 0) or one instalment of it. */
    public record NewReminder(long invoiceId, int instalment, int daysPastDue, String invoiceNumber, String customerId,
                              LocalDate dueDate, Money open) {
    }

    /** Inserts the reminders not made yet (by anyone); returns how many this call made. */
    public int make(List<NewReminder> reminders, String webhookStatus, String emailStatus, Instant now) {
        if (reminders.isEmpty()) {
            return 0;
        }
        Timestamp at = Timestamp.from(now);
        List<Object[]> rows = new ArrayList<>();
        for (NewReminder r : reminders) {
            rows.add(new Object[] {r.invoiceId(), r.instalment(), r.daysPastDue(), r.invoiceNumber(), r.customerId(),
                    r.dueDate(), r.open().amount(), r.open().currency().getCurrencyCode(), at, webhookStatus, emailStatus,
                    at});
        }
        int[] counts = batch.batchUpdate("""
                insert into reminder_event (invoice_id, instalment_no, days_past_due, invoice_number, customer_id,
                    due_date, open_amount, currency, created_at, webhook_status, email_status, attempts, next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                on conflict do nothing
                """, rows);
        int made = 0;
        for (int c : counts) {
            // some drivers answer SUCCESS_NO_INFO (-2) in batches: count those as made (the constraint held anyway)
            made += c == 0 ? 0 : 1;
        }
        return made;
    }

    /** A reminder claimed for delivery, with whether its invoice still warrants it. */
    public record Claimed(long id, long invoiceId, int instalment, int daysPastDue, String invoiceNumber, String customerId,
                          LocalDate dueDate, Money open, String webhookStatus, String emailStatus, int attempts,
                          boolean stillOpen, boolean disputed) {
    }

    /**
     * Claims reminders with a channel PENDING whose next attempt is due, locking them until the caller's transaction
     * ends (another instance skips them), so a reminder is delivered by one instance at a time.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Claimed> claimDeliverable(int limit, Instant now) {
        List<Long> ids = jdbc.sql("""
                        select id from reminder_event
                        where (webhook_status = 'PENDING' or email_status = 'PENDING') and next_attempt_at <= :now
                        order by id limit :limit for update skip locked
                        """)
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select r.id, r.invoice_id, r.instalment_no, r.days_past_due, r.invoice_number, r.customer_id,
                               r.due_date, r.open_amount, r.currency, r.webhook_status, r.email_status, r.attempts,
                               case when r.instalment_no = 0 and i.gross_total > i.allocated_total then 1
                                    -- an instalment is open while the invoice's allocated total has not reached it
                                    when r.instalment_no > 0 and i.allocated_total
                                         < (select sum(s.amount) from invoice_instalment s
                                            where s.invoice_id = r.invoice_id and s.instalment_no <= r.instalment_no)
                                    then 1 else 0 end as still_open,
                               case when exists (select 1 from invoice_dispute d where d.open_invoice_id = i.id)
                                    then 1 else 0 end as disputed
                        from reminder_event r join invoice i on i.id = r.invoice_id
                        where r.id in (:ids) order by r.id
                        """)
                .param("ids", ids)
                .query((rs, n) -> new Claimed(rs.getLong("id"), rs.getLong("invoice_id"), rs.getInt("instalment_no"),
                        rs.getInt("days_past_due"),
                        rs.getString("invoice_number"), rs.getString("customer_id"),
                        rs.getObject("due_date", LocalDate.class),
                        Money.of(rs.getBigDecimal("open_amount"), Currency.getInstance(rs.getString("currency").trim())),
                        rs.getString("webhook_status"), rs.getString("email_status"), rs.getInt("attempts"),
                        rs.getInt("still_open") == 1, rs.getInt("disputed") == 1))
                .list();
    }

    /** Records a claimed reminder's delivery outcome (in the claiming transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void delivered(long id, String webhookStatus, String emailStatus, int attempts, Instant nextAttemptAt,
                          String lastError) {
        jdbc.sql("""
                        update reminder_event set webhook_status = :webhook, email_status = :email, attempts = :attempts,
                               next_attempt_at = :next, last_error = :error
                        where id = :id
                        """)
                .param("webhook", webhookStatus).param("email", emailStatus).param("attempts", attempts)
                .param("next", Timestamp.from(nextAttemptAt))
                .param("error", lastError == null ? null : lastError.substring(0, Math.min(1000, lastError.length())))
                .param("id", id)
                .update();
    }

    /** A reminder as the operations API shows it. */
    public record Reminder(long id, String invoiceNumber, int instalment, String customerId, int daysPastDue, String dueDate,
                           String openAmount, String currency, String createdAt, String webhookStatus,
                           String emailStatus, int attempts, String lastError) {
    }

    /** Reminders, newest first; one customer's or all. */
    public List<Reminder> list(String customerId, int limit) {
        return jdbc.sql("""
                        select id, invoice_number, instalment_no, customer_id, days_past_due, due_date, open_amount, currency,
                               created_at, webhook_status, email_status, attempts, last_error
                        from reminder_event
                        where (cast(:c as varchar(100)) is null or customer_id = :c)
                        order by id desc limit :limit
                        """)
                .param("c", customerId).param("limit", limit)
                .query((rs, n) -> new Reminder(rs.getLong("id"), rs.getString("invoice_number"),
                        rs.getInt("instalment_no"), rs.getString("customer_id"), rs.getInt("days_past_due"),
                        rs.getObject("due_date", LocalDate.class).toString(),
                        rs.getBigDecimal("open_amount").toPlainString(),
                        rs.getString("currency").trim(), rs.getTimestamp("created_at").toInstant().toString(),
                        rs.getString("webhook_status"), rs.getString("email_status"), rs.getInt("attempts"),
                        rs.getString("last_error")))
                .list();
    }
}
