package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventKeys;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.gateway.alipay.InvalidNotificationException.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * What an Alipay trade notification tells us, as payment events keyed by {@link PaymentEventKeys}. Each event is an
 * observation (the lifecycle only ever adds to what it knows), so a notification reports every fact it implies:
 *
 * <table>
 * <caption>events per trade_status</caption>
 * <tr><th>trade_status</th><th>without refund_fee</th><th>with refund_fee &gt; 0</th></tr>
 * <tr><td>WAIT_BUYER_PAY</td><td>none</td><td>none</td></tr>
 * <tr><td>TRADE_SUCCESS</td><td>PAYMENT</td><td>PAYMENT, REFUND_TOTAL (partial refund)</td></tr>
 * <tr><td>TRADE_CLOSED</td><td>CLOSED (timed out unpaid)</td><td>PAYMENT, REFUND_TOTAL, CLOSED (full refund)</td></tr>
 * <tr><td>TRADE_FINISHED</td><td>PAYMENT, CLOSED</td><td>PAYMENT, REFUND_TOTAL, CLOSED</td></tr>
 * </table>
 *
 * <p>The PAYMENT of a refund or finished notification is implied and carries the same key as the real one, so
 * whichever arrives first books the payment and the other is a duplicate. {@code refund_fee} is the cumulative
 * refunded amount, so each distinct total is its own REFUND_TOTAL (key: trade and total), and the largest wins.
 * Resends (same {@code notify_id}) and second notifications of the same fact produce the same keys.
 */
public final class AlipayPaymentEvents {

    public static final String GATEWAY = "alipay";
    /** Alipay's domestic trades are in yuan. */
    public static final Currency CNY = Currency.getInstance("CNY");

    private AlipayPaymentEvents() {
    }

    /**
     * The events a notification reports (empty for WAIT_BUYER_PAY), after checking its amounts agree with each
     * other.
     *
     * @throws InvalidNotificationException when an amount is impossible ({@code total_amount} zero, a refund or
     *         receipt larger than the trade) or the notification carries no time for an event it reports
     */
    public static List<PaymentEvent> toPaymentEvents(AlipayNotification n) {
        checkAmounts(n);
        boolean refunded = n.refundFee() != null && n.refundFee().signum() > 0;
        List<PaymentEvent> events = new ArrayList<>(3);
        switch (n.tradeStatus()) {
            case WAIT_BUYER_PAY -> {
                // created, not paid: nothing happened to money yet
            }
            case TRADE_SUCCESS -> {
                events.add(payment(n));
                if (refunded) {
                    events.add(refundTotal(n));
                }
            }
            case TRADE_CLOSED -> {
                if (refunded) { // closed because refunds reached the full amount: it had been paid
                    events.add(payment(n));
                    events.add(refundTotal(n));
                }
                events.add(closed(n));
            }
            case TRADE_FINISHED -> {
                events.add(payment(n));
                if (refunded) {
                    events.add(refundTotal(n));
                }
                events.add(closed(n));
            }
        }
        return List.copyOf(events);
    }

    private static void checkAmounts(AlipayNotification n) {
        BigDecimal total = n.totalAmount();
        if (total.signum() <= 0) {
            throw new InvalidNotificationException(Reason.NON_POSITIVE_AMOUNT, "total_amount",
                    "total_amount " + total.toPlainString() + " is not positive");
        }
        if (n.refundFee() != null && n.refundFee().compareTo(total) > 0) {
            throw new InvalidNotificationException(Reason.REFUND_EXCEEDS_TOTAL, "refund_fee", "refund_fee "
                    + n.refundFee().toPlainString() + " is more than total_amount " + total.toPlainString());
        }
        notAboveTotal("receipt_amount", n.receiptAmount(), total);
        notAboveTotal("buyer_pay_amount", n.buyerPayAmount(), total);
    }

    private static void notAboveTotal(String field, BigDecimal amount, BigDecimal total) {
        if (amount != null && amount.compareTo(total) > 0) {
            throw new InvalidNotificationException(Reason.AMOUNT_EXCEEDS_TOTAL, field, field + " "
                    + amount.toPlainString() + " is more than total_amount " + total.toPlainString());
        }
    }

    private static PaymentEvent payment(AlipayNotification n) {
        Instant at = first("gmt_payment", n.gmtPayment(), n.notifyTime(), n.gmtCreate());
        // passback_params (decoded once) is the merchant's own text: matching looks for invoice numbers in it
        return new PaymentEvent(GATEWAY, PaymentEventKeys.payment(n.tradeNo()), PaymentEventType.PAYMENT, n.tradeNo(),
                n.outTradeNo(), yuan(n.totalAmount()), at, buyer(n)).withMemo(n.passbackParams());
    }

    private static PaymentEvent refundTotal(AlipayNotification n) {
        Money refunded = yuan(n.refundFee());
        Instant at = first("gmt_refund", n.gmtRefund(), n.gmtClose(), n.notifyTime());
        return new PaymentEvent(GATEWAY, PaymentEventKeys.refundTotal(n.tradeNo(), refunded),
                PaymentEventType.REFUND_TOTAL, n.tradeNo(), n.outTradeNo(), refunded, at, buyer(n), n.outBizNo());
    }

    private static PaymentEvent closed(AlipayNotification n) {
        Instant at = first("gmt_close", n.gmtClose(), n.notifyTime());
        return new PaymentEvent(GATEWAY, PaymentEventKeys.closed(n.tradeNo()), PaymentEventType.CLOSED, n.tradeNo(),
                n.outTradeNo(), yuan(n.totalAmount()), at, buyer(n));
    }

    private static Money yuan(BigDecimal amount) {
        return Money.of(amount, CNY);
    }

    private static String buyer(AlipayNotification n) {
        String buyerId = n.params().get("buyer_id");
        return !AlipaySignContent.isEmpty(buyerId) ? buyerId : n.params().get("buyer_open_id");
    }

    /** The event's own time, else the next best the notification carries. */
    private static Instant first(String field, Instant... candidates) {
        for (Instant candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        throw new InvalidNotificationException(Reason.MISSING_FIELD, field,
                "the notification carries no time for the event");
    }
}
