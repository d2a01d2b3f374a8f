package com.ledgerbridge.crm.csv;

import com.ledgerbridge.crm.FieldReader;
import com.ledgerbridge.domain.order.InvalidOrderException;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Maps the records of a CSV order file to canonical sales orders.
 *
 * <p>The file has one row per order line and a header row naming the columns below (any order, any case;
 * more columns are ignored). Rows with the same order_id and order_version make one order; the order-level
 * columns must agree on all of them. A bad row rejects its whole order: every row of that order goes to the
 * rejects report, the bad ones with their reasons, the others naming the bad line(s). Other orders go on.
 * A header with a column twice or a column missing rejects the whole file. Rows whose cells are all blank
 * (as spreadsheet exports leave at the end) carry no data and are skipped.
 */
@Component("csvOrderReader")
public class CsvOrderReader {

    public static final List<String> COLUMNS = List.of("order_id", "order_version", "customer_id", "customer_name",
            "currency", "order_date", "payment_terms_days", "status", "line_no", "sku", "description", "quantity",
            "unit_price");

    private static final Logger log = LoggerFactory.getLogger(CsvOrderReader.class);
    private static final Pattern DOMAIN_LINE_PROBLEM = Pattern.compile("line (-?\\d+): (.*)");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String source;

    public CsvOrderReader(@Value("${ledgerbridge.crm.csv.source-name}") String source) {
        this.source = source;
    }

    /**
     * @param rows     every record of the file, header first, as parsed
     * @param text     the file's text, to turn record offsets into physical line numbers
     * @param fileName the file's name, for the log
     */
    public CsvOrderImport read(List<CsvRow> rows, String text, String fileName) {
        PhysicalLines lines = new PhysicalLines(text == null ? "" : text);
        if (rows == null || rows.isEmpty()) {
            return rejectFile(fileName, List.of(), 1, List.of(
                    "the file is empty: expected a header row " + String.join(",", COLUMNS)));
        }
        CsvRow headerRow = rows.get(0);
        List<String> header = new ArrayList<>(headerRow.values());
        if (!header.isEmpty() && !header.get(0).isEmpty() && header.get(0).charAt(0) == BYTE_ORDER_MARK) {
            header.set(0, header.get(0).substring(1));
        }
        Map<String, Integer> columnIndex = new LinkedHashMap<>();
        List<String> headerProblems = new ArrayList<>();
        Set<String> reportedTwice = new LinkedHashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (columnIndex.putIfAbsent(name, i) != null && reportedTwice.add(name)) {
                headerProblems.add("the header has column '" + name + "' more than once");
            }
        }
        List<String> missing = COLUMNS.stream().filter(c -> !columnIndex.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            headerProblems.add("the header lacks column(s) " + String.join(", ", missing)
                    + " (expected " + String.join(",", COLUMNS) + ")");
        }
        if (!headerProblems.isEmpty()) {
            return rejectFile(fileName, header, lines.lineOf(headerRow.characterPosition()), headerProblems);
        }

        Map<Object, List<ParsedRow>> orders = new LinkedHashMap<>();
        for (CsvRow row : rows.subList(1, rows.size())) {
            if (row.values().stream().allMatch(String::isBlank)) {
                continue;
            }
            ParsedRow parsed = parse(row, lines.lineOf(row.characterPosition()), header.size(), columnIndex);
            orders.computeIfAbsent(parsed.groupKey(), k -> new ArrayList<>()).add(parsed);
        }

        List<SalesOrder> accepted = new ArrayList<>();
        List<RejectedRow> rejected = new ArrayList<>();
        for (List<ParsedRow> group : orders.values()) {
            toOrder(group, accepted, rejected);
        }
        rejected.sort(Comparator.comparingInt(RejectedRow::line));
        CsvOrderImport result = new CsvOrderImport(fileName, header, accepted, rejected, null);
        long rejectedOrders = orders.values().stream().filter(g -> g.stream().anyMatch(r -> !r.problems.isEmpty())).count();
        if (rejected.isEmpty()) {
            log.info("{}: {} order(s) read, no rejects", fileName, accepted.size());
        } else {
            log.warn("{}: {} order(s) read, {} order(s) rejected ({} row(s)); see {}.rejects.csv",
                    fileName, accepted.size(), rejectedOrders, rejected.size(), fileName);
        }
        return result;
    }

    private CsvOrderImport rejectFile(String fileName, List<String> header, int line, List<String> reasons) {
        String message = fileName + " rejected as a whole (line " + line + "): " + String.join("; ", reasons);
        log.warn(message);
        return new CsvOrderImport(fileName, header, List.of(), List.of(new RejectedRow(line, reasons, header)),
                message);
    }

    /** One data row read into typed fields; fields that could not be read are null and explained in problems. */
    private static final class ParsedRow {
        final int line;
        final List<String> values;
        final List<String> problems = new ArrayList<>();
        String orderId;
        String orderVersion;
        String customerId;
        String customerName;
        Currency currency;
        LocalDate orderDate;
        Integer paymentTermsDays;
        OrderStatus status;
        Integer lineNo;
        OrderLine orderLine;
        final Map<String, String> raw = new LinkedHashMap<>();

        ParsedRow(int line, List<String> values) {
            this.line = line;
            this.values = values;
        }

        /** Rows of one order share order id and version; a row without them is an order of its own. */
        Object groupKey() {
            String id = raw.get("order_id");
            String version = raw.get("order_version");
            if (id.isEmpty() || version.isEmpty()) {
                return "line:" + line;
            }
            return List.of(id, version);
        }
    }

    private static ParsedRow parse(CsvRow row, int line, int headerSize, Map<String, Integer> columnIndex) {
        ParsedRow parsed = new ParsedRow(line, row.values());
        for (String column : COLUMNS) {
            int index = columnIndex.get(column);
            parsed.raw.put(column, index < row.values().size() ? row.values().get(index).strip() : "");
        }
        if (row.values().size() != headerSize) {
            parsed.problems.add("has " + row.values().size() + " values but the header has " + headerSize + " columns");
            return parsed;
        }
        FieldReader fields = new FieldReader();
        Map<String, String> raw = parsed.raw;
        parsed.orderId = fields.text("order_id", raw.get("order_id"), 100, true);
        parsed.orderVersion = fields.text("order_version", raw.get("order_version"), 64, true);
        parsed.customerId = fields.text("customer_id", raw.get("customer_id"), 100, true);
        parsed.customerName = fields.text("customer_name", raw.get("customer_name"), 200, false);
        parsed.currency = fields.currency("currency", raw.get("currency"));
        parsed.orderDate = fields.date("order_date", raw.get("order_date"));
        parsed.paymentTermsDays = fields.wholeNumber("payment_terms_days", raw.get("payment_terms_days"), false);
        parsed.status = fields.status("status", raw.get("status"));
        parsed.lineNo = fields.wholeNumber("line_no", raw.get("line_no"), true);
        if (parsed.lineNo != null && parsed.lineNo < 1) {
            fields.problem("line_no must be 1 or more, got " + parsed.lineNo);
        }
        String sku = fields.text("sku", raw.get("sku"), 100, false);
        String description = fields.text("description", raw.get("description"), 500, true);
        BigDecimal quantity = fields.decimal("quantity", raw.get("quantity"));
        BigDecimal unitPrice = fields.decimal("unit_price", raw.get("unit_price"));
        parsed.problems.addAll(fields.problems());
        if (parsed.problems.isEmpty()) {
            parsed.orderLine = new OrderLine(parsed.lineNo, sku, description, quantity, unitPrice);
        }
        return parsed;
    }

    private void toOrder(List<ParsedRow> group, List<SalesOrder> accepted, List<RejectedRow> rejected) {
        checkOrderColumnsAgree(group);
        if (group.stream().allMatch(r -> r.problems.isEmpty())) {
            ParsedRow first = group.get(0);
            try {
                accepted.add(new SalesOrder(source, first.orderId, first.orderVersion, first.customerId,
                        first.customerName, first.currency, first.orderDate, first.paymentTermsDays, first.status,
                        group.stream().map(r -> r.orderLine).toList()));
                return;
            } catch (InvalidOrderException e) {
                attribute(e.problems(), group);
            }
        }
        List<Integer> badLines = group.stream().filter(r -> !r.problems.isEmpty()).map(r -> r.line).toList();
        String because = badLines.size() == 1
                ? "line " + badLines.get(0) + " is bad"
                : "lines " + badLines.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " are bad";
        String orderName = "order " + group.get(0).raw.get("order_id") + " version " + group.get(0).raw.get("order_version");
        for (ParsedRow row : group) {
            List<String> reasons = row.problems.isEmpty()
                    ? List.of(orderName + " rejected because " + because)
                    : row.problems;
            rejected.add(new RejectedRow(row.line, reasons, row.values));
        }
    }

    /** The order-level columns must have the same value on every row of an order. */
    private static void checkOrderColumnsAgree(List<ParsedRow> group) {
        ParsedRow first = group.get(0);
        for (ParsedRow row : group.subList(1, group.size())) {
            if (!row.problems.isEmpty() || !first.problems.isEmpty()) {
                continue;
            }
            differs(row, first, "customer_id", row.customerId, first.customerId);
            differs(row, first, "customer_name", row.customerName, first.customerName);
            differs(row, first, "currency", row.currency, first.currency);
            differs(row, first, "order_date", row.orderDate, first.orderDate);
            differs(row, first, "payment_terms_days", row.paymentTermsDays, first.paymentTermsDays);
            differs(row, first, "status", row.status, first.status);
        }
    }

    private static void differs(ParsedRow row, ParsedRow first, String column, Object value, Object firstValue) {
        if (!Objects.equals(value, firstValue)) {
            row.problems.add(column + " '" + row.raw.get(column) + "' differs from '" + first.raw.get(column)
                    + "' on line " + first.line + " of the same order");
        }
    }

    /** Puts the order's own validation problems on the rows they are about ("line 2: ..." is line_no 2). */
    private static void attribute(List<String> problems, List<ParsedRow> group) {
        for (String problem : problems) {
            Matcher lineProblem = DOMAIN_LINE_PROBLEM.matcher(problem);
            List<ParsedRow> about = List.of();
            if (lineProblem.matches()) {
                int lineNo = Integer.parseInt(lineProblem.group(1));
                about = group.stream().filter(r -> Objects.equals(r.lineNo, lineNo)).toList();
            }
            if (about.isEmpty()) {
                group.forEach(r -> r.problems.add(problem));
            } else {
                about.forEach(r -> r.problems.add("line_no " + lineProblem.group(1) + ": " + lineProblem.group(2)));
            }
        }
    }
}
