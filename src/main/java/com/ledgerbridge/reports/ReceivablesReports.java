package com.ledgerbridge.reports;

import com.ledgerbridge.app.CompanyProperties;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.receivables.Ageing;
import com.ledgerbridge.domain.receivables.AgeingBucket;
import com.ledgerbridge.domain.receivables.Statement;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.failure.NotFound;
import com.ledgerbridge.storage.ReceivablesRecords;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/**
 * AR ageing and customer statements (对账单) for the operations API (routes/reports.camel.yaml): as JSON views,
 * CSV (commons-csv) and, for statements, a PDF to send the customer ({@link StatementPdf}).
 */
@Component
public class ReceivablesReports {

    private final ReceivablesRecords records;
    private final CompanyProperties company;
    private final Clock clock;

    public ReceivablesReports(ReceivablesRecords records, CompanyProperties company, Clock clock) {
        this.records = records;
        this.company = company;
        this.clock = clock;
    }

    /** Ageing as of {@code asOf} (default: today in the company's zone); one customer's or all (blank). */
    public Ageing.Report ageing(String asOf, String customerId) {
        LocalDate day = asOf == null || asOf.isBlank() ? LocalDate.now(clock.withZone(company.zone()))
                : date("asOf", asOf);
        String customer = customerId == null || customerId.isBlank() ? null : customerId.trim();
        return Ageing.asOf(day, records.openItems(day, customer));
    }

    public Map<String, Object> ageingJson(String asOf, String customerId) {
        Ageing.Report report = ageing(asOf, customerId);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("asOf", report.asOf().toString());
        List<Map<String, Object>> customers = new ArrayList<>();
        for (Ageing.CustomerTotal total : report.customers()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("customerId", total.customerId());
            c.put("customerName", total.customerName());
            c.put("currency", total.currency());
            Map<String, String> buckets = new LinkedHashMap<>();
            total.buckets().forEach((bucket, amount) -> buckets.put(bucket.label(), text(amount)));
            c.put("buckets", buckets);
            c.put("total", text(total.total()));
            customers.add(c);
        }
        view.put("customers", customers);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Ageing.Line line : report.lines()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("customerId", line.item().customerId());
            i.put("invoiceNumber", line.item().invoiceNumber());
            i.put("instalment", line.item().instalment());
            i.put("issueDate", String.valueOf(line.item().issueDate()));
            i.put("dueDate", line.item().dueDate().toString());
            i.put("daysPastDue", Math.max(0, line.daysPastDue()));
            i.put("bucket", line.bucket().label());
            i.put("currency", line.item().open().currency().getCurrencyCode());
            i.put("open", text(line.item().open()));
            items.add(i);
        }
        view.put("items", items);
        return view;
    }

    /** The ageing as CSV: one row per open invoice or instalment (0: a whole invoice), then one total row per customer and currency. */
    public String ageingCsv(String asOf, String customerId) {
        Ageing.Report report = ageing(asOf, customerId);
        List<String> header = new ArrayList<>(List.of("row", "customer_id", "customer_name", "currency",
                "invoice_number", "instalment", "due_date", "days_past_due"));
        for (AgeingBucket bucket : AgeingBucket.values()) {
            header.add(bucket.label());
        }
        header.add("total");
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader(header.toArray(String[]::new)).get())) {
            for (Ageing.Line line : report.lines()) {
                List<Object> row = new ArrayList<>(List.of("item", line.item().customerId(),
                        nullToEmpty(line.item().customerName()), line.item().open().currency().getCurrencyCode(),
                        line.item().invoiceNumber(), line.item().instalment(), line.item().dueDate().toString(),
                        Math.max(0, line.daysPastDue())));
                for (AgeingBucket bucket : AgeingBucket.values()) {
                    row.add(bucket == line.bucket() ? text(line.item().open()) : "");
                }
                row.add(text(line.item().open()));
                csv.printRecord(row);
            }
            for (Ageing.CustomerTotal total : report.customers()) {
                List<Object> row = new ArrayList<>(List.of("customer_total", total.customerId(),
                        nullToEmpty(total.customerName()), total.currency(), "", "", "", ""));
                for (AgeingBucket bucket : AgeingBucket.values()) {
                    row.add(text(total.buckets().get(bucket)));
                }
                row.add(text(total.total()));
                csv.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The customer's statements for {@code from}..{@code to}, one per currency. */
    public List<Statement> statements(String customerId, String from, String to) {
        if (customerId == null || customerId.isBlank()) {
            throw new BadInput("a customer id is needed");
        }
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (end.isBefore(start)) {
            throw new BadInput("the period ends (" + end + ") before it starts (" + start + ")");
        }
        String name = records.customerName(customerId).orElseThrow(() -> new NotFound(
                "no invoices for customer " + customerId));
        List<Statement> statements = new ArrayList<>();
        for (ReceivablesRecords.Account account : records.accounts(customerId, start, end, company.zone())) {
            statements.add(Statement.of(customerId, name.isEmpty() ? null : name, start, end, account.opening(),
                    account.movements(), account.creditHeld()));
        }
        return statements;
    }

    public Map<String, Object> statementJson(String customerId, String from, String to) {
        List<Statement> statements = statements(customerId, from, to);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("company", company.name());
        view.put("customerId", customerId);
        view.put("customerName", statements.isEmpty() ? null : statements.get(0).customerName());
        view.put("from", from);
        view.put("to", to);
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (Statement s : statements) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("currency", s.currency());
            a.put("opening", text(s.opening()));
            List<Map<String, Object>> lines = new ArrayList<>();
            for (Statement.Line line : s.lines()) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("date", line.movement().date().toString());
                l.put("kind", line.movement().kind().name());
                l.put("reference", line.movement().reference());
                l.put("invoiceId", line.movement().invoiceId());
                l.put("amount", text(line.movement().effect()));
                l.put("balance", text(line.balance()));
                lines.add(l);
            }
            a.put("lines", lines);
            a.put("invoiced", text(s.invoiced()));
            a.put("paid", text(s.paid()));
            a.put("refunded", text(s.refunded()));
            a.put("closing", text(s.closing()));
            a.put("creditHeld", text(s.creditHeld()));
            accounts.add(a);
        }
        view.put("accounts", accounts);
        return view;
    }

    /** The statement as CSV: opening, each line, closing and credit held, per currency. */
    public String statementCsv(String customerId, String from, String to) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("currency", "date", "kind", "reference", "amount", "balance").get())) {
            for (Statement s : statements(customerId, from, to)) {
                csv.printRecord(s.currency(), s.from().toString(), "OPENING", "", "", text(s.opening()));
                for (Statement.Line line : s.lines()) {
                    csv.printRecord(s.currency(), line.movement().date().toString(), line.movement().kind().name(),
                            line.movement().reference(), text(line.movement().effect()), text(line.balance()));
                }
                csv.printRecord(s.currency(), s.to().toString(), "CLOSING", "", "", text(s.closing()));
                csv.printRecord(s.currency(), s.to().toString(), "CREDIT_HELD", "", text(s.creditHeld()), "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The statement as a PDF a person can send the customer. */
    public byte[] statementPdf(String customerId, String from, String to) {
        return StatementPdf.render(company.name(), statements(customerId, from, to), customerId);
    }

    static String text(Money money) {
        return money.amount().toPlainString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadInput(name + " is needed, as a date like 2026-11-30");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadInput(name + " must be a date like 2026-11-30, was " + value);
        }
    }
}
