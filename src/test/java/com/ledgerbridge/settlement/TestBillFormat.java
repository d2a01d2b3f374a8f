package com.ledgerbridge.settlement;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.gateway.InvalidBillException;
import com.ledgerbridge.gateway.SettlementBillFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A settlement bill format for tests and the benchmark only: gateway {@code testpay}, a plain UTF-8 CSV with the
 * header {@link #HEADER} and a last line {@code #lines,<n>} counting the data lines. A wrong header or a wrong or
 * missing last line refuses the whole file (InvalidBillException NOT_A_BILL / TRUNCATED) after its lines were handed
 * over, as a torn download would be; a row that does not parse is rejected with its line number.
 */
public class TestBillFormat implements SettlementBillFormat {

    public static final String GATEWAY = "testpay";
    public static final List<String> HEADER = List.of("line_key", "bill_date", "kind", "trade_id", "merchant_reference",
            "movement_id", "amount", "fee", "currency", "occurred_at");

    @Override
    public String gateway() {
        return GATEWAY;
    }

    @Override
    public void read(InputStream content, String fileName, BillLineSink sink) throws IOException {
        Reader reader = new InputStreamReader(content, StandardCharsets.UTF_8);
        long dataLines = 0;
        Long declared = null;
        try (CSVParser parser = CSVFormat.DEFAULT.parse(reader)) {
            boolean header = true;
            for (CSVRecord record : parser) {
                long lineNumber = parser.getCurrentLineNumber();
                if (header) {
                    if (!record.toList().equals(HEADER)) {
                        throw new InvalidBillException("NOT_A_BILL", fileName + " does not start with the testpay header "
                                + String.join(",", HEADER));
                    }
                    header = false;
                    continue;
                }
                if (declared != null) {
                    throw new InvalidBillException("TRUNCATED", fileName + ": lines after the #lines footer");
                }
                if (record.get(0).equals("#lines")) {
                    declared = Long.parseLong(record.get(1));
                    continue;
                }
                dataLines++;
                String problem = null;
                BillLine line = null;
                try {
                    line = line(record, lineNumber);
                } catch (RuntimeException e) {
                    problem = e.getMessage();
                }
                if (line != null) {
                    sink.line(line);
                } else {
                    sink.rejected(lineNumber, problem);
                }
            }
            if (header) {
                throw new InvalidBillException("NOT_A_BILL", fileName + " is empty");
            }
        }
        if (declared == null || declared != dataLines) {
            throw new InvalidBillException("TRUNCATED", fileName + " declares " + declared + " line(s) in its #lines "
                    + "footer but has " + dataLines + ": the file is incomplete");
        }
    }

    private static BillLine line(CSVRecord r, long lineNumber) {
        if (r.size() != HEADER.size()) {
            throw new IllegalArgumentException(r.size() + " fields, expected " + HEADER.size());
        }
        Currency currency = Currency.getInstance(r.get(8));
        BigDecimal amount;
        BigDecimal fee;
        try {
            amount = new BigDecimal(r.get(6));
            fee = new BigDecimal(r.get(7));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + r.get(6) + "' or fee '" + r.get(7) + "' is not a number");
        }
        return new BillLine(GATEWAY, LocalDate.parse(r.get(1)), lineNumber, r.get(0), BillLineKind.valueOf(r.get(2)),
                r.get(3), blankToNull(r.get(4)), blankToNull(r.get(5)), Money.of(amount, currency), Money.of(fee, currency),
                OffsetDateTime.parse(r.get(9)).toInstant());
    }

    private static String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** Builds bill files of this format. */
    public static final class Bill {
        private final StringBuilder text = new StringBuilder(String.join(",", HEADER)).append('\n');
        private long lines;

        /** A line; {@code occurredAt} ISO with offset, e.g. 2026-11-20T10:00:00+08:00. */
        public Bill line(String key, String billDate, BillLineKind kind, String tradeId, String reference,
                String movementId, String amount, String fee, String currency, String occurredAt) {
            return raw(String.join(",", key, billDate, kind.name(), tradeId, reference == null ? "" : reference,
                    movementId == null ? "" : movementId, amount, fee, currency, occurredAt));
        }

        /** A data line as written (e.g. a bad one). */
        public Bill raw(String line) {
            text.append(line).append('\n');
            lines++;
            return this;
        }

        /** The file with its #lines footer. */
        public String complete() {
            return text + "#lines," + lines + "\n";
        }

        /** The file cut short: no footer. */
        public String truncated() {
            return text.toString();
        }
    }
}
