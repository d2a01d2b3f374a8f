package com.ledgerbridge.gateway.wechatpay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.domain.settlement.BillLineKind;
import com.ledgerbridge.gateway.InvalidBillException;
import com.ledgerbridge.gateway.SettlementBillFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WeChat Pay's trade bill (bill_type=ALL) read into bill lines. */
class WechatPayBillFormatTest {

    static final String MCH = "1900000109";
    static final String HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
            + "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
            + "手续费,费率,订单金额,申请退款金额,费率备注";
    static final String SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
    /** A payment of 6.00 (fee 0.04) and a partial refund of 1.42 of it (fee 0.01 given back), as WeChat Pay writes them. */
    static final String PAYMENT = "`2026-01-16 08:35:41,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200002086202601160745964084,"
            + "`INV-000123,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`SUCCESS,`PSBC_DEBIT,`CNY,`6.00,`0.00,`0,`0,`0.00,`0.00,`,`,"
            + "`发票 INV-000123,`,`0.04000,`0.60%,`6.00,`0.00,`";
    static final String REFUND = "`2026-01-16 22:45:16,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200002086202601160745964084,"
            + "`INV-000123,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`JSAPI,`REFUND,`PSBC_DEBIT,`CNY,`0.00,`0.00,"
            + "`50303108562026011601487282563,`R-INV-000123,`1.42,`0.00,`ORIGINAL,`SUCCESS,`发票 INV-000123,`,`-0.01000,"
            + "`0.60%,`0.00,`1.42,`";
    static final String SUMMARY = "`2,`6.00,`1.42,`0.00,`0.03000,`6.00,`1.42";

    final WechatPayBillFormat format = new WechatPayBillFormat(MCH);

    /** What a sink received. */
    static final class Collected implements SettlementBillFormat.BillLineSink {

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

    static String bill(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    Collected read(String text, String fileName) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), fileName);
    }

    Collected read(byte[] bytes, String fileName) throws IOException {
        Collected sink = new Collected();
        format.read(new ByteArrayInputStream(bytes), fileName, sink);
        return sink;
    }

    String refusal(byte[] bytes) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> read(bytes, "wechatpay-tradebill-2026-01-16.csv"));
        assertThat(thrown).isInstanceOf(InvalidBillException.class);
        return ((InvalidBillException) thrown).reason();
    }

    String refusal(String text) {
        return refusal(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPaymentAndItsRefundBecomeAPaymentLineAndARefundLine() throws IOException {
        Collected read = read(bill(HEADER, PAYMENT, REFUND, SUMMARY_HEADER, SUMMARY), "wechatpay-1900000109-tradebill-2026-01-16.csv");
        assertThat(read.rejected).isEmpty();
        assertThat(read.lines).hasSize(2);
        BillLine payment = read.lines.get(0);
        assertThat(payment.gateway()).isEqualTo("wechatpay");
        assertThat(payment.billDate()).isEqualTo(LocalDate.of(2026, 1, 16));
        assertThat(payment.lineNumber()).isEqualTo(2);
        assertThat(payment.lineKey()).isEqualTo("pay:4200002086202601160745964084");
        assertThat(payment.kind()).isEqualTo(BillLineKind.PAYMENT);
        assertThat(payment.gatewayTradeId()).isEqualTo("4200002086202601160745964084");
        assertThat(payment.merchantReference()).isEqualTo("INV-000123");
        assertThat(payment.movementId()).isNull();
        assertThat(payment.amount()).isEqualTo(Money.of("6.00", "CNY"));
        assertThat(payment.fee()).isEqualTo(Money.of("0.04", "CNY"));
        assertThat(payment.occurredAt()).isEqualTo(Instant.parse("2026-01-16T00:35:41Z"));

        BillLine refund = read.lines.get(1);
        assertThat(refund.lineNumber()).isEqualTo(3);
        assertThat(refund.lineKey()).isEqualTo("refund:50303108562026011601487282563");
        assertThat(refund.kind()).isEqualTo(BillLineKind.REFUND);
        assertThat(refund.gatewayTradeId()).isEqualTo("4200002086202601160745964084");
        assertThat(refund.movementId()).isEqualTo("50303108562026011601487282563");
        assertThat(refund.amount()).isEqualTo(Money.of("1.42", "CNY"));
        assertThat(refund.fee()).as("the fee given back").isEqualTo(Money.of("-0.01", "CNY"));
        assertThat(refund.occurredAt()).isEqualTo(Instant.parse("2026-01-16T14:45:16Z"));
    }

    @Test
    void columnsAreFoundByNameWhereverTheyStand() throws IOException {
        List<String> names = List.of(HEADER.split(","));
        List<String> values = List.of(PAYMENT.split(",", -1));
        List<Integer> order = new ArrayList<>();
        for (int i = names.size() - 1; i >= 0; i--) {
            order.add(i);
        }
        String header = String.join(",", order.stream().map(names::get).toList());
        String row = String.join(",", order.stream().map(values::get).toList());
        Collected read = read(bill(header, row, SUMMARY_HEADER, "`1,`6.00,`0.00,`0.00,`0.04000,`6.00,`0.00"), "b-20260116.csv");
        assertThat(read.rejected).isEmpty();
        assertThat(read.lines).singleElement().satisfies(line -> {
            assertThat(line.lineKey()).isEqualTo("pay:4200002086202601160745964084");
            assertThat(line.amount()).isEqualTo(Money.of("6.00", "CNY"));
            assertThat(line.fee()).isEqualTo(Money.of("0.04", "CNY"));
        });
    }

    @Test
    void badLinesAreReportedWithTheirLineNumberAndTheGoodOnesKept() throws IOException {
        String unknownState = PAYMENT.replace("`SUCCESS,", "`REVOKED,");
        String badAmount = PAYMENT.replace("`6.00,`0.00,`0,", "`6.0.0,`0.00,`0,");
        String badTime = PAYMENT.replace("`2026-01-16 08:35:41", "`2026/01/16 08:35:41");
        String subFenFee = PAYMENT.replace("`0.04000", "`0.03600");
        String shortRow = PAYMENT.substring(0, PAYMENT.lastIndexOf(','));
        String refundWithoutId = REFUND.replace("`50303108562026011601487282563", "`0");
        Collected read = read(bill(HEADER, PAYMENT, unknownState, badAmount, badTime, subFenFee, shortRow,
                refundWithoutId, REFUND, SUMMARY_HEADER, "`8,`30.00,`2.84,`0.00,`0.03000,`30.00,`2.84"), "2026-01-16.csv");
        assertThat(read.lines).extracting(BillLine::lineNumber).containsExactly(2L, 9L);
        assertThat(read.rejected).hasSize(6);
        assertThat(read.rejected.get(0)).startsWith("3: ").contains("REVOKED");
        assertThat(read.rejected.get(1)).startsWith("4: ").contains("应结订单金额");
        assertThat(read.rejected.get(2)).startsWith("5: ").contains("交易时间");
        assertThat(read.rejected.get(3)).startsWith("6: ").contains("手续费");
        assertThat(read.rejected.get(4)).startsWith("7: ").contains("26 fields where the header has 27");
        assertThat(read.rejected.get(5)).startsWith("8: ").contains("微信退款单号");
    }

    @Test
    void aClosedRefundIsReportedButMovesNoMoney() throws IOException {
        String closed = REFUND.replace("`ORIGINAL,`SUCCESS,", "`ORIGINAL,`REFUNDCLOSE,");
        String processing = REFUND.replace("`ORIGINAL,`SUCCESS,", "`ORIGINAL,`PROCESSING,")
                .replace("`50303108562026011601487282563", "`50303108562026011601487282564");
        Collected read = read(bill(HEADER, closed, processing, SUMMARY_HEADER, "`2,`0.00,`2.84,`0.00,`-0.02000,`0.00,`2.84"),
                "2026-01-16.csv");
        assertThat(read.lines).extracting(BillLine::kind).containsExactly(BillLineKind.OTHER, BillLineKind.REFUND);
    }

    @Test
    void anotherMerchantsBillIsRefusedAsAWhole() {
        assertThat(refusal(bill(HEADER, PAYMENT.replace("`1900000109", "`1900000999"), SUMMARY_HEADER,
                "`1,`6.00,`0.00,`0.00,`0.04000,`6.00,`0.00"))).isEqualTo("FOREIGN_MERCHANT");
    }

    @Test
    void encodings() throws IOException {
        String text = bill(HEADER, PAYMENT, REFUND, SUMMARY_HEADER, SUMMARY);
        // a byte order mark (as a spreadsheet saving "UTF-8 CSV" writes) is accepted
        byte[] bom = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
        assertThat(read(bom, "2026-01-16.csv").lines).hasSize(2);
        // GBK (a file saved again on a Chinese Windows) is refused as a whole
        assertThat(refusal(text.getBytes(Charset.forName("GBK")))).isEqualTo("WRONG_ENCODING");
        // so is a file that turns to GBK half way
        byte[] head = bill(HEADER, PAYMENT).getBytes(StandardCharsets.UTF_8);
        byte[] tail = bill(REFUND, SUMMARY_HEADER, SUMMARY).getBytes(Charset.forName("GBK"));
        byte[] mixed = new byte[head.length + tail.length];
        System.arraycopy(head, 0, mixed, 0, head.length);
        System.arraycopy(tail, 0, mixed, head.length, tail.length);
        assertThat(refusal(mixed)).isEqualTo("WRONG_ENCODING");
        // Windows line ends change nothing, line numbers included
        Collected crlf = read(text.replace("\n", "\r\n"), "2026-01-16.csv");
        assertThat(crlf.lines).extracting(BillLine::lineNumber).containsExactly(2L, 3L);
    }

    @Test
    void aBillThatEndsEarlyOrDisagreesWithItsSummaryIsRefused() {
        assertThat(refusal(bill(HEADER, PAYMENT, REFUND))).isEqualTo("TRUNCATED");
        assertThat(refusal(bill(HEADER, PAYMENT, REFUND, SUMMARY_HEADER))).isEqualTo("TRUNCATED");
        assertThat(refusal(bill(HEADER, PAYMENT, SUMMARY_HEADER, SUMMARY))).as("2 counted, 1 there").isEqualTo("TOTALS_MISMATCH");
        assertThat(refusal(bill(HEADER, PAYMENT, REFUND, SUMMARY_HEADER, SUMMARY.replace("`6.00,`1.42", "`6.01,`1.42"))))
                .isEqualTo("TOTALS_MISMATCH");
    }

    @Test
    void whatIsNotATradeBillIsRefused() {
        assertThat(refusal("")).isEqualTo("NOT_A_TRADE_BILL");
        assertThat(refusal(bill("支付宝交易号,商户订单号,业务类型,商品名称", "2026011622001,INV-1,交易,x"))).isEqualTo("NOT_A_TRADE_BILL");
        assertThat(refusal(bill("记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),账户结余(元)")))
                .as("the fund-flow bill is another file").isEqualTo("NOT_A_TRADE_BILL");
    }

    @Test
    void aDayWithoutTradesHasNoLines() throws IOException {
        Collected read = read(bill(HEADER, SUMMARY_HEADER, "`0,`0.00,`0.00,`0.00,`0.00000,`0.00,`0.00"), "x-2026-01-16.csv");
        assertThat(read.lines).isEmpty();
        assertThat(read.rejected).isEmpty();
    }

    @Test
    void theBillDateComesFromTheFileNameElseFromTheFirstLine() throws IOException {
        assertThat(WechatPayBillFormat.dateInName("wechatpay-1900000109-tradebill-2026-01-16.csv"))
                .isEqualTo(LocalDate.of(2026, 1, 16));
        assertThat(WechatPayBillFormat.dateInName("1900000109_20260116_ALL.csv")).isEqualTo(LocalDate.of(2026, 1, 16));
        assertThat(WechatPayBillFormat.dateInName("bill.csv")).isNull();
        assertThat(WechatPayBillFormat.dateInName("1900000109.csv")).as("a ten-digit merchant id is no date").isNull();
        String late = PAYMENT.replace("`2026-01-16 08:35:41", "`2026-01-15 23:59:59");
        Collected read = read(bill(HEADER, late, SUMMARY_HEADER, "`1,`6.00,`0.00,`0.00,`0.04000,`6.00,`0.00"), "bill.csv");
        assertThat(read.lines.get(0).billDate()).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(read.lines.get(0).occurredAt()).isEqualTo(Instant.parse("2026-01-15T15:59:59Z"));
    }

    @Test
    void aBigBillIsReadAsItStreamsIn() throws IOException {
        int rows = 200_000;
        GeneratedBill generated = new GeneratedBill(rows);
        long[] producedAtFirstLine = {-1};
        long[] count = {0};
        format.read(generated, "2026-01-16.csv", new SettlementBillFormat.BillLineSink() {
            @Override
            public void line(BillLine line) {
                if (count[0]++ == 0) {
                    producedAtFirstLine[0] = generated.produced;
                }
            }

            @Override
            public void rejected(long lineNumber, String reason) {
                throw new AssertionError(lineNumber + ": " + reason);
            }
        });
        assertThat(count[0]).isEqualTo(rows);
        assertThat(generated.produced).isGreaterThan(40_000_000L);
        assertThat(producedAtFirstLine[0]).as("the first line arrives before the file has been read")
                .isLessThan(1_000_000L);
    }

    /** A bill of {@code rows} payments of 1.00, made up as it is read. */
    static final class GeneratedBill extends InputStream {

        private final int rows;
        private int next = -1;
        private byte[] current = (HEADER + "\n").getBytes(StandardCharsets.UTF_8);
        private int position;
        long produced;

        GeneratedBill(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (position == current.length && !advance()) {
                return -1;
            }
            produced++;
            return current[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == current.length && !advance()) {
                return -1;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            produced += n;
            return n;
        }

        private boolean advance() {
            next++;
            if (next < rows) {
                current = (PAYMENT.replace("`6.00,`0.00,`0,", "`1.00,`0.00,`0,").replace("`0.04000", "`0.01000")
                        .replace("4200002086202601160745964084", "42000020862026011607" + String.format("%08d", next))
                        + "\n").getBytes(StandardCharsets.UTF_8);
            } else if (next == rows) {
                current = (SUMMARY_HEADER + "\n`" + rows + ",`" + rows + ".00,`0.00,`0.00,`" + rows / 100 + ".00000,`"
                        + rows + ".00,`0.00\n").getBytes(StandardCharsets.UTF_8);
            } else {
                return false;
            }
            position = 0;
            return true;
        }
    }
}
