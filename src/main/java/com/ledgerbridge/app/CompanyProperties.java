package com.ledgerbridge.app;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.company.* — facts about the company whose books we keep.
 *
 * @param zone the company's time zone: invoices and payments are booked on its local business day
 * @param name the company's name as customers know it (on statements and reminders)
 */
@ConfigurationProperties("ledgerbridge.company")
public record CompanyProperties(ZoneId zone, String name) {

    public CompanyProperties {
        if (zone == null) {
            throw new IllegalArgumentException("ledgerbridge.company.zone must name a time zone, e.g. Asia/Shanghai");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("ledgerbridge.company.name must give the company's name");
        }
    }
}
