package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.gateway.InvalidBillException;
import com.ledgerbridge.gateway.SettlementBillFormat.BillLineSink;
import com.ledgerbridge.simulators.AlipayTradeBillWriter;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Alipay trade bill zip, built in the test as Alipay delivers it (GBK names without the UTF-8 flag, GBK text,
 * {@code #} lines, TAB-padded ids, negative refunds), read into bill lines. Expected lines are written out by hand.
 */
class AlipayTradeBillFormatTest {

    static final String PID = "2088102177000000";
    static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    static final Money ZERO = Money.of("0.00", "CNY");

    final AlipayTradeBillFormat format = new AlipayTradeBillFormat(PID);

    /** Collects what the format hands over. */
    static final class Collected implements BillLineSink {
        final List<BillLine> lines = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();

        @Override
        public void line(BillLine line) {
            lines.add(line);
        }

        @Override
        public void rejected(long lineNumber, String reason) {
            rejected.add(lineNumber + ": " + reason);
        }
    }

    static AlipayTradeBillWriter bill() {
        return new AlipayTradeBillWriter(PID, DAY);
    }

    Collected read(byte[] zip) throws IOException {
        Collected collected = new Collected();
        format.read(new ByteArrayInputStream(zip), "20881021770000000156_20261122.csv.zip", collected);
        return collected;
    }

    InvalidBillException refused(byte[] zip) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> read(zip));
        assertThat(thrown).isInstanceOf(InvalidBillException.class);
        return (InvalidBillException) thrown;
    }

    static Money cny(String amount) {
        return Money.of(amount, "CNY");
    }

    @Test
    void paymentsAndRefundsBecomeBillLines() throws IOException {
        byte[] zip = bill()
                .payment("2026112222001400000000000001", "INV-2026-0042", "100.00", "-0.60", "2026-11-22 10:00:05")
                .refund("2026112222001400000000000001", "INV-2026-0042", "-30.00", "REFUND-7", "0.18", "2026-11-22 18:30:00")
                .payment("2026112222001400000000000002", "INV-2026-0043", "0.01", "0.00", "2026-11-22 23:59:59")
                .zip();

        Collected read = read(zip);

        assertThat(read.rejected).isEmpty();
        // header lines 1-4, column header line 5: rows start at line 6
        assertThat(read.lines).containsExactly(
                new BillLine("alipay", DAY, 6, "pay:2026112222001400000000000001", BillLineKind.PAYMENT,
                        "2026112222001400000000000001", "INV-2026-0042", null, cny("100.00"), cny("0.60"),
                        Instant.parse("2026-11-22T02:00:05Z")),
                new BillLine("alipay", DAY, 7, "refund:2026112222001400000000000001:REFUND-7", BillLineKind.REFUND,
                        "2026112222001400000000000001", "INV-2026-0042", "REFUND-7", cny("30.00"), cny("-0.18"),
                        Instant.parse("2026-11-22T10:30:00Z")),
                new BillLine("alipay", DAY, 8, "pay:2026112222001400000000000002", BillLineKind.PAYMENT,
                        "2026112222001400000000000002", "INV-2026-0043", null, cny("0.01"), ZERO,
                        Instant.parse("2026-11-22T15:59:59Z")));
    }

    @Test
    void theZipIsWhatAlipaySendsGbkNamesWithoutTheUtf8FlagWhichTheJdkDefaultCannotRead() throws IOException {
        byte[] zip = bill().payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05").zip();

        int flags = (zip[6] & 0xff) | (zip[7] & 0xff) << 8; // general purpose flags of the first local header
        assertThat(flags & 0x800).as("UTF-8 flag").isZero();
        ZipInputStream defaultCharset = new ZipInputStream(new ByteArrayInputStream(zip));
        assertThatThrownBy(defaultCharset::getNextEntry).isInstanceOf(IllegalArgumentException.class);
        assertThat(read(zip).lines).hasSize(1);
    }

    @Test
    void theDetailIsChosenByNameWhicheverComesFirstAndAZipWithOnlyTheSummaryIsRefused() throws IOException {
        AlipayTradeBillWriter bill = bill().payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05");
        assertThat(read(bill.zip(AlipayTradeBillWriter.GBK, false, true)).lines).hasSize(1);
        assertThat(read(bill.zip()).lines).hasSize(1); // summary first

        assertThat(refused(bill.zip(AlipayTradeBillWriter.GBK, true, false)).reason()).isEqualTo("NO_DETAIL_FILE");
    }

    @Test
    void aTornZipIsRefusedWhereverItIsCut() {
        byte[] whole = bill().payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05")
                .payment("T2", "R2", "2.00", "0.00", "2026-11-22 10:00:06").zip();
        // cut inside the summary's header, inside the detail, and in the central directory after the entries
        for (int cut : new int[] {40, whole.length / 2, whole.length - 100, whole.length - 1}) {
            assertThat(refused(Arrays.copyOf(whole, cut)).reason()).as("cut at %d of %d", cut, whole.length)
                    .isEqualTo("TORN_ZIP");
        }
        assertThat(refused(new byte[0]).reason()).isEqualTo("TORN_ZIP");
        assertThat(refused("支付宝交易号,商户订单号".getBytes(StandardCharsets.UTF_8)).reason()).isEqualTo("TORN_ZIP");
    }

    @Test
    void aDamagedMemberFailsItsCrcAndIsRefused() {
        AlipayTradeBillWriter bill = bill().payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05");
        byte[] zip = bill.zip(AlipayTradeBillWriter.GBK, false, true);
        // the entry's data follows its 30-byte local header and its name; flipping a bit in the deflated data
        // breaks the inflater or the CRC
        int data = 30 + bill.detailName().getBytes(AlipayTradeBillWriter.GBK).length;
        zip[data + 40] ^= 0x10;
        assertThat(refused(zip).reason()).isEqualTo("TORN_ZIP");
    }

    @Test
    void aBillInUtf8IsTheWrongEncoding() {
        byte[] utf8 = bill().payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05")
                .zip(StandardCharsets.UTF_8, true, true);
        InvalidBillException refused = refused(utf8);
        assertThat(refused.reason()).isEqualTo("WRONG_ENCODING");
        assertThat(refused.getMessage()).contains("支付宝交易号");
    }

    @Test
    void anotherMerchantsBillIsRefused() {
        assertThat(refused(bill().accountLine("#账号：[20889999999999990156]")
                .payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05").zip()).reason())
                .isEqualTo("FOREIGN_MERCHANT");
        assertThat(refused(new AlipayTradeBillWriter("2088999999999999", DAY)
                .payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05").zip()).getMessage())
                .contains("20889999999999990156").contains(PID);
        assertThat(refused(bill().accountLine(null).zip()).reason()).isEqualTo("FOREIGN_MERCHANT");
    }

    @Test
    void aBillWithoutItsEndLineIsRefusedAsIncomplete() {
        assertThat(refused(bill().payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05").withoutEndLine().zip())
                .reason()).isEqualTo("TRUNCATED_BILL");
    }

    @Test
    void aHeaderWithoutANeededColumnIsNotATradeBill() {
        String header = String.join(",", AlipayTradeBillWriter.COLUMNS).replace("服务费（元）", "手续费（元）");
        InvalidBillException refused = refused(bill().header(header).zip());
        assertThat(refused.reason()).isEqualTo("NOT_A_TRADE_BILL");
        assertThat(refused.getMessage()).contains("服务费(元)");
    }

    @Test
    void badRowsAreRejectedWithTheirLineNumberAndTheGoodRowsAroundThemKept() throws IOException {
        String good = "2026-11-22 10:00:05";
        byte[] zip = bill()
                .payment("T1", "R1", "1.00", "0.00", good)                       // line 6
                .payment("T2", "R2", "1.005", "0.00", good)                      // 7: three decimals
                .payment("T3", "R3", "abc", "0.00", good)                        // 8
                .payment("T4", "R4", "4.00", "0.00", "2026-11-22 25:00:00")      // 9: no such hour
                .payment("", "R5", "5.00", "0.00", good)                         // 10: no trade number
                .refund("T6", "R6", "6.00", "RF-6", "0.00", good)                // 11: positive refund
                .payment("T7", "R7", "-7.00", "0.00", good)                      // 12: negative payment
                .rawRow("T8\t,R8\t,交易\t,short row")                             // 13: too few fields
                .payment("T9", "R9", "9.00", "x", good)                          // 14: bad fee
                .row("T10", "R10", "", "10.00", "", "0.00", good)                 // 15: no 业务类型
                .rawRow("\"T11,unterminated")                                    // 16: not CSV
                .payment("T12", "R12", "12.00", "-0.07", good)                   // 17
                .zip();

        Collected read = read(zip);

        assertThat(read.lines).extracting(BillLine::lineKey, BillLine::lineNumber)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pay:T1", 6L),
                        org.assertj.core.groups.Tuple.tuple("pay:T12", 17L));
        assertThat(read.rejected).extracting(r -> r.substring(0, r.indexOf(':')))
                .containsExactly("7", "8", "9", "10", "11", "12", "13", "14", "15", "16");
        assertThat(read.rejected.get(0)).contains("订单金额(元)").contains("1.005");
        assertThat(read.rejected.get(2)).contains("完成时间");
        assertThat(read.rejected.get(4)).contains("退款");
    }

    @Test
    void duplicateRowsArePassedOnForTheImportToKeepOnePerKey() throws IOException {
        byte[] zip = bill().payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05")
                .payment("T1", "R1", "1.00", "0.00", "2026-11-22 10:00:05").zip();
        assertThat(read(zip).lines).extracting(BillLine::lineKey).containsExactly("pay:T1", "pay:T1");
    }

    @Test
    void columnsAreFoundByNameInAnyOrderAndWithAsciiParentheses() throws IOException {
        List<String> columns = new ArrayList<>(AlipayTradeBillWriter.COLUMNS);
        java.util.Collections.reverse(columns);
        String reversedHeader = String.join(",", columns).replace('（', '(').replace('）', ')');
        List<String> row = new ArrayList<>(Arrays.asList(("T1\t,R1\t,退款\t,发票付款,2026-11-22 10:00:00,"
                + "2026-11-22 10:00:05,\t,\t,\t,\t,buyer\t,-5.00,-5.00,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,"
                + "RF-1\t,0.03,0.00,note").split(",", -1)));
        java.util.Collections.reverse(row);

        Collected read = read(bill().header(reversedHeader).rawRow(String.join(",", row)).zip());

        assertThat(read.rejected).isEmpty();
        assertThat(read.lines).singleElement().satisfies(line -> {
            assertThat(line.lineKey()).isEqualTo("refund:T1:RF-1");
            assertThat(line.amount()).isEqualTo(cny("5.00"));
            assertThat(line.fee()).isEqualTo(cny("-0.03"));
        });
    }

    @Test
    void aRefundWithoutRequestNumberIsNamedByItsTradeAndOtherBusinessTypesArePassedOnAsOther() throws IOException {
        Collected read = read(bill().refund("T1", "R1", "-1.00", "", "0.00", "2026-11-22 10:00:05")
                .row("T2", "R2", "冻结", "2.00", "", "0.00", "2026-11-22 10:00:05").zip());

        assertThat(read.lines).extracting(BillLine::lineKey, BillLine::kind, BillLine::movementId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("refund:T1:T1", BillLineKind.REFUND, "T1"),
                org.assertj.core.groups.Tuple.tuple("other:T2:冻结", BillLineKind.OTHER, null));
    }

    @Test
    void aBillWithoutRowsIsReadAsNoLines() throws IOException {
        Collected read = read(bill().zip());
        assertThat(read.lines).isEmpty();
        assertThat(read.rejected).isEmpty();
    }

    /** Counts the bytes read so far from the underlying stream. */
    static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {200_000})
    void aLargeBillIsStreamedNotHeldInMemory(int rows, @TempDir Path folder) throws IOException {
        AlipayTradeBillWriter bill = bill();
        for (int i = 0; i < rows; i++) {
            bill.payment(String.format("2026112222001%015d", i), "INV-" + i, (i % 1000) + ".0" + (i % 10), "-0.01",
                    "2026-11-22 10:00:05");
        }
        Path file = folder.resolve(bill.zipName());
        try (OutputStream out = Files.newOutputStream(file)) {
            bill.writeZip(out, AlipayTradeBillWriter.GBK, true, true);
        }
        long size = Files.size(file);
        long[] readWhenFirstLineArrived = {-1};
        long[] lines = {0};
        try (CountingStream in = new CountingStream(Files.newInputStream(file))) {
            format.read(in, file.getFileName().toString(), new BillLineSink() {
                @Override
                public void line(BillLine line) {
                    if (lines[0]++ == 0) {
                        readWhenFirstLineArrived[0] = in.read;
                    }
                }

                @Override
                public void rejected(long lineNumber, String reason) {
                    throw new AssertionError(lineNumber + ": " + reason);
                }
            });
        }
        assertThat(lines[0]).isEqualTo(rows);
        // the first line is handed over after a small part of the file has been read: the member is streamed
        assertThat(readWhenFirstLineArrived[0]).isPositive().isLessThan(size / 10);
    }
}
