package com.ledgerbridge.gateway.wechatpay;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.gateway.InvalidBillException;
import com.ledgerbridge.gateway.SettlementBillFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * WeChat Pay's daily trade bill ({@code GET /v3/bill/tradebill}, {@code bill_type=ALL}; the same file the merchant
 * platform offers as "所有交易账单"): UTF-8 CSV, a header line, detail lines whose every field starts with a backquote
 * (so that Excel keeps long ids as text), then a summary header ({@code 总交易单数,应结订单总金额,…}) and one line of
 * totals. Columns are found by their header names, not their positions.
 *
 * <ul>
 * <li>{@code 交易状态} SUCCESS: a PAYMENT line, key {@code pay:<微信订单号>}, amount {@code 应结订单金额}, fee
 * {@code 手续费} (charged: positive).</li>
 * <li>{@code 交易状态} REFUND: a REFUND line, key {@code refund:<微信退款单号>}, amount {@code 退款金额}, fee
 * {@code 手续费} as the bill prints it, negative when the fee is given back with the refund; a refund whose
 * {@code 退款状态} is neither SUCCESS nor PROCESSING (a closed or failed refund, which returned nothing) is an OTHER
 * line, reported but never booked. The bill is a snapshot taken when the refund was accepted: WeChat Pay does not
 * update its status afterwards.</li>
 * </ul>
 * Times are Beijing time (Asia/Shanghai). Amounts are yuan with 2 decimals; the fee is printed with 5 but WeChat
 * Pay charges whole fen, so a fee with a fraction of a fen is refused as a bad line rather than rounded.
 *
 * <p>Whole-file problems ({@link InvalidBillException}): not UTF-8 ({@code WRONG_ENCODING}; a UTF-8 byte order mark is
 * accepted), not a trade bill ({@code NOT_A_TRADE_BILL}), another merchant's ({@code FOREIGN_MERCHANT}), no summary
 * ({@code TRUNCATED}), detail lines or settled total not matching the summary ({@code TOTALS_MISMATCH}). The bill
 * date is taken from the file name ({@code yyyy-MM-dd} or {@code yyyyMMdd}), else from the first line's date.
 * Streamed line by line: a bill is never held in memory.
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.wechatpay", name = "enabled", havingValue = "true")
public class WechatPayBillFormat implements SettlementBillFormat {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final String SUMMARY_FIRST_COLUMN = "总交易单数";

    static final String TIME = "交易时间";
    static final String MCH_ID = "商户号";
    static final String TRANSACTION_ID = "微信订单号";
    static final String OUT_TRADE_NO = "商户订单号";
    static final String TRADE_STATE = "交易状态";
    static final String CURRENCY = "货币种类";
    static final String SETTLEMENT_AMOUNT = "应结订单金额";
    static final String REFUND_ID = "微信退款单号";
    static final String REFUND_AMOUNT = "退款金额";
    static final String REFUND_STATUS = "退款状态";
    static final String FEE = "手续费";
    static final List<String> REQUIRED = List.of(TIME, MCH_ID, TRANSACTION_ID, OUT_TRADE_NO, TRADE_STATE, CURRENCY,
            SETTLEMENT_AMOUNT, REFUND_ID, REFUND_AMOUNT, REFUND_STATUS, FEE);
    static final String SUMMARY_COUNT = "总交易单数";
    static final String SUMMARY_SETTLEMENT = "应结订单总金额";

    private static final Set<String> REFUND_MOVED_MONEY = Set.of("SUCCESS", "PROCESSING");
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final Pattern DASHED_DATE = Pattern.compile("(?<!\\d)(\\d{4}-\\d{2}-\\d{2})(?!\\d)");
    private static final Pattern PLAIN_DATE = Pattern.compile("(?<!\\d)(\\d{8})(?!\\d)");
    /** Empty lines are records too (then skipped), so that every physical line is counted. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

    private final String mchId;

    @Autowired
    public WechatPayBillFormat(WechatPayProperties properties) {
        this(properties.mchId());
    }

    WechatPayBillFormat(String mchId) {
        this.mchId = mchId;
    }

    @Override
    public String gateway() {
        return WechatPayNotificationReader.GATEWAY;
    }

    @Override
    public void read(InputStream content, String fileName, BillLineSink sink) throws IOException {
        BufferedReader text = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        try {
            skipByteOrderMark(text);
            try (CSVParser parser = FORMAT.parse(text)) {
                new Reading(dateInName(fileName), sink).read(parser);
            }
        } catch (CharacterCodingException e) {
            throw wrongEncoding();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw wrongEncoding();
            }
            throw new InvalidBillException("NOT_A_TRADE_BILL", "the file is not readable CSV: " + e.getCause().getMessage());
        }
    }

    private static InvalidBillException wrongEncoding() {
        return new InvalidBillException("WRONG_ENCODING", "the bill is not UTF-8 (WeChat Pay bills are UTF-8; a file "
                + "saved again by a spreadsheet may be GBK): save it as UTF-8 or download it again");
    }

    private static void skipByteOrderMark(BufferedReader text) throws IOException {
        text.mark(1);
        if (text.read() != '\uFEFF') {
            text.reset();
        }
    }

    /** The day a file name states ({@code …2026-01-16…} or {@code …20260116…}), else null. */
    static LocalDate dateInName(String fileName) {
        if (fileName == null) {
            return null;
        }
        for (Matcher m : List.of(DASHED_DATE.matcher(fileName), PLAIN_DATE.matcher(fileName))) {
            if (m.find()) {
                try {
                    return LocalDate.parse(m.group(1).replace("-", ""), DateTimeFormatter.BASIC_ISO_DATE);
                } catch (DateTimeParseException e) {
                    // not a date after all
                }
            }
        }
        return null;
    }

    /** One pass over one file. */
    private final class Reading {

        private final BillLineSink sink;
        private LocalDate billDate;
        private Map<String, Integer> columns;
        private int width;
        private long details;
        private boolean anyRejected;
        private BigDecimal settledTotal = BigDecimal.ZERO;
        private List<String> summaryHeader;
        private List<String> summary;

        Reading(LocalDate billDate, BillLineSink sink) {
            this.billDate = billDate;
            this.sink = sink;
        }

        void read(CSVParser parser) {
            Iterator<CSVRecord> records = parser.iterator();
            long linesBefore = 0;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                long line = linesBefore + 1;
                linesBefore = parser.getCurrentLineNumber();
                if (record.stream().allMatch(String::isBlank)) {
                    continue;
                }
                if (columns == null) {
                    header(record);
                } else if (summaryHeader == null && SUMMARY_FIRST_COLUMN.equals(unquoted(record.get(0)))) {
                    summaryHeader = record.stream().map(WechatPayBillFormat::unquoted).toList();
                } else if (summaryHeader != null && summary == null) {
                    summary = record.stream().map(WechatPayBillFormat::unquoted).toList();
                } else if (summary != null) {
                    anyRejected = true;
                    sink.rejected(line, "text after the summary lines");
                } else {
                    details++;
                    detail(record, line);
                }
            }
            if (columns == null) {
                throw new InvalidBillException("NOT_A_TRADE_BILL", "the file is empty");
            }
            checkSummary();
        }

        private void header(CSVRecord record) {
            Map<String, Integer> byName = new HashMap<>();
            for (int i = 0; i < record.size(); i++) {
                byName.putIfAbsent(unquoted(record.get(i)), i);
            }
            List<String> missing = REQUIRED.stream().filter(c -> !byName.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidBillException("NOT_A_TRADE_BILL", "not a WeChat Pay trade bill: the header lacks "
                        + String.join(", ", missing));
            }
            columns = byName;
            width = record.size();
        }

        private void detail(CSVRecord record, long line) {
            if (record.size() != width) {
                reject(line, record.size() + " fields where the header has " + width);
                return;
            }
            String merchant = field(record, MCH_ID);
            if (!mchId.equals(merchant)) {
                throw new InvalidBillException("FOREIGN_MERCHANT", "line " + line + " is merchant " + merchant
                        + "'s, not ours (" + mchId + "): this is another merchant's bill");
            }
            try {
                BillLine billLine = billLine(record, line);
                sink.line(billLine);
            } catch (BadLine e) {
                reject(line, e.getMessage());
            }
        }

        private BillLine billLine(CSVRecord record, long line) {
            Instant at = time(field(record, TIME));
            if (billDate == null) {
                billDate = LocalDateTime.parse(field(record, TIME), LOCAL_TIME).toLocalDate();
            }
            Currency currency = currency(field(record, CURRENCY));
            String transactionId = required(record, TRANSACTION_ID);
            String reference = field(record, OUT_TRADE_NO);
            reference = reference.isBlank() ? null : reference;
            Money fee = fee(field(record, FEE), currency);
            String state = field(record, TRADE_STATE);
            switch (state) {
                case "SUCCESS" -> {
                    Money amount = amount(record, SETTLEMENT_AMOUNT, currency);
                    settledTotal = settledTotal.add(amount.amount());
                    return new BillLine(gateway(), billDate, line, "pay:" + transactionId, BillLineKind.PAYMENT,
                            transactionId, reference, null, amount, fee, at);
                }
                case "REFUND" -> {
                    String refundId = required(record, REFUND_ID);
                    if ("0".equals(refundId)) {
                        throw new BadLine(REFUND_ID + " is 0 on a refund line");
                    }
                    Money amount = amount(record, REFUND_AMOUNT, currency);
                    settledTotal = settledTotal.add(amount(record, SETTLEMENT_AMOUNT, currency).amount());
                    String status = required(record, REFUND_STATUS);
                    BillLineKind kind = REFUND_MOVED_MONEY.contains(status) ? BillLineKind.REFUND : BillLineKind.OTHER;
                    return new BillLine(gateway(), billDate, line, "refund:" + refundId, kind, transactionId, reference,
                            refundId, amount, fee, at);
                }
                default -> throw new BadLine("unknown " + TRADE_STATE + " " + state);
            }
        }

        private void reject(long line, String reason) {
            anyRejected = true;
            sink.rejected(line, reason);
        }

        private void checkSummary() {
            if (summary == null) {
                throw new InvalidBillException("TRUNCATED", "the bill has no summary lines (" + SUMMARY_COUNT
                        + ",…): the file ends early");
            }
            String count = summaryValue(SUMMARY_COUNT);
            if (!count.matches("[0-9]{1,12}") || Long.parseLong(count) != details) {
                throw new InvalidBillException("TOTALS_MISMATCH", "the summary counts " + count
                        + " lines, the file has " + details);
            }
            if (!anyRejected) {
                // with a line refused its amount is unknown; the count above still shows nothing went missing
                String settled = summaryValue(SUMMARY_SETTLEMENT);
                BigDecimal total;
                try {
                    total = new BigDecimal(settled);
                } catch (NumberFormatException e) {
                    throw new InvalidBillException("TOTALS_MISMATCH", SUMMARY_SETTLEMENT + " " + settled
                            + " is not an amount");
                }
                if (total.compareTo(settledTotal) != 0) {
                    throw new InvalidBillException("TOTALS_MISMATCH", "the summary's " + SUMMARY_SETTLEMENT + " is "
                            + settled + ", the lines add up to " + settledTotal.toPlainString());
                }
            }
        }

        private String summaryValue(String name) {
            int index = summaryHeader.indexOf(name);
            if (index < 0 || index >= summary.size()) {
                throw new InvalidBillException("NOT_A_TRADE_BILL", "the summary lacks " + name);
            }
            return summary.get(index);
        }

        private String field(CSVRecord record, String name) {
            return unquoted(record.get(columns.get(name)));
        }

        private String required(CSVRecord record, String name) {
            String value = field(record, name);
            if (value.isBlank()) {
                throw new BadLine(name + " is empty");
            }
            return value;
        }

        private Money amount(CSVRecord record, String name, Currency currency) {
            BigDecimal value = decimal(field(record, name), name);
            if (value.signum() < 0) {
                throw new BadLine(name + " " + value.toPlainString() + " is negative");
            }
            return money(value, currency, name);
        }

        private Money fee(String text, Currency currency) {
            return money(decimal(text, FEE), currency, FEE);
        }
    }

    /** A line that cannot be used; its message is the reason. */
    private static final class BadLine extends RuntimeException {

        BadLine(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The field without WeChat Pay's leading backquote and surrounding spaces. */
    static String unquoted(String field) {
        String value = field.strip();
        return value.startsWith("`") ? value.substring(1).strip() : value;
    }

    private static Instant time(String text) {
        try {
            return LocalDateTime.parse(text, LOCAL_TIME).atZone(BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadLine(TIME + " " + text + " is not yyyy-MM-dd HH:mm:ss");
        }
    }

    private static Currency currency(String code) {
        try {
            Currency currency = Currency.getInstance(code);
            if (currency.getDefaultFractionDigits() >= 0) {
                return currency;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // refused below
        }
        throw new BadLine(CURRENCY + " " + code + " is not a currency");
    }

    private static BigDecimal decimal(String text, String name) {
        if (!text.matches("-?[0-9]{1,15}(\\.[0-9]{1,6})?")) {
            throw new BadLine(name + " " + text + " is not an amount");
        }
        return new BigDecimal(text);
    }

    private static Money money(BigDecimal value, Currency currency, String name) {
        try {
            return Money.of(value, currency);
        } catch (IllegalArgumentException e) {
            throw new BadLine(name + " " + value.toPlainString() + " has more decimals than " + currency
                    + " has (a fraction of a " + (currency.getDefaultFractionDigits() > 0 ? "minor unit" : "unit") + ")");
        }
    }
}
