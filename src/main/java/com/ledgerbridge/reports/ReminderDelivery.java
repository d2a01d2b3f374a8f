package com.ledgerbridge.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.storage.ReminderRecords;
import com.ledgerbridge.storage.ReminderRecords.Claimed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers recorded reminders to the configured webhook (camel-http) and by e-mail (SMTP). Each batch is claimed
 * with its rows locked ({@code for update skip locked}) and marked in the same transaction, so no two instances
 * deliver one reminder; each channel has its own status, so a reminder whose webhook went out while its e-mail
 * failed retries only the e-mail. A transient failure (no answer, 5xx, 429, SMTP unreachable) is retried later
 * with a doubling delay, up to max-attempts; a refusal (other 4xx) is FAILED at once. A reminder whose invoice
 * was paid meanwhile is CANCELLED; one whose invoice is disputed waits (held) until the dispute is resolved.
 * The webhook request carries {@code Idempotency-Key: reminder-<id>}: should a commit fail after a send, the
 * receiver can tell the repeat.
 */
@Component
public class ReminderDelivery {

    private static final Logger log = LoggerFactory.getLogger(ReminderDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReminderRecords reminders;
    private final ReminderProperties properties;
    private final CompanyProperties company;
    private final ProducerTemplate http;
    private final JavaMailSenderImpl mail;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public ReminderDelivery(ReminderRecords reminders, ReminderProperties properties, CompanyProperties company,
                            ProducerTemplate http, TransactionTemplate transaction, Clock clock) {
        this.reminders = reminders;
        this.properties = properties;
        this.company = company;
        this.http = http;
        this.transaction = transaction;
        this.clock = clock;
        this.mail = properties.email().enabled() ? sender(properties.email()) : null;
    }

    private static JavaMailSenderImpl sender(ReminderProperties.Email email) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(email.smtpHost());
        sender.setPort(email.smtpPort());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties props = new Properties();
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "30000");
        props.put("mail.smtp.writetimeout", "30000");
        sender.setJavaMailProperties(props);
        return sender;
    }

    String webhookInitialStatus() {
        return properties.webhookUrl() == null ? ReminderRecords.OFF : ReminderRecords.PENDING;
    }

    String emailInitialStatus() {
        return mail == null ? ReminderRecords.OFF : ReminderRecords.PENDING;
    }

    /** Delivers pending reminders that are due, batch by batch; returns how many channel deliveries succeeded. */
    public int deliverDue() {
        int sent = 0;
        while (true) {
            int[] batch = transaction.execute(status -> deliverBatch());
            if (batch == null || batch[0] == 0) {
                return sent;
            }
            sent += batch[1];
            if (batch[0] < properties.batchSize()) {
                return sent;
            }
        }
    }

    /** {claimed, sent} */
    private int[] deliverBatch() {
        Instant now = Instant.now(clock);
        List<Claimed> claimed = reminders.claimDeliverable(properties.batchSize(), now);
        int sent = 0;
        for (Claimed r : claimed) {
            if (!r.stillOpen()) {
                reminders.delivered(r.id(), cancel(r.webhookStatus()), cancel(r.emailStatus()), r.attempts(), now,
                        "the invoice was paid before the reminder went out");
                continue;
            }
            if (r.disputed()) {
                // held, not spent: it goes out once the dispute is resolved (if the invoice is still open then)
                reminders.delivered(r.id(), r.webhookStatus(), r.emailStatus(), r.attempts(),
                        now.plusSeconds(properties.retryDelaySeconds()), "held: the invoice is disputed");
                continue;
            }
            Outcome webhook = ReminderRecords.PENDING.equals(r.webhookStatus()) ? postWebhook(r) : null;
            Outcome email = ReminderRecords.PENDING.equals(r.emailStatus()) ? sendEmail(r) : null;
            int attempts = r.attempts() + 1;
            boolean out = attempts >= properties.maxAttempts();
            String webhookStatus = status(r.webhookStatus(), webhook, out);
            String emailStatus = status(r.emailStatus(), email, out);
            sent += (webhook != null && webhook.ok() ? 1 : 0) + (email != null && email.ok() ? 1 : 0);
            String error = join(webhook, email);
            long delay = properties.retryDelaySeconds() * (1L << Math.min(20, attempts - 1));
            reminders.delivered(r.id(), webhookStatus, emailStatus, attempts, now.plusSeconds(delay), error);
            if (error != null) {
                log.warn("Reminder {} for invoice {} (stage {} days): {}", r.id(), r.invoiceNumber(),
                        r.daysPastDue(), error);
            }
        }
        return new int[] {claimed.size(), sent};
    }

    private static String cancel(String status) {
        return ReminderRecords.PENDING.equals(status) ? ReminderRecords.CANCELLED : status;
    }

    private static String status(String current, Outcome outcome, boolean attemptsUsedUp) {
        if (outcome == null) {
            return current;
        }
        if (outcome.ok()) {
            return ReminderRecords.SENT;
        }
        return outcome.transientFailure() && !attemptsUsedUp ? ReminderRecords.PENDING : ReminderRecords.FAILED;
    }

    private static String join(Outcome webhook, Outcome email) {
        StringBuilder s = new StringBuilder();
        if (webhook != null && !webhook.ok()) {
            s.append("webhook: ").append(webhook.error());
        }
        if (email != null && !email.ok()) {
            s.append(s.isEmpty() ? "" : "; ").append("email: ").append(email.error());
        }
        return s.isEmpty() ? null : s.toString();
    }

    record Outcome(boolean ok, boolean transientFailure, String error) {
        static final Outcome OK = new Outcome(true, false, null);
    }

    Map<String, Object> payload(Claimed r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reminderId", r.id());
        body.put("company", company.name());
        body.put("customerId", r.customerId());
        body.put("invoiceNumber", r.invoiceNumber());
        if (r.instalment() > 0) {
            body.put("instalment", r.instalment());
        }
        body.put("dueDate", r.dueDate().toString());
        body.put("daysPastDue", r.daysPastDue());
        body.put("openAmount", r.open().amount().toPlainString());
        body.put("currency", r.open().currency().getCurrencyCode());
        return body;
    }

    private Outcome postWebhook(Claimed r) {
        String url = properties.webhookUrl();
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload(r));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Exchange response = http.send(url + (url.contains("?") ? "&" : "?") + "throwExceptionOnFailure=false",
                exchange -> {
                    exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
                    exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                    exchange.getIn().setHeader("Idempotency-Key", "reminder-" + r.id());
                    exchange.getIn().setBody(body);
                });
        if (response.getException() != null) {
            return new Outcome(false, true, "no answer: " + response.getException().getMessage());
        }
        int status = response.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status <= 299) {
            return Outcome.OK;
        }
        boolean transientFailure = status >= 500 || status == 429 || status == 408;
        return new Outcome(false, transientFailure, "HTTP " + status);
    }

    private Outcome sendEmail(Claimed r) {
        ReminderProperties.Email email = properties.email();
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(email.from());
        message.setTo(email.to());
        message.setSubject("Payment reminder: invoice " + r.invoiceNumber()
                + (r.instalment() > 0 ? " instalment " + r.instalment() : "") + " is " + r.daysPastDue()
                + " day(s) overdue");
        message.setText(company.name() + "\n\nCustomer " + r.customerId() + ": invoice " + r.invoiceNumber()
                + " was due on " + r.dueDate() + "; " + r.open().amount().toPlainString() + " "
                + r.open().currency().getCurrencyCode() + " is still open.\n"
                + "If the invoice is in dispute or already paid, please tell us.\n\nReminder " + r.id() + "\n");
        try {
            mail.send(message);
            return Outcome.OK;
        } catch (MailException e) {
            // an SMTP server that is down or busy is worth another try; a bad address would fail the same again,
            // but JavaMail does not tell the two apart reliably, so attempts are bounded by max-attempts
            return new Outcome(false, true, e.getMessage());
        }
    }
}
