package com.ledgerbridge.domain.receivables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReminderScheduleTest {

    final ReminderSchedule schedule = new ReminderSchedule(List.of(30, 1, 7));
    final LocalDate due = LocalDate.of(2026, 11, 1);

    @Test
    void theLatestStageReachedIsDueOnce() {
        assertThat(schedule.due(due, due, Set.of())).isEmpty();
        assertThat(schedule.due(due, due.plusDays(1), Set.of())).contains(1);
        assertThat(schedule.due(due, due.plusDays(6), Set.of(1))).isEmpty();
        assertThat(schedule.due(due, due.plusDays(7), Set.of(1))).contains(7);
        assertThat(schedule.due(due, due.plusDays(29), Set.of(1, 7))).isEmpty();
        // a missed 1- and 7-day stage: only the current one goes out
        assertThat(schedule.due(due, due.plusDays(40), Set.of())).contains(30);
        assertThat(schedule.due(due, due.plusDays(40), Set.of(30))).isEmpty();
        assertThat(schedule.first()).isEqualTo(1);
    }

    @Test
    void refusesBadDays() {
        assertThatThrownBy(() -> new ReminderSchedule(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new ReminderSchedule(List.of(0, 7))).hasMessageContaining("1 or more");
        assertThatThrownBy(() -> new ReminderSchedule(List.of(7, 7))).hasMessageContaining("repeat");
    }
}
