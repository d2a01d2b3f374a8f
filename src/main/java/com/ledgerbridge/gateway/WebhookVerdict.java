package com.ledgerbridge.gateway;

import com.ledgerbridge.domain.payment.PaymentEvent;
import java.util.List;
import java.util.Objects;

/** What a gateway made of one notification: accepted (with the money movements it reports) or rejected. */
public sealed interface WebhookVerdict {

    /**
     * A genuine notification for us.
     *
     * @param notificationId the gateway's id of this notification (Alipay {@code notify_id}); kept with the event
     * @param reference      our reference it concerns (Alipay {@code out_trade_no}), for the log; may be null
     * @param events         the money movements it reports, each with its natural key; empty when it moves no
     *                       money (e.g. a trade closed unpaid), which is acknowledged and stores nothing
     * @param rawPayload     the notification as stored with its events, byte for byte recoverable
     */
    record Accepted(String notificationId, String reference, List<PaymentEvent> events, String rawPayload)
            implements WebhookVerdict {

        public Accepted {
            Objects.requireNonNull(notificationId, "notificationId");
            events = List.copyOf(events);
            Objects.requireNonNull(rawPayload, "rawPayload");
        }

        /** The id that names this notification in the log: its event's key, else the notification id. */
        public String correlationId() {
            return events.size() == 1 ? events.get(0).eventKey() : notificationId;
        }
    }

    /**
     * A notification we refuse: forged, tampered, malformed or meant for another merchant.
     *
     * @param reason         a short code (e.g. {@code SIGNATURE_MISMATCH}, {@code FOREIGN_APP_ID})
     * @param detail         what was wrong, for the operator; never key material or the whole body
     * @param notificationId the notification's id when it could be read, else null
     * @param reference      our reference it claims to concern, when it could be read, else null
     * @param gatewayTradeId the gateway's transaction id it claims, when it could be read, else null
     */
    record Rejected(String reason, String detail, String notificationId, String reference, String gatewayTradeId)
            implements WebhookVerdict {

        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
