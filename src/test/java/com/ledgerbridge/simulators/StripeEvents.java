package com.ledgerbridge.simulators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.Stripe;
import com.stripe.net.Webhook;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Plays Stripe's webhook sender: builds v1 ("snapshot") events shaped as the API reference documents them (pretty
 * printed, as Stripe posts them), rendered in the API version stripe-java 33.3.0 pins, and signs them with the
 * official SDK's {@code Webhook.Signature.generateSignatureHeader} (test scope only).
 */
public final class StripeEvents {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();

    private StripeEvents() {
    }

    /** A throwaway endpoint secret, named as such. */
    public static String sandboxSecret() {
        return "whsec_test_sandbox_" + HexFormat.of().formatHex(randomBytes(16));
    }

    /** A Stripe-looking id with {@code prefix} ({@code evt}, {@code ch}, {@code pi}…). */
    public static String newId(String prefix) {
        return prefix + "_3Tst" + HexFormat.of().formatHex(randomBytes(10));
    }

    /** The {@code Stripe-Signature} header the SDK makes for {@code payload} at {@code timestamp}. */
    public static String signature(String payload, String secret, long timestamp) {
        try {
            return Webhook.Signature.generateSignatureHeader(payload, secret, timestamp);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event envelope around {@code object}. */
    public static Event event(String type, ObjectNode object) {
        return new Event(type, object);
    }

    /** An event being built: test mode, platform account, created now, unless told otherwise. */
    public static final class Event {

        private final ObjectNode root = JSON.createObjectNode();

        private Event(String type, ObjectNode object) {
            root.put("id", newId("evt"));
            root.put("object", "event");
            root.put("api_version", Stripe.API_VERSION);
            root.put("created", Instant.now().getEpochSecond());
            root.putObject("data").set("object", object);
            root.put("livemode", false);
            root.put("pending_webhooks", 1);
            ObjectNode request = root.putObject("request");
            request.putNull("id");
            request.putNull("idempotency_key");
            root.put("type", type);
        }

        public Event id(String id) {
            root.put("id", id);
            return this;
        }

        public Event created(long epochSecond) {
            root.put("created", epochSecond);
            return this;
        }

        public Event livemode(boolean livemode) {
            root.put("livemode", livemode);
            return this;
        }

        /** A Connect event of {@code account}. */
        public Event account(String account) {
            root.put("account", account);
            return this;
        }

        public Event apiVersion(String apiVersion) {
            root.put("api_version", apiVersion);
            return this;
        }

        public String id() {
            return root.get("id").asText();
        }

        public String json() {
            try {
                return JSON.writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A succeeded PaymentIntent whose money arrived through {@code chargeId}. */
    public static ObjectNode paymentIntent(String id, String chargeId, long amountReceived, String currency,
            Map<String, String> metadata, String customer) {
        ObjectNode pi = JSON.createObjectNode();
        pi.put("id", id);
        pi.put("object", "payment_intent");
        pi.put("amount", amountReceived);
        pi.put("amount_capturable", 0);
        pi.put("amount_received", amountReceived);
        pi.put("capture_method", "automatic");
        pi.put("created", Instant.now().getEpochSecond() - 5);
        pi.put("currency", currency);
        putNullable(pi, "customer", customer);
        pi.put("latest_charge", chargeId);
        pi.put("livemode", false);
        pi.set("metadata", JSON.valueToTree(metadata));
        pi.put("payment_method", newId("pm"));
        pi.putArray("payment_method_types").add("card");
        pi.put("status", "succeeded");
        return pi;
    }

    /** A captured charge of {@code amount}, of which {@code amountRefunded} has been refunded. */
    public static ObjectNode charge(String id, String paymentIntent, long amount, long amountRefunded, String currency,
            Map<String, String> metadata, String customer, long created) {
        ObjectNode charge = JSON.createObjectNode();
        charge.put("id", id);
        charge.put("object", "charge");
        charge.put("amount", amount);
        charge.put("amount_captured", amount);
        charge.put("amount_refunded", amountRefunded);
        charge.put("balance_transaction", newId("txn"));
        charge.put("captured", true);
        charge.put("created", created);
        charge.put("currency", currency);
        putNullable(charge, "customer", customer);
        charge.put("livemode", false);
        charge.set("metadata", JSON.valueToTree(metadata));
        charge.put("paid", true);
        charge.put("payment_intent", paymentIntent);
        charge.put("refunded", amountRefunded == amount);
        charge.put("status", "succeeded");
        return charge;
    }

    /** A dispute of {@code amount} on {@code chargeId} in {@code status}. */
    public static ObjectNode dispute(String id, String chargeId, long amount, String currency, String status,
            long created) {
        ObjectNode dispute = JSON.createObjectNode();
        dispute.put("id", id);
        dispute.put("object", "dispute");
        dispute.put("amount", amount);
        dispute.putArray("balance_transactions");
        dispute.put("charge", chargeId);
        dispute.put("created", created);
        dispute.put("currency", currency);
        dispute.put("is_charge_refundable", false);
        dispute.put("livemode", false);
        dispute.putObject("metadata");
        dispute.put("payment_intent", newId("pi"));
        dispute.put("reason", "fraudulent");
        dispute.put("status", status);
        return dispute;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void putNullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
