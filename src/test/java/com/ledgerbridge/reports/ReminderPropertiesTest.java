package com.ledgerbridge.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReminderPropertiesTest {

    static final ReminderProperties.Email OFF = new ReminderProperties.Email(false, null, 25, null, null);

    static ReminderProperties with(List<Integer> days, String cron, String webhook, ReminderProperties.Email email) {
        return new ReminderProperties(days, cron, 100, 8, 60, 60_000, webhook, email);
    }

    @Test
    void goodSettingsAreKept() {
        ReminderProperties p = with(List.of(30, 1, 7), "0 0 9 * * ?", " https://hooks.example.com/r ", OFF);
        assertThat(p.daysPastDue()).containsExactly(1, 7, 30);
        assertThat(p.webhookUrl()).isEqualTo("https://hooks.example.com/r");
        assertThat(with(List.of(1), "0 0 9 * * ?", "  ", null).webhookUrl()).isNull();
    }

    @Test
    void badSettingsStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> with(List.of(0), "0 0 9 * * ?", null, OFF))
                .hasMessageStartingWith("ledgerbridge.reminders.days-past-due");
        assertThatThrownBy(() -> with(List.of(1), "every day", null, OFF))
                .hasMessageStartingWith("ledgerbridge.reminders.cron");
        assertThatThrownBy(() -> with(List.of(1), "0 0 9 * * ?", "ftp://x/y", OFF))
                .hasMessageStartingWith("ledgerbridge.reminders.webhook-url");
        assertThatThrownBy(() -> new ReminderProperties(List.of(1), "0 0 9 * * ?", 0, 8, 60, 60_000, null, OFF))
                .hasMessageStartingWith("ledgerbridge.reminders.batch-size");
        assertThatThrownBy(() -> new ReminderProperties.Email(true, "", 25, "a@b.c", "d@e.f"))
                .hasMessageStartingWith("ledgerbridge.reminders.email.smtp-host");
        assertThatThrownBy(() -> new ReminderProperties.Email(true, "smtp", 25, "nobody", "d@e.f"))
                .hasMessageStartingWith("ledgerbridge.reminders.email.from");
    }
}
