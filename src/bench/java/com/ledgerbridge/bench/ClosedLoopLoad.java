package com.ledgerbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed loop: {@code connections} senders, each on its own keep-alive HTTP/1.1 connection
 * (java.net.http.HttpClient), send the next body as soon as the previous answer arrived, until all bodies are
 * sent or the time is up. A request counts as success when the gateway's contract would take its answer as
 * "received" ({@link GatewayNotifications#success}).
 */
final class ClosedLoopLoad {

    private ClosedLoopLoad() {
    }

    record Result(int sent, int success, int notSuccess, double seconds, long[] latenciesNanos,
            Map<String, Integer> failures) {

        double throughput() {
            return sent / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1e6;
        }
    }

    static Result run(URI uri, List<GatewayNotifications.Request> requests, java.util.function.BiPredicate<Integer, String> success,
            int connections, Duration max) {
        List<GatewayNotifications.Request> bodies = requests;
        ExecutorService httpExecutor = Executors.newCachedThreadPool();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(httpExecutor).build();
        long[] latencies = new long[bodies.size()];
        Arrays.fill(latencies, -1);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger notSuccess = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        Thread[] senders = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            senders[c] = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    int i = next.getAndIncrement();
                    if (i >= bodies.size()) {
                        return;
                    }
                    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i).body()));
                    bodies.get(i).headers().forEach(builder::header);
                    HttpRequest request = builder.build();
                    long t0 = System.nanoTime();
                    String failure;
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        failure = success.test(r.statusCode(), r.body()) ? null
                                : "HTTP " + r.statusCode() + " " + abbreviate(r.body());
                    } catch (IOException e) {
                        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies[i] = System.nanoTime() - t0;
                    if (failure == null) {
                        successes.incrementAndGet();
                    } else {
                        notSuccess.incrementAndGet();
                        failures.merge(failure, 1, Integer::sum);
                    }
                }
            }, "load-" + c);
            senders[c].start();
        }
        for (Thread t : senders) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        httpExecutor.shutdownNow();
        try {
            httpExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long[] done = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new Result(done.length, successes.get(), notSuccess.get(), seconds, done, failures);
    }

    private static String abbreviate(String s) {
        String oneLine = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "…" : oneLine;
    }
}
