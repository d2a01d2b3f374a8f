package com.ledgerbridge.reports;

import com.ledgerbridge.domain.receivables.ReminderSchedule;
import java.net.URI;
import java.util.List;
import org.quartz.CronExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ledgerbridge.reminders.* — overdue reminders (催款).
 *
 * @param daysPastDue    the stages: days after the due date a reminder is due, e.g. [1, 7, 30]
 * @param cron           Quartz cron (seconds first, read in the company's zone) of the reminder run
 * @param batchSize      reminders delivered per transaction, 1-1000
 * @param maxAttempts    deliveries tried per channel before it is marked FAILED, 1-100
 * @param retryDelaySeconds the wait after a transient delivery failure (doubled per attempt), 1-86400
 * @param deliverySweepMs how often deliveries that failed transiently are looked at again, 1000-86400000
 * @param webhookUrl     where each reminder is POSTed as JSON; blank: no webhook
 * @param email          the e-mail channel
 */
@ConfigurationProperties("ledgerbridge.reminders")
public record ReminderProperties(@DefaultValue({"1", "7", "30"}) List<Integer> daysPastDue,
        @DefaultValue("0 0 9 * * ?") String cron, @DefaultValue("100") int batchSize,
        @DefaultValue("8") int maxAttempts, @DefaultValue("60") int retryDelaySeconds,
        @DefaultValue("60000") long deliverySweepMs, String webhookUrl,
        @DefaultValue Email email) {

    static final String PREFIX = "ledgerbridge.reminders.";

    public ReminderProperties {
        try {
            daysPastDue = new ReminderSchedule(daysPastDue).daysPastDue();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "days-past-due: " + e.getMessage(), e);
        }
        if (cron == null || !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException(PREFIX + "cron must be a Quartz cron expression, was " + cron);
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException(PREFIX + "batch-size must be between 1 and 1000, was " + batchSize);
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException(PREFIX + "max-attempts must be between 1 and 100, was " + maxAttempts);
        }
        if (retryDelaySeconds < 1 || retryDelaySeconds > 86_400) {
            throw new IllegalArgumentException(PREFIX + "retry-delay-seconds must be between 1 and 86400, was "
                    + retryDelaySeconds);
        }
        if (deliverySweepMs < 1000 || deliverySweepMs > 86_400_000) {
            throw new IllegalArgumentException(PREFIX + "delivery-sweep-ms must be between 1000 and 86400000, was "
                    + deliverySweepMs);
        }
        webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.trim();
        if (webhookUrl != null) {
            URI uri;
            try {
                uri = URI.create(webhookUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + "webhook-url is not a URL: " + webhookUrl, e);
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(PREFIX + "webhook-url must be an http(s) URL, was " + webhookUrl);
            }
        }
        if (email == null) {
            email = new Email(false, null, 25, null, null);
        }
    }

    public ReminderSchedule schedule() {
        return new ReminderSchedule(daysPastDue);
    }

    /**
     * The e-mail channel (off by default).
     *
     * @param enabled  whether reminders are e-mailed
     * @param smtpHost the SMTP server (plain SMTP, no authentication: a local relay)
     * @param smtpPort its port
     * @param from     the sender address
     * @param to       the collections mailbox that receives every reminder (customers' addresses are not stored yet)
     */
    public record Email(@DefaultValue("false") boolean enabled, String smtpHost, @DefaultValue("25") int smtpPort,
                        String from, String to) {

        public Email {
            if (enabled) {
                if (smtpHost == null || smtpHost.isBlank()) {
                    throw new IllegalArgumentException(PREFIX + "email.smtp-host is needed when email.enabled");
                }
                if (smtpPort < 1 || smtpPort > 65535) {
                    throw new IllegalArgumentException(PREFIX + "email.smtp-port must be a port, was " + smtpPort);
                }
                if (from == null || !from.contains("@")) {
                    throw new IllegalArgumentException(PREFIX + "email.from must be an e-mail address, was " + from);
                }
                if (to == null || !to.contains("@")) {
                    throw new IllegalArgumentException(PREFIX + "email.to must be an e-mail address, was " + to);
                }
            }
        }
    }
}
