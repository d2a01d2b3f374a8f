package com.ledgerbridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Hex;

/**
 * Stripe {@code payment_intent.succeeded} events as Stripe sends them: the JSON event signed in
 * {@code Stripe-Signature: t=<unix seconds>,v1=<HMAC-SHA256 of "t.payload">} with an endpoint secret handed to the
 * application. Signed just before the gateway's runs: the application refuses timestamps outside 300 s.
 */
final class StripeNotifications implements GatewayNotifications {

    static final String ENDPOINT_SECRET = "whsec_benchmark_only_not_a_real_secret_0000";

    @Override
    public String gateway() {
        return "stripe";
    }

    @Override
    public Batch batch(int batchNo, int count) {
        return Batch.withDuplicates(batchNo, count, i -> signed(batchNo, i));
    }

    @Override
    public boolean success(int status, String body) {
        return status >= 200 && status < 300;
    }

    @Override
    public Map<String, String> appPlaceholders() {
        return Map.of("stripeWebhookSecret", ENDPOINT_SECRET);
    }

    private static Request signed(int batchNo, int i) {
        long now = System.currentTimeMillis() / 1000;
        String payload = String.format(Locale.ROOT, """
                {"id":"evt_bench%02d%014d","object":"event","api_version":"2026-07-29.dahlia","created":%d,\
                "livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},\
                "type":"payment_intent.succeeded","data":{"object":{"id":"pi_bench%02d%014d","object":"payment_intent",\
                "amount":%d,"amount_received":%d,"currency":"usd","customer":"cus_bench%06d",\
                "latest_charge":"ch_bench%02d%014d","metadata":{"invoice_number":"BENCH-ST-%02d-%07d"},\
                "status":"succeeded","created":%d}}}""", batchNo, i, now, batchNo, i, 100 + i % 50000,
                100 + i % 50000, i % 100000, batchNo, i, batchNo, i, now);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        headers.put("Stripe-Signature", "t=" + now + ",v1=" + hmac(now + "." + payload));
        return new Request(payload.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static String hmac(String signedPayload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ENDPOINT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Hex.encodeHexString(mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
