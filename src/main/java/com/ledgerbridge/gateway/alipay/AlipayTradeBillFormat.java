package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.gateway.InvalidBillException;
import com.ledgerbridge.gateway.SettlementBillFormat;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Alipay's daily trade bill ({@code bill_type=trade}): the zip {@code alipay.data.dataservice.bill.downloadurl.query}
 * hands out, read as it streams by.
 *
 * <ul>
 * <li>The zip's entry names are GBK without the UTF-8 flag, so it is opened with the GBK charset. Of its members the
 * detail list {@code <PID>0156_<yyyyMMdd>_业务明细.csv} is read, chosen by name (the summary
 * {@code …_业务明细(汇总).csv} may come first); the other members are read through only to know the zip is whole.</li>
 * <li>The content is GBK. {@code #} lines around the list are skipped, except {@code #账号：[<PID>0156]}, which must be
 * our seller's account ({@code FOREIGN_MERCHANT} otherwise), and {@code #起始日期：[…]}, the bill's day; the list ends
 * at the {@code #…业务明细列表结束…} line. Columns are found by their header name; values lose the tab Alipay appends
 * to keep Excel from reading ids as numbers. Times are Beijing time.</li>
 * <li>{@code 交易} rows are payments: line key {@code pay:<支付宝交易号>}, amount {@code 订单金额} (the trade's
 * {@code total_amount}, what the webhook's PAYMENT reports). {@code 退款} rows are refunds, negative in the file: line
 * key {@code refund:<支付宝交易号>:<退款批次号/请求号>}, movement id that request number (the notification's
 * {@code out_biz_no}; when the bill gives none, the trade number, as Alipay numbers a refund requested without one),
 * amount {@code |订单金额|}, the same basis as the trade's {@code refund_fee} (商家实收 is net of the merchant's own
 * discounts, which a refund also returns). Rows of another 业务类型 are passed on as OTHER.</li>
 * <li>Fee: the bill states amounts from the merchant account's side (money in positive, out negative: 商家实收 is
 * negative on refunds), and its 服务费 follows the same rule, negative when charged (as in every sample seen,
 * e.g. {@code -0.12} on a payment). {@link BillLine#fee()} counts a charge as positive, so the fee is 服务费 negated:
 * a payment's charged fee becomes positive, a refund's returned fee negative.</li>
 * <li>A row that cannot be read is handed to {@code sink.rejected} with its line number in the member; the rows
 * around it go on. Duplicate rows are passed on as they are: the import keeps one per line key.</li>
 * <li>Whole-file refusals ({@link InvalidBillException}): {@code TORN_ZIP} (not a zip, cut short, or a CRC error),
 * {@code NO_DETAIL_FILE}, {@code WRONG_ENCODING} (decoded as GBK, the header lacks {@code 支付宝交易号}: e.g. a UTF-8
 * file), {@code FOREIGN_MERCHANT}, {@code NOT_A_TRADE_BILL} (no header or a needed column missing),
 * {@code TRUNCATED_BILL} (the list has no end line). Lines already handed to the sink before such a refusal must be
 * discarded by the caller, as the {@link SettlementBillFormat} contract says.</li>
 * </ul>
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.alipay", name = "enabled", havingValue = "true")
public class AlipayTradeBillFormat implements SettlementBillFormat {

    static final Charset GBK = Charset.forName("GBK");
    static final String DETAIL_SUFFIX = "业务明细.csv";
    static final String ANCHOR = "支付宝交易号";

    static final String TRADE_NO = "支付宝交易号";
    static final String OUT_TRADE_NO = "商户订单号";
    static final String BUSINESS_TYPE = "业务类型";
    static final String FINISHED_AT = "完成时间";
    static final String ORDER_AMOUNT = "订单金额(元)";
    static final String REFUND_REQUEST_NO = "退款批次号/请求号";
    static final String SERVICE_FEE = "服务费(元)";
    private static final List<String> REQUIRED_COLUMNS = List.of(TRADE_NO, OUT_TRADE_NO, BUSINESS_TYPE, FINISHED_AT,
            ORDER_AMOUNT, REFUND_REQUEST_NO, SERVICE_FEE);

    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)\\]");
    private static final Pattern START_DATE = Pattern.compile("起始日期\\s*[:：]\\s*\\[(\\d{4})年(\\d{2})月(\\d{2})日");
    private static final Pattern MEMBER_DATE = Pattern.compile("_(\\d{8})_");
    private static final Pattern AMOUNT = Pattern.compile("-?[0-9]+(\\.[0-9]{1,2})?");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final CSVFormat ROW = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(false).get();

    private final String pid;

    @Autowired
    public AlipayTradeBillFormat(AlipayProperties properties) {
        this(properties.sellerId());
    }

    /** @param pid our merchant's PID ({@code 2088…}, the seller id), whose account the bill must be */
    public AlipayTradeBillFormat(String pid) {
        if (pid == null || pid.isBlank()) {
            throw new IllegalArgumentException("the bill's account is checked against our PID, which is not set");
        }
        this.pid = pid.strip();
    }

    @Override
    public String gateway() {
        return AlipayPaymentEvents.GATEWAY;
    }

    @Override
    public void read(InputStream content, String fileName, BillLineSink sink) throws IOException {
        // not closed: the caller owns the stream
        ZipTail tail = new ZipTail(content);
        ZipInputStream zip = new ZipInputStream(tail, GBK);
        int entries = 0;
        boolean detailRead = false;
        try {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries++;
                String name = entry.getName();
                String baseName = name.substring(name.lastIndexOf('/') + 1);
                if (!detailRead && !entry.isDirectory() && baseName.endsWith(DETAIL_SUFFIX)) {
                    detailRead = true;
                    new DetailReader(baseName, sink).read(zip);
                }
                zip.transferTo(OutputStream.nullOutputStream()); // the rest of the member: its CRC is checked at its end
            }
        } catch (ZipException | EOFException e) {
            throw new InvalidBillException("TORN_ZIP", fileName + " is not a whole zip: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // an entry name that is not GBK
            throw new InvalidBillException("TORN_ZIP", fileName + " has an unreadable entry name: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new InvalidBillException("TORN_ZIP", fileName + " is not a zip (no entry found)");
        }
        // the entries are whole; a zip cut inside its central directory is still a torn download
        tail.drain();
        if (!tail.endsWithEndOfCentralDirectory()) {
            throw new InvalidBillException("TORN_ZIP", fileName + " is cut short: it does not end with a zip's "
                    + "end-of-central-directory record");
        }
        if (!detailRead) {
            throw new InvalidBillException("NO_DETAIL_FILE", fileName + " holds no *_" + DETAIL_SUFFIX
                    + " member (is it a signcustomer bill, or only the summary?)");
        }
    }

    /** Reads the detail member line by line, never holding more than one line. */
    private final class DetailReader {

        private final String memberName;
        private final BillLineSink sink;
        private String account;
        private LocalDate billDate;
        private Map<String, Integer> columns;
        private boolean ended;

        DetailReader(String memberName, BillLineSink sink) {
            this.memberName = memberName;
            this.sink = sink;
        }

        void read(InputStream member) throws IOException {
            CharsetDecoder decoder = GBK.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            BufferedReader lines = new BufferedReader(new InputStreamReader(member, decoder)); // not closed: the zip's
            long lineNumber = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (columns == null) {
                    beforeList(line);
                } else if (line.startsWith("#")) {
                    ended = ended || line.contains("结束");
                } else if (!line.isBlank()) {
                    if (ended) {
                        sink.rejected(lineNumber, "a row after the end of the detail list");
                    } else {
                        row(lineNumber, line);
                    }
                }
            }
            if (columns == null) {
                throw new InvalidBillException("NOT_A_TRADE_BILL", memberName + " has no column header line");
            }
            if (!ended) {
                throw new InvalidBillException("TRUNCATED_BILL", memberName
                        + " ends before its 业务明细列表结束 line: the bill is incomplete");
            }
        }

        private void beforeList(String line) {
            if (line.startsWith("#")) {
                if (line.contains("账号")) {
                    Matcher bracketed = BRACKETED.matcher(line);
                    account = bracketed.find() ? bracketed.group(1).strip() : "";
                }
                Matcher start = START_DATE.matcher(line);
                if (start.find()) {
                    billDate = LocalDate.of(Integer.parseInt(start.group(1)), Integer.parseInt(start.group(2)),
                            Integer.parseInt(start.group(3)));
                }
                return;
            }
            if (line.isBlank()) {
                return;
            }
            if (!line.contains(ANCHOR)) {
                throw new InvalidBillException("WRONG_ENCODING", memberName + ": decoded as GBK, its header has no "
                        + ANCHOR + " column; not a GBK Alipay trade bill (a UTF-8 export?)");
            }
            if (account == null) {
                throw new InvalidBillException("FOREIGN_MERCHANT", memberName + " names no account (#账号 line)");
            }
            if (!account.equals(pid + "0156") && !account.equals(pid)) {
                throw new InvalidBillException("FOREIGN_MERCHANT", memberName + " is the bill of account " + account
                        + ", not of our PID " + pid);
            }
            if (billDate == null) {
                Matcher date = MEMBER_DATE.matcher(memberName);
                if (!date.find()) {
                    throw new InvalidBillException("NOT_A_TRADE_BILL", memberName
                            + " gives its day neither in a #起始日期 line nor in its name");
                }
                try {
                    billDate = LocalDate.parse(date.group(1), DateTimeFormatter.BASIC_ISO_DATE);
                } catch (DateTimeException e) {
                    throw new InvalidBillException("NOT_A_TRADE_BILL", memberName + " has no valid day in its name");
                }
            }
            Map<String, Integer> byName = new HashMap<>();
            List<String> header = fields(line);
            for (int i = 0; i < header.size(); i++) {
                byName.putIfAbsent(normalise(header.get(i)), i);
            }
            for (String required : REQUIRED_COLUMNS) {
                if (!byName.containsKey(required)) {
                    throw new InvalidBillException("NOT_A_TRADE_BILL", memberName + " has no column " + required);
                }
            }
            columns = byName;
        }

        private void row(long lineNumber, String line) {
            List<String> fields;
            try {
                fields = fields(line);
            } catch (IllegalStateException | IllegalArgumentException e) {
                sink.rejected(lineNumber, "not a CSV row: " + e.getMessage());
                return;
            }
            try {
                sink.line(toBillLine(lineNumber, fields));
            } catch (BadRow e) {
                sink.rejected(lineNumber, e.getMessage());
            }
        }

        private BillLine toBillLine(long lineNumber, List<String> fields) {
            String tradeNo = field(fields, TRADE_NO);
            if (tradeNo.isEmpty()) {
                throw new BadRow(TRADE_NO + " is empty");
            }
            String type = field(fields, BUSINESS_TYPE);
            BigDecimal orderAmount = amount(fields, ORDER_AMOUNT);
            String feeText = field(fields, SERVICE_FEE);
            BigDecimal fee = feeText.isEmpty() ? BigDecimal.ZERO : amount(fields, SERVICE_FEE);
            Instant finishedAt = time(field(fields, FINISHED_AT));
            String reference = field(fields, OUT_TRADE_NO);
            String requestNo = field(fields, REFUND_REQUEST_NO);
            BillLineKind kind;
            String lineKey;
            String movementId = null;
            switch (type) {
                case "交易" -> {
                    if (orderAmount.signum() < 0) {
                        throw new BadRow("a 交易 row with a negative " + ORDER_AMOUNT + " " + orderAmount.toPlainString());
                    }
                    kind = BillLineKind.PAYMENT;
                    lineKey = "pay:" + tradeNo;
                }
                case "退款" -> {
                    if (orderAmount.signum() > 0) {
                        throw new BadRow("a 退款 row with a positive " + ORDER_AMOUNT + " " + orderAmount.toPlainString());
                    }
                    kind = BillLineKind.REFUND;
                    movementId = requestNo.isEmpty() ? tradeNo : requestNo;
                    lineKey = "refund:" + tradeNo + ":" + movementId;
                }
                case "" -> throw new BadRow(BUSINESS_TYPE + " is empty");
                default -> {
                    kind = BillLineKind.OTHER;
                    movementId = requestNo.isEmpty() ? null : requestNo;
                    lineKey = "other:" + tradeNo + ":" + type + (requestNo.isEmpty() ? "" : ":" + requestNo);
                }
            }
            return new BillLine(AlipayPaymentEvents.GATEWAY, billDate, lineNumber, lineKey, kind, tradeNo,
                    reference.isEmpty() ? null : reference, movementId, yuan(orderAmount.abs()), yuan(fee.negate()),
                    finishedAt);
        }

        private String field(List<String> fields, String column) {
            int index = columns.get(column);
            if (index >= fields.size()) {
                throw new BadRow("the row has " + fields.size() + " fields, no " + column);
            }
            return fields.get(index).strip(); // Alipay appends a TAB to ids (and some amounts)
        }

        private BigDecimal amount(List<String> fields, String column) {
            String text = field(fields, column);
            if (!AMOUNT.matcher(text).matches()) {
                throw new BadRow(column + " '" + abbreviate(text) + "' is not a yuan amount");
            }
            return new BigDecimal(text);
        }
    }

    private static Instant time(String text) {
        try {
            return LocalDateTime.parse(text, TIME).atZone(AlipayNotificationParser.ALIPAY_ZONE).toInstant();
        } catch (DateTimeException e) {
            throw new BadRow(FINISHED_AT + " '" + abbreviate(text) + "' is not yyyy-MM-dd HH:mm:ss");
        }
    }

    private static Money yuan(BigDecimal amount) {
        return Money.of(amount, AlipayPaymentEvents.CNY);
    }

    /**
     * One line's fields. Alipay quotes nothing in practice, and a line without a quote is split on its commas
     * directly (a parser per line would dominate the time of a million-row bill); a line with a quote goes through
     * commons-csv. Each line is parsed on its own, so a broken quote costs only its row.
     */
    static List<String> fields(String line) {
        if (line.indexOf('"') < 0) {
            return Arrays.asList(line.split(",", -1));
        }
        try (CSVParser parser = CSVParser.parse(line, ROW)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new IllegalArgumentException(records.size() + " records in one line");
            }
            return records.get(0).toList();
        } catch (IOException | UncheckedIOException e) { // commons-csv reports a broken quote as an I/O failure
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Header names with ASCII parentheses and no padding, so that {@code 订单金额（元）} and {@code 订单金额(元)} match. */
    static String normalise(String header) {
        return header.replace('（', '(').replace('）', ')').strip();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** A row that cannot be used; its message is the reason reported. */
    private static final class BadRow extends RuntimeException {

        BadRow(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Passes the zip through and keeps its last bytes, to check that it ends with an end-of-central-directory record
     * (which {@link ZipInputStream}, reading entries only, never looks at).
     */
    private static final class ZipTail extends java.io.FilterInputStream {

        /** The record is 22 bytes plus a comment of at most 65535. */
        private static final int KEPT = 22 + 65_535;

        private final byte[] ring = new byte[KEPT];
        private long total;

        ZipTail(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                keep((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            for (int i = 0; i < n; i++) {
                keep(b[off + i]);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // every byte must pass through keep()
            return n <= 0 ? 0 : Math.max(read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192)), 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void keep(byte b) {
            ring[(int) (total++ % KEPT)] = b;
        }

        void drain() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // kept by read
            }
        }

        boolean endsWithEndOfCentralDirectory() {
            int kept = (int) Math.min(total, KEPT);
            for (int fromEnd = 22; fromEnd <= kept; fromEnd++) {
                if (at(fromEnd) == 0x50 && at(fromEnd - 1) == 0x4b && at(fromEnd - 2) == 0x05 && at(fromEnd - 3) == 0x06) {
                    int commentLength = at(fromEnd - 20) | at(fromEnd - 21) << 8;
                    if (fromEnd == 22 + commentLength) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The byte {@code fromEnd} positions before the end (1 = the last byte), unsigned. */
        private int at(int fromEnd) {
            return ring[(int) ((total - fromEnd) % KEPT)] & 0xff;
        }
    }
}
