package com.ledgerbridge.settlement;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.storage.SettlementBills;
import com.ledgerbridge.storage.SettlementBills.RejectedLine;
import com.ledgerbridge.storage.SettlementBills.StoredBill;
import com.ledgerbridge.storage.SettlementRecords;
import com.ledgerbridge.storage.SettlementRecords.StoredDiscrepancy;
import com.ledgerbridge.storage.SettlementRecords.StoredReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What finance people and operators read (routes/settlement-bills.camel.yaml, /operations/settlement/...): the day
 * reports, a day's discrepancies (JSON or CSV), the imported and failed bill files and their rejected lines. Dates
 * are ISO (yyyy-MM-dd); a bad parameter is answered 400 with the reason.
 */
@Component
public class SettlementOperations {

    /** JSON lists answer at most this many rows; the CSV download has them all. */
    static final int LIST_LIMIT = 10_000;
    static final List<String> DISCREPANCY_COLUMNS = List.of("gateway", "bill_date", "gateway_trade_id", "kind",
            "merchant_reference", "currency", "bill_amount", "inbox_amount", "booked_amount", "detail");

    private final SettlementRecords records;
    private final SettlementBills bills;
    private final SettlementReconciliation reconciliation;
    private final TransactionTemplate readOnly;

    public SettlementOperations(SettlementRecords records, SettlementBills bills, SettlementReconciliation reconciliation,
            PlatformTransactionManager transactions) {
        this.records = records;
        this.bills = bills;
        this.reconciliation = reconciliation;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Reconciles one day of a gateway again, now (after fixing a cause, or for a day imported earlier). */
    public SettlementRun reconcile(String gateway, String date) {
        return reconciliation.reconcile(required("gateway", gateway), date("date", date));
    }

    /** Day reports of one gateway (or all), from/to inclusive (default: the last 31 days up to today). */
    public List<Map<String, Object>> reports(String gateway, String from, String to) {
        LocalDate end = to == null || to.isBlank() ? LocalDate.now() : date("to", to);
        LocalDate start = from == null || from.isBlank() ? end.minusDays(30) : date("from", from);
        if (start.isAfter(end)) {
            throw new BadInput("from (" + start + ") is after to (" + end + ")");
        }
        return records.reports(blankToNull(gateway), start, end, LIST_LIMIT).stream().map(SettlementOperations::view)
                .toList();
    }

    /** The discrepancies of one day, by kind and trade (at most {@value #LIST_LIMIT}; the CSV has all). */
    public List<Map<String, Object>> discrepancies(String gateway, String date) {
        return records.discrepancies(required("gateway", gateway), date("date", date), LIST_LIMIT).stream()
                .map(SettlementOperations::view).toList();
    }

    /** The discrepancies of one day as CSV (UTF-8), streamed from a temporary file whatever their number. */
    public InputStream discrepanciesCsv(String gateway, String date) {
        String g = required("gateway", gateway);
        LocalDate day = date("date", date);
        try {
            Path file = Files.createTempFile("settlement-discrepancies-", ".csv");
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                    CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
                csv.printRecord(DISCREPANCY_COLUMNS);
                readOnly.executeWithoutResult(status -> {
                    try (Stream<StoredDiscrepancy> rows = records.streamDiscrepancies(g, day)) {
                        rows.forEach(d -> print(csv, d));
                    }
                });
            }
            return Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the discrepancies CSV", e);
        }
    }

    private static void print(CSVPrinter csv, StoredDiscrepancy d) {
        try {
            csv.printRecord(d.gateway(), d.billDate(), d.gatewayTradeId(), d.kind(), d.merchantReference(), d.currency(),
                    plain(d.billAmount(), d.currency()), plain(d.inboxAmount(), d.currency()),
                    plain(d.bookedAmount(), d.currency()), d.detail());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imported and failed bill files, newest first; {@code status} IMPORTED or FAILED (default: both). */
    public List<Map<String, Object>> imports(String gateway, String status) {
        String s = blankToNull(status);
        if (s != null && !s.equals("IMPORTED") && !s.equals("FAILED")) {
            throw new BadInput("status must be IMPORTED or FAILED, was '" + status + "'");
        }
        return bills.list(blankToNull(gateway), s, LIST_LIMIT).stream().map(SettlementOperations::view).toList();
    }

    /** The rejected lines of one imported bill, by line number. */
    public List<RejectedLine> rejectedLines(String billId) {
        long id;
        try {
            id = Long.parseLong(required("id", billId).trim());
        } catch (NumberFormatException e) {
            throw new BadInput("a bill id is a number, was '" + billId + "'");
        }
        if (bills.find(id).isEmpty()) {
            throw new BadInput("no settlement bill #" + id);
        }
        return bills.rejected(id, LIST_LIMIT);
    }

    private static Map<String, Object> view(StoredDiscrepancy d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("gateway", d.gateway());
        v.put("billDate", d.billDate().toString());
        v.put("gatewayTradeId", d.gatewayTradeId());
        v.put("kind", d.kind());
        v.put("merchantReference", d.merchantReference());
        v.put("currency", d.currency());
        v.put("billAmount", plain(d.billAmount(), d.currency()));
        v.put("inboxAmount", plain(d.inboxAmount(), d.currency()));
        v.put("bookedAmount", plain(d.bookedAmount(), d.currency()));
        v.put("detail", d.detail());
        return v;
    }

    private static Map<String, Object> view(StoredBill b) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", b.id());
        v.put("gateway", b.gateway());
        v.put("fileName", b.fileName());
        v.put("status", b.status());
        v.put("billDate", b.billDate() == null ? null : b.billDate().toString());
        v.put("lastBillDate", b.lastBillDate() == null ? null : b.lastBillDate().toString());
        v.put("lines", b.lines());
        v.put("newLines", b.newLines());
        v.put("rejectedLines", b.rejected());
        v.put("failureReason", b.failureReason());
        v.put("failureDetail", b.failureDetail());
        v.put("importedAt", b.importedAt().toString());
        return v;
    }

    private static Map<String, Object> view(StoredReport r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("gateway", r.gateway());
        v.put("billDate", r.billDate().toString());
        v.put("trades", r.trades());
        Map<String, Long> outcomes = new LinkedHashMap<>();
        r.outcomes().forEach((k, n) -> outcomes.put(k.name(), n));
        v.put("outcomes", outcomes);
        v.put("eventsFromBill", r.billEvents());
        v.put("billLines", r.billLines());
        v.put("otherLines", r.otherLines());
        v.put("totals", r.totals().stream().map(t -> {
            Map<String, Object> total = new LinkedHashMap<>();
            total.put("currency", t.currency());
            total.put("paid", plain(t.paid(), t.currency()));
            total.put("refunded", plain(t.refunded(), t.currency()));
            total.put("disputed", plain(t.disputed(), t.currency()));
            total.put("fees", plain(t.fees(), t.currency()));
            total.put("payouts", plain(t.payouts(), t.currency()));
            return total;
        }).toList());
        v.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        v.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        v.put("durationMs", r.durationMs());
        return v;
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadInput(name + " is required, as yyyy-MM-dd");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadInput(name + " must be yyyy-MM-dd, was '" + value + "'");
        }
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadInput(name + " is required");
        }
        return value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** An amount at its currency's scale (stored at 4 decimals). */
    private static String plain(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        return currency == null ? amount.stripTrailingZeros().toPlainString()
                : Money.of(amount, Currency.getInstance(currency)).amount().toPlainString();
    }
}
