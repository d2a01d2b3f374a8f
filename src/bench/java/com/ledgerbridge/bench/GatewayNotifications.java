package com.ledgerbridge.bench;

import java.util.List;
import java.util.Map;

/**
 * One gateway's notifications for the webhook benchmark: signed requests as the gateway sends them (made before
 * any timing), what the gateway's contract calls a successful answer, and the settings the application under test
 * needs to accept them (placeholders of app-under-test.properties).
 */
interface GatewayNotifications {

    /** The gateway's name, as in {@code POST /webhooks/<name>}. */
    String gateway();

    /**
     * {@code count} requests for batch number {@code batchNo}: every tenth one repeats a notification sent up to
     * 1,000 notifications earlier (same bytes and headers, as a gateway's re-send does).
     */
    Batch batch(int batchNo, int count);

    /** Whether the gateway would take this answer as "received". */
    boolean success(int status, String body);

    /** Placeholder values for app-under-test.properties (keys, secrets, identities this harness signs with). */
    Map<String, String> appPlaceholders();

    /** One HTTP request as the gateway sends it. */
    record Request(byte[] body, Map<String, String> headers) {
    }

    /** The requests of one closed-loop run, in sending order; {@code unique[i]} is false for a duplicate. */
    record Batch(List<Request> requests, boolean[] unique) {
        int uniquesIn(int firstN) {
            int n = 0;
            for (int i = 0; i < Math.min(firstN, unique.length); i++) {
                if (unique[i]) {
                    n++;
                }
            }
            return n;
        }

        /** Lays {@code signed} out with every tenth request a repeat of one up to 1,000 back. */
        static Batch withDuplicates(int batchNo, int count, java.util.function.IntFunction<Request> signed) {
            int duplicates = count / 10;
            int uniques = count - duplicates;
            Request[] made = new Request[uniques];
            java.util.stream.IntStream.range(0, uniques).parallel().forEach(i -> made[i] = signed.apply(i));
            java.util.Random random = new java.util.Random(batchNo);
            List<Request> requests = new java.util.ArrayList<>(count);
            boolean[] unique = new boolean[count];
            int next = 0;
            for (int i = 0; i < count; i++) {
                if (i % 10 == 9 && next > 0) {
                    requests.add(made[next - 1 - random.nextInt(Math.min(next, 1000))]);
                } else if (next < uniques) {
                    unique[i] = true;
                    requests.add(made[next++]);
                } else {
                    requests.add(made[random.nextInt(uniques)]);
                }
            }
            return new Batch(requests, unique);
        }
    }
}
