package com.ledgerbridge.crm.csv;

import com.ledgerbridge.crm.CrmFileSource;
import com.ledgerbridge.crm.FieldReader;
import com.ledgerbridge.domain.order.InvalidOrderException;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.failure.BadInput;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV order file as a stream into canonical sales orders, handed on in batches.
 *
 * <p>The file has one row per order line and a header row naming the columns below (any order, any case;
 * more columns are ignored). Rows with the same order_id and order_version make one order, wherever they are in
 * the file; the order-level columns must agree on all of them. A bad row rejects its whole order: every row of
 * that order goes to the rejects report, the bad ones with their reasons, the others naming the bad line(s).
 * Other orders go on. A header with a column twice or a column missing rejects the whole file. Rows whose cells
 * are all blank (as spreadsheet exports leave at the end) carry no data and are skipped.
 *
 * <p>The file is read twice, never held whole: the first pass notes each order's last row, the second builds each
 * order as soon as its last row has been read. Memory holds one key per order and the rows of orders still
 * open, which for an export sorted by order is one. Line numbers are physical lines (commons-csv counts them),
 * so a quoted value spanning lines does not shift them.
 */
public final class CsvOrderReader {

    public static final List<String> COLUMNS = List.of("order_id", "order_version", "customer_id", "customer_name",
            "currency", "order_date", "payment_terms_days", "status", "line_no", "sku", "description", "quantity",
            "unit_price");
    /** Columns a file may have: payment terms by name or written out (e.g. 30/60/90); absent means none. */
    public static final String PAYMENT_TERMS_COLUMN = "payment_terms";
    public static final String LINE_COLUMN = "line";
    public static final String REASONS_COLUMN = "reasons";

    private static final Pattern DOMAIN_LINE_PROBLEM = Pattern.compile("line (-?\\d+): (.*)");
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** Blank lines are records too (then skipped), so that every physical line is counted. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    private final String source;
    private final int batchSize;

    public CsvOrderReader(String source, int batchSize) {
        this.source = source;
        this.batchSize = batchSize;
    }

    /** The header of a file and where each expected column is. */
    private record Header(List<String> columns, Map<String, Integer> index) {
    }

    /**
     * Reads the file {@code open} opens (twice: it must give the same text each time).
     *
     * @return the number of data rows read
     * @throws BadInput when the file cannot be read at all; its reason was reported to the sink first
     */
    public int read(Supplier<Reader> open, CrmFileSource.Sink sink) {
        Map<String, Long> lastRecordOfOrder = new HashMap<>();
        try (CSVParser parser = FORMAT.parse(open.get())) {
            Header header = null;
            for (CSVRecord record : parser) {
                if (header == null) {
                    header = header(record, 1, sink);
                } else if (!isBlank(record)) {
                    String key = orderKey(record, header);
                    if (key != null) {
                        lastRecordOfOrder.put(key, record.getRecordNumber());
                    }
                }
            }
            if (header == null) {
                throw rejectFile(List.of(), 1, List.of("the file is empty: expected a header row "
                        + String.join(",", COLUMNS)), sink);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the CSV file", e);
        }

        int rows = 0;
        try (CSVParser parser = FORMAT.parse(open.get())) {
            Header header = null;
            Map<String, List<ParsedRow>> openOrders = new HashMap<>();
            List<SalesOrder> batch = new ArrayList<>(batchSize);
            long linesBefore = 0;
            for (CSVRecord record : parser) {
                int line = (int) linesBefore + 1;
                linesBefore = parser.getCurrentLineNumber();
                if (header == null) {
                    header = header(record, line, sink);
                    continue;
                }
                if (isBlank(record)) {
                    continue;
                }
                rows++;
                ParsedRow row = parse(record.toList(), line, header.columns().size(), header.index());
                String key = orderKey(record, header);
                List<ParsedRow> group;
                if (key == null) {
                    group = List.of(row);
                } else {
                    group = openOrders.computeIfAbsent(key, k -> new ArrayList<>());
                    group.add(row);
                    if (lastRecordOfOrder.get(key) != record.getRecordNumber()) {
                        continue;
                    }
                    openOrders.remove(key);
                }
                List<RejectedRow> rejected = new ArrayList<>();
                SalesOrder order = toOrder(group, rejected);
                if (order != null) {
                    batch.add(order);
                    if (batch.size() >= batchSize) {
                        sink.orders(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
                for (RejectedRow reject : rejected) {
                    sink.rejected(reportColumns(header.columns()), reportRow(reject));
                }
            }
            if (!batch.isEmpty()) {
                sink.orders(batch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the CSV file", e);
        }
        return rows;
    }

    private static boolean isBlank(CSVRecord record) {
        return record.stream().allMatch(String::isBlank);
    }

    /** Rows of one order share order id and version; a row without them is an order of its own (null). */
    private static String orderKey(CSVRecord record, Header header) {
        String id = cell(record, header.index().get("order_id"));
        String version = cell(record, header.index().get("order_version"));
        return id.isEmpty() || version.isEmpty() ? null : id + '\u0000' + version;
    }

    private static String cell(CSVRecord record, int index) {
        return index < record.size() ? record.get(index).strip() : "";
    }

    private Header header(CSVRecord record, int line, CrmFileSource.Sink sink) {
        List<String> header = new ArrayList<>(record.toList());
        if (!header.isEmpty() && !header.get(0).isEmpty() && header.get(0).charAt(0) == BYTE_ORDER_MARK) {
            header.set(0, header.get(0).substring(1));
        }
        Map<String, Integer> columnIndex = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> reportedTwice = new LinkedHashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (columnIndex.putIfAbsent(name, i) != null && reportedTwice.add(name)) {
                problems.add("the header has column '" + name + "' more than once");
            }
        }
        List<String> missing = COLUMNS.stream().filter(c -> !columnIndex.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            problems.add("the header lacks column(s) " + String.join(", ", missing)
                    + " (expected " + String.join(",", COLUMNS) + ")");
        }
        if (!problems.isEmpty()) {
            throw rejectFile(header, line, problems, sink);
        }
        return new Header(List.copyOf(header), columnIndex);
    }

    private static BadInput rejectFile(List<String> header, int line, List<String> reasons, CrmFileSource.Sink sink) {
        sink.rejected(reportColumns(header), reportRow(new RejectedRow(line, reasons, header)));
        return new BadInput("the file was refused as a whole (line " + line + "): " + String.join("; ", reasons));
    }

    /** The rejects report's columns: line, reasons, then the input's own columns. */
    private static List<String> reportColumns(List<String> header) {
        List<String> columns = new ArrayList<>(List.of(LINE_COLUMN, REASONS_COLUMN));
        columns.addAll(header);
        return columns;
    }

    private static List<String> reportRow(RejectedRow row) {
        List<String> values = new ArrayList<>();
        values.add(Integer.toString(row.line()));
        values.add(String.join("; ", row.reasons()));
        values.addAll(row.values());
        return values;
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
        String paymentTerms;
        OrderStatus status;
        Integer lineNo;
        OrderLine orderLine;
        final Map<String, String> raw = new LinkedHashMap<>();

        ParsedRow(int line, List<String> values) {
            this.line = line;
            this.values = values;
        }

    }

    private static ParsedRow parse(List<String> values, int line, int headerSize, Map<String, Integer> columnIndex) {
        ParsedRow parsed = new ParsedRow(line, values);
        for (String column : COLUMNS) {
            int index = columnIndex.get(column);
            parsed.raw.put(column, index < values.size() ? values.get(index).strip() : "");
        }
        Integer termsIndex = columnIndex.get(PAYMENT_TERMS_COLUMN);
        if (termsIndex != null) {
            parsed.raw.put(PAYMENT_TERMS_COLUMN, termsIndex < values.size() ? values.get(termsIndex).strip() : "");
        }
        if (values.size() != headerSize) {
            parsed.problems.add("has " + values.size() + " values but the header has " + headerSize + " columns");
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
        parsed.paymentTerms = fields.text(PAYMENT_TERMS_COLUMN, raw.get(PAYMENT_TERMS_COLUMN), 100, false);
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

    /** The order of a complete group of rows, or null when it is rejected (its rows then go to {@code rejected}). */
    private SalesOrder toOrder(List<ParsedRow> group, List<RejectedRow> rejected) {
        checkOrderColumnsAgree(group);
        if (group.stream().allMatch(r -> r.problems.isEmpty())) {
            ParsedRow first = group.get(0);
            try {
                return new SalesOrder(source, first.orderId, first.orderVersion, first.customerId,
                        first.customerName, first.currency, first.orderDate, first.paymentTermsDays, first.status,
                        group.stream().map(r -> r.orderLine).toList(), first.paymentTerms);
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
        return null;
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
            differs(row, first, PAYMENT_TERMS_COLUMN, row.paymentTerms, first.paymentTerms);
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
