package com.ledgerbridge.gateway.stripe;

import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.BALANCE_TRANSACTION_ID;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.CHARGE_ID;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.CONNECTED_ACCOUNT;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.CREATED_UTC;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.CURRENCY;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.EFFECTIVE_AT_UTC;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.FEE;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.GROSS;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.NET;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.PAYOUT_ID;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.REPORTING_CATEGORY;
import static com.ledgerbridge.gateway.stripe.StripeBalanceCsv.SOURCE_ID;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.gateway.InvalidBillException;
import com.ledgerbridge.gateway.SettlementBillFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Reads Stripe's itemized balance report ({@link StripeBalanceCsv}) into bill lines, streamed row by row. One balance
 * transaction is one line, keyed by its {@code txn_…} id; its {@code reporting_category} says what it is:
 * <ul>
 *   <li>{@code charge}: PAYMENT of {@code gross} on {@code charge_id}, with its {@code fee};</li>
 *   <li>{@code refund}: REFUND of {@code |gross|} on {@code charge_id}, the refund ({@code re_…}) being its
 *       {@code source_id};</li>
 *   <li>{@code dispute} / {@code dispute_reversal}: DISPUTE / DISPUTE_REVERSAL of {@code |gross|} on {@code charge_id},
 *       the dispute ({@code dp_…}) being its {@code source_id}; the dispute fee is the line's fee;</li>
 *   <li>{@code payout}: PAYOUT of {@code |gross|} (what reaches the bank; an instant payout's fee is the line's fee),
 *       named by the payout id ({@code po_…}) as trade and movement;</li>
 *   <li>{@code fee} (Stripe fees billed on their own, e.g. Radar, Billing): FEE with amount zero and the whole
 *       {@code -net} as the signed fee (positive charged, negative refunded), so a fee refund keeps its direction;</li>
 *   <li>anything else ({@code partial_capture_reversal}, {@code refund_failure}, {@code payout_reversal}, transfers,
 *       adjustments, …): OTHER, reported and never booked automatically.</li>
 * </ul>
 * The bill date is the day of {@code created_utc} in the configured zone. A row that cannot be read (bad amount,
 * {@code net ≠ gross − fee}, unknown currency, a refund without its charge) is rejected with its line number; the rows
 * around it are kept. A file that is not such a report, is not UTF-8, or belongs to another Stripe account is refused
 * as a whole ({@link InvalidBillException}); as the file is streamed, that may come after some lines were handed over,
 * which the import then discards with the rest.
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.stripe", name = "enabled", havingValue = "true")
public class StripeBalanceBillFormat implements SettlementBillFormat {

    private static final Pattern ACCOUNT_IN_NAME = Pattern.compile("acct_[A-Za-z0-9]+");
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final ZoneId zone;
    private final String accountId;
    private final String referenceColumn;

    @Autowired
    public StripeBalanceBillFormat(StripeProperties properties) {
        this(properties.bill().zoneId(), properties.accountId(), properties.referenceMetadataKey());
    }

    StripeBalanceBillFormat(ZoneId zone, String accountId, String referenceMetadataKey) {
        this.zone = zone;
        this.accountId = accountId;
        this.referenceColumn = StripeBalanceCsv.metadataColumn(referenceMetadataKey).toLowerCase(Locale.ROOT);
    }

    @Override
    public String gateway() {
        return StripePaymentEvents.GATEWAY;
    }

    /** Where each column we use is; -1 when absent. */
    private record Columns(int id, int created, int currency, int gross, int fee, int net, int category, int source,
            int charge, int reference, int connectedAccount) {
    }

    @Override
    public void read(InputStream content, String fileName, BillLineSink sink) throws IOException {
        checkAccountInName(fileName);
        Reader reader = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        try (CSVParser parser = StripeBalanceCsv.FORMAT.builder().setIgnoreEmptyLines(false).get().parse(reader)) {
            Columns columns = null;
            long linesBefore = 0;
            for (CSVRecord record : parser) {
                long line = linesBefore + 1;
                linesBefore = parser.getCurrentLineNumber();
                if (columns == null) {
                    columns = header(record, fileName);
                    continue;
                }
                if (record.stream().allMatch(String::isBlank)) {
                    continue;
                }
                checkAccountInRow(record, columns, line);
                BillLine bill;
                try {
                    bill = line(record, columns, line);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    sink.rejected(line, e.getMessage());
                    continue;
                }
                sink.line(bill);
            }
            if (columns == null) {
                throw new InvalidBillException("NOT_A_BILL", fileName + " is empty: expected Stripe's itemized balance "
                        + "report with a header row");
            }
        } catch (CharacterCodingException e) {
            throw new InvalidBillException("WRONG_ENCODING", fileName + " is not UTF-8 text, as Stripe's reports are", e);
        } catch (IllegalStateException | UncheckedIOException e) {
            // commons-csv reports a torn quote this way
            if (e.getCause() instanceof CharacterCodingException cause) {
                throw new InvalidBillException("WRONG_ENCODING", fileName + " is not UTF-8 text, as Stripe's reports are",
                        cause);
            }
            throw new InvalidBillException("NOT_A_BILL", fileName + " is not a well-formed CSV file: " + e.getMessage(),
                    e);
        }
    }

    private void checkAccountInName(String fileName) {
        if (fileName == null) {
            return;
        }
        Matcher account = ACCOUNT_IN_NAME.matcher(fileName);
        while (account.find()) {
            if (!account.group().equals(accountId)) {
                throw new InvalidBillException("FOREIGN_ACCOUNT", fileName + " is the bill of Stripe account "
                        + account.group() + ", ours is " + (accountId == null ? "the platform account" : accountId));
            }
        }
    }

    private void checkAccountInRow(CSVRecord record, Columns columns, long line) {
        String account = cell(record, columns.connectedAccount());
        if (account != null && !account.equals(accountId)) {
            throw new InvalidBillException("FOREIGN_ACCOUNT", "line " + line + " is a transaction of Stripe account "
                    + account + ", ours is " + (accountId == null ? "the platform account" : accountId));
        }
    }

    private Columns header(CSVRecord record, String fileName) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i);
            if (i == 0 && !name.isEmpty() && name.charAt(0) == BYTE_ORDER_MARK) {
                name = name.substring(1);
            }
            name = name.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && index.putIfAbsent(name, i) != null) {
                throw notABill(fileName, "the header has column '" + name + "' more than once");
            }
        }
        boolean payoutsReport = index.containsKey(PAYOUT_ID) && !index.containsKey(SOURCE_ID);
        int created = index.getOrDefault(CREATED_UTC, index.getOrDefault(EFFECTIVE_AT_UTC, -1));
        List<String> missing = new ArrayList<>();
        for (String required : List.of(BALANCE_TRANSACTION_ID, CURRENCY, GROSS, FEE, NET, REPORTING_CATEGORY)) {
            if (!index.containsKey(required)) {
                missing.add(required);
            }
        }
        if (created < 0) {
            missing.add(CREATED_UTC);
        }
        if (!payoutsReport && !index.containsKey(SOURCE_ID)) {
            missing.add(SOURCE_ID);
        }
        if (!payoutsReport && !index.containsKey(CHARGE_ID)) {
            // not a default column of the report: refunds and disputes cannot be tied to their payment without it
            missing.add(CHARGE_ID);
        }
        if (!missing.isEmpty()) {
            throw notABill(fileName, "the header lacks " + String.join(", ", missing) + " (download Stripe's itemized "
                    + "balance report with the columns balance_transaction_id, created_utc, currency, gross, fee, net, "
                    + "reporting_category, source_id, charge_id)");
        }
        return new Columns(index.get(BALANCE_TRANSACTION_ID), created, index.get(CURRENCY), index.get(GROSS),
                index.get(FEE), index.get(NET), index.get(REPORTING_CATEGORY),
                payoutsReport ? index.get(PAYOUT_ID) : index.get(SOURCE_ID), index.getOrDefault(CHARGE_ID, -1),
                index.getOrDefault(referenceColumn, -1), index.getOrDefault(CONNECTED_ACCOUNT, -1));
    }

    private static InvalidBillException notABill(String fileName, String problem) {
        return new InvalidBillException("NOT_A_BILL", fileName + " is not Stripe's itemized balance report: " + problem);
    }

    private BillLine line(CSVRecord record, Columns columns, long line) {
        String transaction = required(record, columns.id(), BALANCE_TRANSACTION_ID);
        Instant created = StripeBalanceCsv.parseTime(required(record, columns.created(), CREATED_UTC));
        Currency currency = StripeAmounts.currency(required(record, columns.currency(), CURRENCY));
        Money gross = money(required(record, columns.gross(), GROSS), currency, GROSS);
        Money fee = money(required(record, columns.fee(), FEE), currency, FEE);
        Money net = money(required(record, columns.net(), NET), currency, NET);
        if (!gross.minus(fee).equals(net)) {
            throw new IllegalArgumentException("net " + net + " is not gross " + gross + " minus fee " + fee);
        }
        String category = required(record, columns.category(), REPORTING_CATEGORY).toLowerCase(Locale.ROOT);
        String source = cell(record, columns.source());
        String charge = cell(record, columns.charge());
        String reference = cell(record, columns.reference());
        Money zero = Money.zero(currency);
        return switch (category) {
            case "charge" -> {
                if (gross.amount().signum() < 0) {
                    throw new IllegalArgumentException("a charge with a negative gross " + gross);
                }
                String trade = charge != null ? charge : need(source, "charge " + transaction + " names no charge");
                yield bill(created, line, transaction, BillLineKind.PAYMENT, trade, reference, null, gross, fee);
            }
            case "refund" -> bill(created, line, transaction, BillLineKind.REFUND,
                    need(charge, "refund " + transaction + " names no charge_id"), reference,
                    need(source, "refund " + transaction + " names no refund (source_id)"), abs(gross), fee);
            case "dispute", "dispute_reversal" -> bill(created, line, transaction,
                    category.equals("dispute") ? BillLineKind.DISPUTE : BillLineKind.DISPUTE_REVERSAL,
                    need(charge, category + " " + transaction + " names no charge_id"), reference,
                    need(source, category + " " + transaction + " names no dispute (source_id)"), abs(gross), fee);
            case "payout" -> {
                String payout = need(source, "payout " + transaction + " names no payout (source_id)");
                yield bill(created, line, transaction, BillLineKind.PAYOUT, payout, null, payout, abs(gross), fee);
            }
            case "fee" -> bill(created, line, transaction, BillLineKind.FEE, source != null ? source : transaction, null,
                    source, zero, net.negate());
            default -> bill(created, line, transaction, BillLineKind.OTHER,
                    charge != null ? charge : source != null ? source : transaction, reference, source, abs(gross), fee);
        };
    }

    private BillLine bill(Instant created, long line, String transaction, BillLineKind kind, String trade,
            String reference, String movement, Money amount, Money fee) {
        return new BillLine(StripePaymentEvents.GATEWAY, created.atZone(zone).toLocalDate(), line, transaction, kind,
                trade, reference, movement, amount, fee, created);
    }

    /** A report amount in major units: {@code 12.34}, {@code -5}, or {@code 12,34} (decimal_separator=","). */
    static Money money(String text, Currency currency, String column) {
        String value = text.strip();
        if (value.indexOf(',') >= 0 && value.indexOf('.') < 0 && value.indexOf(',') == value.lastIndexOf(',')) {
            value = value.replace(',', '.');
        }
        if (!value.matches("-?\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException(column + " '" + text + "' is not an amount");
        }
        try {
            return Money.of(new BigDecimal(value), currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(column + " '" + text + "': " + e.getMessage());
        }
    }

    private static Money abs(Money money) {
        return money.amount().signum() < 0 ? money.negate() : money;
    }

    private static String required(CSVRecord record, int index, String column) {
        return need(cell(record, index), column + " is empty");
    }

    private static String need(String value, String problem) {
        if (value == null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    private static String cell(CSVRecord record, int index) {
        if (index < 0 || index >= record.size()) {
            return null;
        }
        String value = record.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        return "StripeBalanceBillFormat[zone=" + zone + ", account=" + Objects.requireNonNullElse(accountId, "platform")
                + "]";
    }
}
