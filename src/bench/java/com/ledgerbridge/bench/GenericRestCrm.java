package com.ledgerbridge.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A CRM speaking the generic REST contract (mappings/crm/generic-rest/README.md), on the JDK's HTTP server:
 * {@code GET /api/orders?modifiedSince=&page=&pageSize=} answers the orders with modifiedAt >= modifiedSince,
 * sorted, paged as asked. Order i (1-based) has modifiedAt {@link OrderData#modifiedAt(int)}. Until
 * {@link #open()} it has no orders (an empty last page), so the application's pulls while it starts up find nothing.
 */
final class GenericRestCrm implements AutoCloseable {

    private final List<String> orders;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final AtomicReference<Instant> firstRequest = new AtomicReference<>();
    private volatile Instant openedAt;
    private final AtomicInteger pagesServed = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();

    GenericRestCrm(List<String> orders) throws IOException {
        this.orders = orders;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/api/orders", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL for {@code ledgerbridge.crm.rest.base-url}; the orders path is {@code /orders}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    /** From now on the CRM serves the orders. */
    void open() {
        openedAt = Instant.now();
    }

    Instant openedAt() {
        return openedAt;
    }

    /** When the application first asked for orders after {@link #open()} (the start of the measured run), or null. */
    Instant firstRequest() {
        return firstRequest.get();
    }

    int pagesServed() {
        return pagesServed.get();
    }

    int errors() {
        return errors.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean open = openedAt != null;
        if (open) {
            firstRequest.compareAndSet(null, Instant.now());
        }
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int page;
            int pageSize;
            Instant since;
            try {
                page = Integer.parseInt(query.getOrDefault("page", "1"));
                pageSize = Integer.parseInt(query.getOrDefault("pageSize", "100"));
                since = OffsetDateTime.parse(query.getOrDefault("modifiedSince", "1970-01-01T00:00:00Z")).toInstant();
                if (page < 1 || pageSize < 1) {
                    throw new IllegalArgumentException("page and pageSize must be positive");
                }
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                send(exchange, 400, "{\"error\":{\"code\":\"bad_request\",\"message\":\"" + e.getMessage() + "\"}}");
                return;
            }
            if (!open) {
                send(exchange, 200, "{\"orders\":[],\"page\":{\"number\":" + page + ",\"hasMore\":false}}");
                return;
            }
            int first = firstAtOrAfter(since);
            long from = first + (long) (page - 1) * pageSize;
            long to = Math.min(orders.size(), from + pageSize);
            StringBuilder body = new StringBuilder(pageSize * 450 + 64).append("{\"orders\":[");
            for (long i = from; i < to; i++) {
                if (i > from) {
                    body.append(',');
                }
                body.append(orders.get((int) i));
            }
            body.append("],\"page\":{\"number\":").append(page).append(",\"hasMore\":").append(to < orders.size())
                    .append("}}");
            pagesServed.incrementAndGet();
            send(exchange, 200, body.toString());
        }
    }

    /** Index (0-based) of the first order with modifiedAt >= since. */
    private int firstAtOrAfter(Instant since) {
        int lo = 0;
        int hi = orders.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (OrderData.modifiedAt(mid + 1).isBefore(since)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
