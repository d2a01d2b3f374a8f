package com.ledgerbridge.gateway.stripe;

import static com.ledgerbridge.gateway.stripe.StripeEvent.malformed;
import static com.ledgerbridge.gateway.stripe.StripeEvent.requiredLong;
import static com.ledgerbridge.gateway.stripe.StripeEvent.requiredText;
import static com.ledgerbridge.gateway.stripe.StripeEvent.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventKeys;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Which money movements a Stripe event reports, in canonical form. Every event is keyed by the <em>charge</em>
 * ({@code ch_…}/{@code py_…}): balance transactions, refunds and disputes all name the charge, so the webhook and the
 * balance-transactions bill meet on it (PaymentEventKeys).
 *
 * <ul>
 *   <li>{@code payment_intent.succeeded}: PAYMENT of {@code amount_received} on {@code latest_charge} (older API
 *       versions: the first of {@code charges.data}), referenced by the configured metadata key.</li>
 *   <li>{@code charge.succeeded}: acknowledged, no event. It fires alongside {@code payment_intent.succeeded} but
 *       carries the charge's metadata, not the PaymentIntent's (Stripe does not copy it), and fires for
 *       authorisations not yet captured. Were it mapped to the same PAYMENT key, whichever came first would be
 *       stored, and a first {@code charge.succeeded} would lose the invoice reference for good.</li>
 *   <li>{@code charge.refunded}: REFUND_TOTAL of {@code amount_refunded} (cumulative), plus the implied PAYMENT of
 *       {@code amount_captured} (its key collapses with the real one). An uncaptured authorisation that was released
 *       also arrives as {@code charge.refunded} ({@code captured=false}): no money moved, no events.</li>
 *   <li>{@code charge.dispute.created} and {@code charge.dispute.funds_withdrawn}: DISPUTE_OPENED. An inquiry
 *       ({@code warning_*} status) withdraws no funds: no events.</li>
 *   <li>{@code charge.dispute.closed}: {@code won} → DISPUTE_WON, {@code lost} → DISPUTE_LOST, each with the
 *       DISPUTE_OPENED it implies; {@code warning_closed} (an inquiry) → no events; any other status is refused.</li>
 *   <li>every other type: acknowledged, no events.</li>
 * </ul>
 */
final class StripePaymentEvents {

    static final String GATEWAY = "stripe";

    private final String referenceMetadataKey;

    StripePaymentEvents(String referenceMetadataKey) {
        this.referenceMetadataKey = referenceMetadataKey;
    }

    /** The events {@code event} reports; empty when it moves no money we book. */
    List<PaymentEvent> of(StripeEvent event) {
        return switch (event.type()) {
            case "payment_intent.succeeded" -> paymentIntentSucceeded(event);
            case "charge.refunded" -> chargeRefunded(event);
            case "charge.dispute.created", "charge.dispute.funds_withdrawn" -> disputeOpened(event);
            case "charge.dispute.closed" -> disputeClosed(event);
            default -> List.of();
        };
    }

    /** Our reference the event's object carries, for the log and refusals; null when none. */
    String reference(StripeEvent event) {
        return reference(event.object());
    }

    private String reference(JsonNode object) {
        return text(object.path("metadata"), referenceMetadataKey);
    }

    /** The charge the event's object names (itself for a charge), for refusals; null when none. */
    static String chargeIdOrNull(StripeEvent event) {
        JsonNode object = event.object();
        return switch (object.path("object").asText("")) {
            case "charge" -> text(object, "id");
            case "dispute" -> text(object, "charge");
            case "payment_intent" -> text(object, "latest_charge");
            default -> null;
        };
    }

    private List<PaymentEvent> paymentIntentSucceeded(StripeEvent event) {
        JsonNode intent = expect(event, "payment_intent");
        String chargeId = text(intent, "latest_charge");
        if (chargeId == null) {
            // API versions before 2022-11-15 list the charges instead, newest first
            JsonNode charges = intent.path("charges").path("data");
            chargeId = charges.isArray() && !charges.isEmpty() ? text(charges.get(0), "id") : null;
        }
        if (chargeId == null) {
            throw malformed("payment intent " + intent.path("id").asText() + " succeeded without a charge "
                    + "(latest_charge): the payment cannot be keyed like its balance transactions and disputes");
        }
        Currency currency = currency(intent);
        Money received = money(requiredLong(intent, "amount_received"), currency, "amount_received");
        return List.of(new PaymentEvent(GATEWAY, PaymentEventKeys.payment(chargeId), PaymentEventType.PAYMENT, chargeId,
                reference(intent), received, event.created(), text(intent, "customer"))
                .withMemo(text(intent, "description")));
    }

    private List<PaymentEvent> chargeRefunded(StripeEvent event) {
        JsonNode charge = expect(event, "charge");
        String chargeId = requiredText(charge, "id");
        Currency currency = currency(charge);
        JsonNode capturedFlag = charge.get("captured");
        long capturedMinor = charge.has("amount_captured") ? requiredLong(charge, "amount_captured")
                : capturedFlag != null && capturedFlag.asBoolean() ? requiredLong(charge, "amount") : 0;
        if (capturedFlag != null && !capturedFlag.asBoolean() || capturedMinor == 0) {
            return List.of(); // a released authorisation: nothing was paid, so nothing was refunded
        }
        Money captured = money(capturedMinor, currency, "amount_captured");
        Money refunded = money(requiredLong(charge, "amount_refunded"), currency, "amount_refunded");
        String reference = reference(charge);
        String payer = text(charge, "customer");
        Instant paidAt = charge.has("created") ? Instant.ofEpochSecond(requiredLong(charge, "created")) : event.created();
        List<PaymentEvent> events = new ArrayList<>(2);
        events.add(new PaymentEvent(GATEWAY, PaymentEventKeys.payment(chargeId), PaymentEventType.PAYMENT, chargeId,
                reference, captured, paidAt, payer));
        if (refunded.isPositive()) {
            events.add(new PaymentEvent(GATEWAY, PaymentEventKeys.refundTotal(chargeId, refunded),
                    PaymentEventType.REFUND_TOTAL, chargeId, reference, refunded, event.created(), payer));
        }
        return events;
    }

    private List<PaymentEvent> disputeOpened(StripeEvent event) {
        JsonNode dispute = expect(event, "dispute");
        if (isInquiry(dispute)) {
            return List.of();
        }
        return List.of(dispute(dispute, PaymentEventType.DISPUTE_OPENED, openedAt(dispute, event)));
    }

    private List<PaymentEvent> disputeClosed(StripeEvent event) {
        JsonNode dispute = expect(event, "dispute");
        String status = requiredText(dispute, "status");
        PaymentEventType outcome = switch (status) {
            case "won" -> PaymentEventType.DISPUTE_WON;
            case "lost" -> PaymentEventType.DISPUTE_LOST;
            case "warning_closed" -> null; // an inquiry closed: it never took money
            default -> throw new InvalidStripeEventException(InvalidStripeEventException.UNKNOWN_DISPUTE_STATUS,
                    "dispute " + dispute.path("id").asText() + " closed with status '" + status
                            + "' (expected won, lost or warning_closed)");
        };
        if (outcome == null) {
            return List.of();
        }
        return List.of(dispute(dispute, PaymentEventType.DISPUTE_OPENED, openedAt(dispute, event)),
                dispute(dispute, outcome, event.created()));
    }

    private PaymentEvent dispute(JsonNode dispute, PaymentEventType stage, Instant at) {
        String disputeId = requiredText(dispute, "id");
        String chargeId = requiredText(dispute, "charge");
        Money amount = money(requiredLong(dispute, "amount"), currency(dispute), "amount");
        return new PaymentEvent(GATEWAY, PaymentEventKeys.dispute(chargeId, disputeId, stage), stage, chargeId,
                reference(dispute), amount, at, null, disputeId);
    }

    private static boolean isInquiry(JsonNode dispute) {
        return requiredText(dispute, "status").startsWith("warning_");
    }

    private static Instant openedAt(JsonNode dispute, StripeEvent event) {
        return dispute.has("created") ? Instant.ofEpochSecond(requiredLong(dispute, "created")) : event.created();
    }

    private static JsonNode expect(StripeEvent event, String objectType) {
        String actual = event.object().path("object").asText("");
        if (!objectType.equals(actual)) {
            throw malformed(event.type() + " carries a '" + actual + "', expected a '" + objectType + "'");
        }
        return event.object();
    }

    private static Currency currency(JsonNode object) {
        try {
            return StripeAmounts.currency(requiredText(object, "currency"));
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private static Money money(long minorUnits, Currency currency, String field) {
        if (minorUnits < 0) {
            throw malformed("'" + field + "' is negative: " + minorUnits);
        }
        try {
            return StripeAmounts.money(minorUnits, currency);
        } catch (IllegalArgumentException e) {
            throw malformed("'" + field + "' " + minorUnits + ": " + e.getMessage());
        }
    }
}
