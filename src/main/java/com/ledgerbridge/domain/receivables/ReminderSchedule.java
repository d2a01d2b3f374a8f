package com.ledgerbridge.domain.receivables;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * At which days past due an overdue item gets a reminder (催款), e.g. [1, 7, 30]. An item that is 10 days late
 * is due its 7-day reminder; if that was sent, nothing until day 30. A stage missed earlier (the item was disputed,
 * the service was down) is not sent late once a later stage is reached: the customer gets the current one only.
 */
public record ReminderSchedule(List<Integer> daysPastDue) {

    public ReminderSchedule {
        if (daysPastDue == null || daysPastDue.isEmpty()) {
            throw new IllegalArgumentException("at least one reminder day is needed");
        }
        for (Integer d : daysPastDue) {
            if (d == null || d < 1) {
                throw new IllegalArgumentException("reminder days are whole days after the due date (1 or more): "
                        + daysPastDue);
            }
        }
        if (new TreeSet<>(daysPastDue).size() != daysPastDue.size()) {
            throw new IllegalArgumentException("reminder days repeat: " + daysPastDue);
        }
        daysPastDue = List.copyOf(new TreeSet<>(daysPastDue));
    }

    /** The stage the item is due on {@code asOf} unless already sent, or empty. */
    public Optional<Integer> due(LocalDate dueDate, LocalDate asOf, Set<Integer> alreadySent) {
        long late = java.time.temporal.ChronoUnit.DAYS.between(dueDate, asOf);
        Integer reached = null;
        for (int d : daysPastDue) {
            if (late >= d) {
                reached = d;
            }
        }
        return reached == null || alreadySent.contains(reached) ? Optional.empty() : Optional.of(reached);
    }

    /** The earliest stage: items less late than this need no look. */
    public int first() {
        return daysPastDue.get(0);
    }
}
