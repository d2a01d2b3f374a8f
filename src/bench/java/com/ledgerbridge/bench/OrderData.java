package com.ledgerbridge.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic billable orders, the same in both formats: order {@code i} (1-based) is {@code BENCH-SO-<i>} version 1
 * for one of 1,000 customers, with two lines (12 × 980.00 and 1.5 × 2,800.00 + i mod 100), so every order is
 * invoiced with a positive total and gets exactly one journal entry.
 */
final class OrderData {

    static final LocalDate ORDER_DATE = LocalDate.of(2026, 1, 15);
    /** Order i was last modified at this instant + i seconds (REST contract: sorted by modifiedAt, then id). */
    static final Instant FIRST_MODIFIED = Instant.parse("2026-01-15T00:00:00Z");

    private OrderData() {
    }

    static String orderId(int i) {
        return String.format(Locale.ROOT, "BENCH-SO-%07d", i);
    }

    private static String customerId(int i) {
        return String.format(Locale.ROOT, "CUST-%04d", i % 1000);
    }

    private static String secondPrice(int i) {
        return String.format(Locale.ROOT, "%d.00", 2800 + i % 100);
    }

    /** Writes {@code count} orders as a CSV order file in the drop-folder format (AppContract.CSV_ORDER_COLUMNS). */
    static void writeCsv(Path file, int count) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", AppContract.CSV_ORDER_COLUMNS));
            w.write("\r\n");
            for (int i = 1; i <= count; i++) {
                String head = orderId(i) + ",1," + customerId(i) + ",Bench customer " + (i % 1000) + ",CNY," + ORDER_DATE
                        + ",30,BILLABLE,";
                w.write(head + "1,LB-STD-M,Standard edition monthly subscription,12,980.00\r\n");
                w.write(head + "2,LB-IMPL,Implementation (person-days),1.5," + secondPrice(i) + "\r\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} orders as JSON objects of the generic REST CRM contract, in modifiedAt order. */
    static List<String> restOrders(int count) {
        List<String> orders = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            orders.add("{\"id\":\"" + orderId(i) + "\",\"version\":\"1\",\"modifiedAt\":\"" + modifiedAt(i)
                    + "\",\"status\":\"billable\",\"orderDate\":\"" + ORDER_DATE + "\",\"currency\":\"CNY\","
                    + "\"paymentTermsDays\":30,\"customer\":{\"id\":\"" + customerId(i) + "\",\"name\":\"Bench customer "
                    + (i % 1000) + "\"},\"lines\":["
                    + "{\"lineNo\":1,\"sku\":\"LB-STD-M\",\"description\":\"Standard edition monthly subscription\","
                    + "\"quantity\":12,\"unitPrice\":\"980.00\"},"
                    + "{\"lineNo\":2,\"sku\":\"LB-IMPL\",\"description\":\"Implementation (person-days)\","
                    + "\"quantity\":\"1.5\",\"unitPrice\":\"" + secondPrice(i) + "\"}]}");
        }
        return orders;
    }

    static Instant modifiedAt(int i) {
        return FIRST_MODIFIED.plusSeconds(i);
    }
}
