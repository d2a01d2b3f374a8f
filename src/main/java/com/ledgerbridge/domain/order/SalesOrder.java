package com.ledgerbridge.domain.order;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The canonical sales order every CRM source is mapped to. A CRM order is identified by its source
 * system and id; each change the CRM reports is a new {@code crmVersion} (its modification stamp).
 *
 * @param paymentTermsDays days from invoice date to due date; null means the configured default
 * @param paymentTerms     payment terms by name or written out (e.g. {@code 30/60/90}, {@code 30%@0, 70%@30}); when
 *                         given they decide the due date and instalments instead of {@code paymentTermsDays}
 */
public record SalesOrder(
        String source,
        String crmOrderId,
        String crmVersion,
        String customerId,
        String customerName,
        Currency currency,
        LocalDate orderDate,
        Integer paymentTermsDays,
        OrderStatus status,
        List<OrderLine> lines,
        String paymentTerms) {

    /** An order without named payment terms. */
    public SalesOrder(String source, String crmOrderId, String crmVersion, String customerId, String customerName,
            Currency currency, LocalDate orderDate, Integer paymentTermsDays, OrderStatus status, List<OrderLine> lines) {
        this(source, crmOrderId, crmVersion, customerId, customerName, currency, orderDate, paymentTermsDays, status,
                lines, null);
    }

    public SalesOrder {
        lines = lines == null ? List.of() : List.copyOf(lines);
        paymentTerms = paymentTerms == null || paymentTerms.isBlank() ? null : paymentTerms.trim();
        List<String> problems = problems(source, crmOrderId, crmVersion, customerId, currency, orderDate,
                paymentTermsDays, status, lines);
        if (paymentTerms != null && paymentTerms.length() > 100) {
            problems.add("payment terms are longer than 100 characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidOrderException(problems);
        }
    }

    private static List<String> problems(String source, String crmOrderId, String crmVersion, String customerId,
            Currency currency, LocalDate orderDate, Integer paymentTermsDays, OrderStatus status,
            List<OrderLine> lines) {
        List<String> problems = new ArrayList<>();
        requireText(problems, "source", source);
        requireText(problems, "order id", crmOrderId);
        requireText(problems, "order version", crmVersion);
        requireText(problems, "customer id", customerId);
        if (currency == null) {
            problems.add("currency is missing");
        }
        if (orderDate == null) {
            problems.add("order date is missing");
        }
        if (paymentTermsDays != null && (paymentTermsDays < 0 || paymentTermsDays > 3650)) {
            problems.add("payment terms must be 0 to 3650 days, got " + paymentTermsDays);
        }
        if (status == null) {
            problems.add("status is missing");
        }
        if (status == OrderStatus.BILLABLE && lines.isEmpty()) {
            problems.add("a billable order needs at least one line");
        }
        Set<Integer> lineNumbers = new HashSet<>();
        for (OrderLine line : lines) {
            String where = "line " + line.lineNo() + ": ";
            if (!lineNumbers.add(line.lineNo())) {
                problems.add(where + "line number used twice");
            }
            if (line.description() == null || line.description().isBlank()) {
                problems.add(where + "description is missing");
            }
            if (line.quantity() == null || line.quantity().signum() <= 0) {
                problems.add(where + "quantity must be positive");
            }
            if (line.unitPrice() == null || line.unitPrice().signum() < 0) {
                problems.add(where + "unit price must be zero or more");
            }
        }
        return problems;
    }

    private static void requireText(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing");
        }
    }

    public boolean isBillable() {
        return status.isBillable();
    }
}
