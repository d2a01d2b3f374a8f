package com.ledgerbridge.storage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Webhook notifications we refused, with their reason and the ids they claimed (never the body or signature). */
@Repository
public class RejectedNotifications {

    private final JdbcClient jdbc;
    private final Clock clock;

    public RejectedNotifications(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String gateway, String reason, String detail, String notificationId, String merchantReference,
            String gatewayTradeId) {
        jdbc.sql("""
                        insert into rejected_notification (gateway, reason, detail, notification_id, merchant_reference,
                                                           gateway_trade_id, received_at)
                        values (:gateway, :reason, :detail, :notificationId, :reference, :tradeId, :receivedAt)
                        """)
                .param("gateway", gateway)
                .param("reason", clip(reason, 40))
                .param("detail", clip(detail, 1000))
                .param("notificationId", clip(notificationId, 200))
                .param("reference", clip(merchantReference, 100))
                .param("tradeId", clip(gatewayTradeId, 100))
                .param("receivedAt", Timestamp.from(Instant.now(clock)))
                .update();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
