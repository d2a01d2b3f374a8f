package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;

/**
 * Which business event an Alipay notification reports, and its natural key. Alipay re-sends a
 * notification with the same notify_id, and may also send a second notification (new notify_id) for a
 * payment it already reported, or TRADE_FINISHED after TRADE_SUCCESS: keying the payment on
 * {@code trade_no} makes all of these one event. Refunds are keyed by their refund request.
 */
public final class AlipayPaymentEvents {

    public static final String GATEWAY = "alipay";
    private static final Currency CNY = Currency.getInstance("CNY");

    private AlipayPaymentEvents() {
    }

    /** The money movement a notification reports, or empty when it reports none (e.g. a timeout close). */
    public static Optional<PaymentEvent> toPaymentEvent(AlipayNotification n) {
        boolean refunded = n.refundFee() != null && n.refundFee().signum() > 0;
        if (refunded) {
            String refundKey = n.outBizNo() != null ? n.outBizNo() : n.refundFee().toPlainString();
            Instant at = first(n.gmtRefund(), n.notifyTime(), n.gmtClose());
            // refund_fee is cumulative per trade; the refund flow (a later issue) posts the delta
            return Optional.of(new PaymentEvent(GATEWAY, n.tradeNo() + ":REFUND:" + refundKey, PaymentEventType.REFUND_TOTAL,
                    n.tradeNo(), n.outTradeNo(), Money.of(n.refundFee(), CNY), at, buyer(n)));
        }
        if (!n.tradeStatus().isPaid()) {
            return Optional.empty();
        }
        Instant at = first(n.gmtPayment(), n.notifyTime(), n.gmtCreate());
        return Optional.of(new PaymentEvent(GATEWAY, n.tradeNo() + ":PAYMENT", PaymentEventType.PAYMENT, n.tradeNo(),
                n.outTradeNo(), Money.of(n.totalAmount(), CNY), at, buyer(n)));
    }

    private static String buyer(AlipayNotification n) {
        String buyerId = n.params().get("buyer_id");
        return buyerId != null && !buyerId.isBlank() ? buyerId : n.params().get("buyer_open_id");
    }

    private static Instant first(Instant... candidates) {
        for (Instant candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        throw new InvalidNotificationException(InvalidNotificationException.Reason.MISSING_FIELD, "gmt_payment",
                "the notification carries no time for the event");
    }
}
