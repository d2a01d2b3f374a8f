package com.ledgerbridge.reports;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.receivables.OpenItem;
import com.ledgerbridge.domain.receivables.ReminderSchedule;
import com.ledgerbridge.storage.ReceivablesRecords;
import com.ledgerbridge.storage.ReminderRecords;
import com.ledgerbridge.storage.ReminderRecords.NewReminder;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Overdue reminders (催款): finds the open, undisputed invoices that reached a reminder stage (days past due, by
 * {@link ReminderSchedule}) and records one reminder per (invoice, stage) — the database's unique key makes that
 * once however many runs race — then delivers the pending ones ({@link ReminderDelivery}).
 */
@Component
public class OverdueReminders {

    private static final Logger log = LoggerFactory.getLogger(OverdueReminders.class);

    private final ReceivablesRecords receivables;
    private final ReminderRecords reminders;
    private final ReminderDelivery delivery;
    private final ReminderProperties properties;
    private final CompanyProperties company;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public OverdueReminders(ReceivablesRecords receivables, ReminderRecords reminders, ReminderDelivery delivery,
                            ReminderProperties properties, CompanyProperties company,
                            TransactionTemplate transaction, Clock clock) {
        this.receivables = receivables;
        this.reminders = reminders;
        this.delivery = delivery;
        this.properties = properties;
        this.company = company;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The scheduled run: make today's reminders, then deliver what is due. {"made": n, "delivered": n}. */
    public Map<String, Integer> run() {
        int made = makeDue(LocalDate.now(clock.withZone(company.zone())));
        int delivered = delivery.deliverDue();
        return Map.of("made", made, "delivered", delivered);
    }

    /** Records the reminders due on {@code today}; returns how many this call made (others' are not counted). */
    public int makeDue(LocalDate today) {
        ReminderSchedule schedule = properties.schedule();
        LocalDate dueOnOrBefore = today.minusDays(schedule.first());
        Integer made = transaction.execute(status -> {
            List<OpenItem> overdue = receivables.undisputedOverdue(dueOnOrBefore);
            Map<String, Set<Integer>> already = reminders.stagesMade(dueOnOrBefore);
            List<NewReminder> fresh = new ArrayList<>();
            for (OpenItem item : overdue) {
                Optional<Integer> stage = schedule.due(item.dueDate(), today,
                        already.getOrDefault(ReminderRecords.itemOf(item.invoiceId(), item.instalment()), Set.of()));
                stage.ifPresent(days -> fresh.add(new NewReminder(item.invoiceId(), item.instalment(), days,
                        item.invoiceNumber(),
                        item.customerId(), item.dueDate(), item.open())));
            }
            return reminders.make(fresh, delivery.webhookInitialStatus(), delivery.emailInitialStatus(),
                    Instant.now(clock));
        });
        if (made != null && made > 0) {
            log.info("Made {} overdue reminder(s) for {}", made, today);
        }
        return made == null ? 0 : made;
    }

    public List<ReminderRecords.Reminder> list(String customerId, Integer limit) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw new com.ledgerbridge.failure.BadInput("limit must be between 1 and 1000, was " + n);
        }
        return reminders.list(customerId == null || customerId.isBlank() ? null : customerId, n);
    }
}
