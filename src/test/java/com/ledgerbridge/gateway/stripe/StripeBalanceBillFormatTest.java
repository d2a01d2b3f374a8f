package com.ledgerbridge.gateway.stripe;

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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Stripe's itemized balance report, as the Dashboard and the Reporting API give it (BOM, CRLF, quoted descriptions,
 * columns by name in any order), into bill lines; every expected value below is worked out by hand from the rows.
 */
class StripeBalanceBillFormatTest {

    static final String HEADER = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,"
            + "reporting_category,source_id,description,customer_id,charge_id,payment_intent_id,"
            + "payment_metadata[invoice_number]";

    final StripeBalanceBillFormat utc = new StripeBalanceBillFormat(ZoneOffset.UTC, null, "invoice_number");

    static final class Collected implements SettlementBillFormat.BillLineSink {
        final List<BillLine> lines = new ArrayList<>();
        final Map<Long, String> rejected = new TreeMap<>();

        @Override
        public void line(BillLine line) {
            lines.add(line);
        }

        @Override
        public void rejected(long lineNumber, String reason) {
            rejected.put(lineNumber, reason);
        }

        BillLine byKey(String key) {
            return lines.stream().filter(l -> l.lineKey().equals(key)).findFirst().orElseThrow();
        }
    }

    static Collected read(StripeBalanceBillFormat format, String csv, String fileName) throws IOException {
        return read(format, csv.getBytes(StandardCharsets.UTF_8), fileName);
    }

    static Collected read(StripeBalanceBillFormat format, byte[] csv, String fileName) throws IOException {
        Collected sink = new Collected();
        format.read(new ByteArrayInputStream(csv), fileName, sink);
        return sink;
    }

    static String rows(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    @Test
    void everyKindOfBalanceTransactionBecomesItsLine() throws IOException {
        String csv = "\uFEFF" + rows(HEADER,
                "txn_1,2026-11-22 09:15:02,2026-11-24 00:00:00,usd,120.00,3.78,116.22,charge,ch_1,\"Invoice INV-000101, Acme\",cus_1,ch_1,pi_1,INV-000101",
                "txn_2,2026-11-22 10:00:00,2026-11-22 10:00:00,usd,-20.00,0.00,-20.00,refund,re_2,REFUND FOR CHARGE,cus_1,ch_1,pi_1,INV-000101",
                "txn_3,2026-11-22 11:00:00,2026-11-22 11:00:00,usd,-50.00,15.00,-65.00,dispute,dp_3,Chargeback withdrawal,,ch_9,pi_9,",
                "txn_4,2026-11-22 12:00:00,2026-11-22 12:00:00,usd,50.00,-15.00,65.00,dispute_reversal,dp_3,Chargeback reversal,,ch_9,pi_9,",
                "txn_5,2026-11-22 13:00:00,2026-11-22 13:00:00,usd,-2.00,0.00,-2.00,fee,,Radar (2026-11-21),,,,",
                "txn_6,2026-11-22 14:00:00,2026-11-22 14:00:00,usd,-96.10,0.00,-96.10,payout,po_6,STRIPE PAYOUT,,,,",
                "txn_7,2026-11-22 15:00:00,2026-11-22 15:00:00,jpy,5000,175,4825,charge,py_7,Konbini,,py_7,pi_7,INV-000102",
                "txn_8,2026-11-22 16:00:00,2026-11-22 16:00:00,usd,-7.00,0.00,-7.00,transfer,tr_8,to connected account,,,,",
                "txn_9,2026-11-22 17:00:00,2026-11-22 17:00:00,usd,0.50,0.00,0.50,fee,ab_9,Fee refund,,,,");

        Collected read = read(utc, csv, "Itemized_balance_change_from_activity_USD_2026-11-22.csv");

        assertThat(read.rejected).isEmpty();
        assertThat(read.lines).hasSize(9);
        BillLine charge = read.byKey("txn_1");
        assertThat(charge).isEqualTo(new BillLine("stripe", LocalDate.of(2026, 11, 22), 2, "txn_1", BillLineKind.PAYMENT,
                "ch_1", "INV-000101", null, Money.of("120.00", "USD"), Money.of("3.78", "USD"),
                Instant.parse("2026-11-22T09:15:02Z")));
        BillLine refund = read.byKey("txn_2");
        assertThat(refund.kind()).isEqualTo(BillLineKind.REFUND);
        assertThat(refund.gatewayTradeId()).isEqualTo("ch_1");
        assertThat(refund.movementId()).isEqualTo("re_2");
        assertThat(refund.amount()).isEqualTo(Money.of("20.00", "USD"));
        assertThat(refund.fee()).isEqualTo(Money.of("0.00", "USD"));
        BillLine dispute = read.byKey("txn_3");
        assertThat(dispute.kind()).isEqualTo(BillLineKind.DISPUTE);
        assertThat(dispute.gatewayTradeId()).isEqualTo("ch_9");
        assertThat(dispute.movementId()).isEqualTo("dp_3");
        assertThat(dispute.amount()).isEqualTo(Money.of("50.00", "USD"));
        assertThat(dispute.fee()).isEqualTo(Money.of("15.00", "USD")); // the dispute fee, charged
        BillLine reversal = read.byKey("txn_4");
        assertThat(reversal.kind()).isEqualTo(BillLineKind.DISPUTE_REVERSAL);
        assertThat(reversal.amount()).isEqualTo(Money.of("50.00", "USD"));
        assertThat(reversal.fee()).isEqualTo(Money.of("-15.00", "USD")); // given back
        BillLine radar = read.byKey("txn_5");
        assertThat(radar.kind()).isEqualTo(BillLineKind.FEE);
        assertThat(radar.gatewayTradeId()).isEqualTo("txn_5");
        assertThat(radar.amount()).isEqualTo(Money.of("0.00", "USD"));
        assertThat(radar.fee()).isEqualTo(Money.of("2.00", "USD"));
        assertThat(read.byKey("txn_9").fee()).isEqualTo(Money.of("-0.50", "USD"));
        assertThat(read.byKey("txn_9").gatewayTradeId()).isEqualTo("ab_9");
        BillLine payout = read.byKey("txn_6");
        assertThat(payout.kind()).isEqualTo(BillLineKind.PAYOUT);
        assertThat(payout.gatewayTradeId()).isEqualTo("po_6");
        assertThat(payout.movementId()).isEqualTo("po_6");
        assertThat(payout.amount()).isEqualTo(Money.of("96.10", "USD"));
        BillLine yen = read.byKey("txn_7");
        assertThat(yen.amount()).isEqualTo(Money.of("5000", "JPY"));
        assertThat(yen.fee()).isEqualTo(Money.of("175", "JPY"));
        assertThat(yen.gatewayTradeId()).isEqualTo("py_7");
        BillLine transfer = read.byKey("txn_8");
        assertThat(transfer.kind()).isEqualTo(BillLineKind.OTHER);
        assertThat(transfer.amount()).isEqualTo(Money.of("7.00", "USD"));
        assertThat(read.lines).extracting(BillLine::lineNumber).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void columnsAreFoundByNameInAnyOrderAndExtraColumnsAreIgnored() throws IOException {
        String csv = rows("card_brand,charge_id,reporting_category,NET,fee,gross,currency,created_utc,source_id,"
                        + "balance_transaction_id,automatic_payout_id",
                "visa,ch_A,charge,9.41,0.59,10.00,eur,2026-11-22 08:00:00,ch_A,txn_A,po_X");
        BillLine line = read(utc, csv, "balance.csv").lines.get(0);
        assertThat(line.lineKey()).isEqualTo("txn_A");
        assertThat(line.amount()).isEqualTo(Money.of("10.00", "EUR"));
        assertThat(line.fee()).isEqualTo(Money.of("0.59", "EUR"));
        assertThat(line.merchantReference()).isNull();
    }

    @Test
    void theBillDateIsTheCreatedDayInTheConfiguredZone() throws IOException {
        String csv = rows(HEADER, "txn_Z,2026-11-22 23:30:00,,usd,1.00,0.00,1.00,charge,ch_Z,,,ch_Z,,");
        assertThat(read(utc, csv, "b.csv").lines.get(0).billDate()).isEqualTo(LocalDate.of(2026, 11, 22));
        StripeBalanceBillFormat shanghai = new StripeBalanceBillFormat(ZoneId.of("Asia/Shanghai"), null, "invoice_number");
        BillLine line = read(shanghai, csv, "b.csv").lines.get(0);
        assertThat(line.billDate()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(line.occurredAt()).isEqualTo(Instant.parse("2026-11-22T23:30:00Z"));
    }

    @Test
    void badRowsAreRejectedWithTheirPhysicalLineAndGoodRowsKept() throws IOException {
        String csv = rows(HEADER,
                "txn_ok1,2026-11-22 09:00:00,,usd,10.00,0.59,9.41,charge,ch_1,\"two-line",
                "description\",,ch_1,,",
                "txn_b1,2026-11-22 09:00:00,,usd,10.005,0.00,10.005,charge,ch_2,,,ch_2,,",
                "txn_b2,2026-11-22 09:00:00,,jpy,10.5,0,10.5,charge,ch_3,,,ch_3,,",
                "txn_b3,2026-11-22 09:00:00,,usd,10.00,0.59,9.40,charge,ch_4,,,ch_4,,",
                "",
                "txn_b4,2026-11-22 09:00:00,,zzz,10.00,0.00,10.00,charge,ch_5,,,ch_5,,",
                "txn_b5,2026-11-22 09:00:00,,usd,-5.00,0.00,-5.00,refund,re_6,,,,,",
                "txn_b6,22/11/2026 09:00,,usd,1.00,0.00,1.00,charge,ch_7,,,ch_7,,",
                "txn_b7,2026-11-22 09:00:00,,usd,\"1,234.00\",0.00,\"1,234.00\",charge,ch_8,,,ch_8,,",
                ",2026-11-22 09:00:00,,usd,1.00,0.00,1.00,charge,ch_9,,,ch_9,,",
                "txn_b8,2026-11-22 09:00:00,,usd,-1.00,0.00,-1.00,charge,ch_10,,,ch_10,,",
                "txn_ok2,2026-11-22 09:00:00,,usd,\"3,50\",\"0,00\",\"3,50\",charge,ch_11,,,ch_11,,");

        Collected read = read(utc, csv, "b.csv");

        assertThat(read.lines).extracting(BillLine::lineKey).containsExactly("txn_ok1", "txn_ok2");
        assertThat(read.lines.get(1).amount()).isEqualTo(Money.of("3.50", "USD")); // decimal_separator=","
        assertThat(read.rejected.keySet()).containsExactly(4L, 5L, 6L, 8L, 9L, 10L, 11L, 12L, 13L);
        assertThat(read.rejected.get(4L)).contains("10.005").contains("USD");
        assertThat(read.rejected.get(5L)).contains("10.5");
        assertThat(read.rejected.get(6L)).contains("net");
        assertThat(read.rejected.get(8L)).contains("zzz");
        assertThat(read.rejected.get(9L)).contains("charge_id");
        assertThat(read.rejected.get(10L)).contains("22/11/2026");
        assertThat(read.rejected.get(11L)).contains("1,234.00");
        assertThat(read.rejected.get(12L)).contains("balance_transaction_id");
        assertThat(read.rejected.get(13L)).contains("negative");
        assertThat(read.lines.get(1).lineNumber()).isEqualTo(14);
    }

    @Test
    void thePayoutsReportIsReadToo() throws IOException {
        String csv = rows("payout_id,effective_at_utc,currency,gross,fee,net,reporting_category,balance_transaction_id,"
                + "description", "po_P,2026-11-23 00:00:00,usd,-250.00,0.00,-250.00,payout,txn_P,STRIPE PAYOUT");
        BillLine payout = read(utc, csv, "Itemized_payouts.csv").lines.get(0);
        assertThat(payout.kind()).isEqualTo(BillLineKind.PAYOUT);
        assertThat(payout.gatewayTradeId()).isEqualTo("po_P");
        assertThat(payout.amount()).isEqualTo(Money.of("250.00", "USD"));
        assertThat(payout.billDate()).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void aFileThatIsNotTheReportIsRefusedAsAWhole() {
        assertThatThrownBy(() -> read(utc, "", "empty.csv")).isInstanceOf(InvalidBillException.class)
                .extracting(e -> ((InvalidBillException) e).reason()).isEqualTo("NOT_A_BILL");
        String withoutChargeId = rows("balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,"
                + "source_id", "txn_1,2026-11-22 09:00:00,usd,1.00,0.00,1.00,charge,ch_1");
        assertThatThrownBy(() -> read(utc, withoutChargeId, "default-columns.csv"))
                .isInstanceOf(InvalidBillException.class).hasMessageContaining("charge_id");
        String alipay = rows("支付宝交易号,商户订单号,业务类型", "2026112222001,INV-1,交易");
        assertThatThrownBy(() -> read(utc, alipay, "alipay.csv")).isInstanceOf(InvalidBillException.class)
                .extracting(e -> ((InvalidBillException) e).reason()).isEqualTo("NOT_A_BILL");
        byte[] gbk = rows(HEADER, "txn_1,2026-11-22 09:00:00,,usd,1.00,0.00,1.00,charge,ch_1,发票,,ch_1,,")
                .getBytes(Charset.forName("GBK"));
        assertThatThrownBy(() -> read(utc, gbk, "gbk.csv")).isInstanceOf(InvalidBillException.class)
                .extracting(e -> ((InvalidBillException) e).reason()).isEqualTo("WRONG_ENCODING");
        String torn = rows(HEADER, "txn_1,2026-11-22 09:00:00,,usd,1.00,0.00,1.00,charge,ch_1,\"never closed,,ch_1,,");
        assertThatThrownBy(() -> read(utc, torn, "torn.csv")).isInstanceOf(InvalidBillException.class)
                .extracting(e -> ((InvalidBillException) e).reason()).isEqualTo("NOT_A_BILL");
    }

    @Test
    void anotherAccountsBillIsRefused() throws IOException {
        String csv = rows(HEADER, "txn_1,2026-11-22 09:00:00,,usd,1.00,0.00,1.00,charge,ch_1,,,ch_1,,");
        StripeBalanceBillFormat connected = new StripeBalanceBillFormat(ZoneOffset.UTC, "acct_1Ours", "invoice_number");
        assertThat(read(connected, csv, "stripe-balance-acct_1Ours-2026-11-22.csv").lines).hasSize(1);
        assertThatThrownBy(() -> read(connected, csv, "stripe-balance-acct_1Other-2026-11-22.csv"))
                .isInstanceOf(InvalidBillException.class).extracting(e -> ((InvalidBillException) e).reason())
                .isEqualTo("FOREIGN_ACCOUNT");
        assertThatThrownBy(() -> read(utc, csv, "stripe-balance-acct_1Ours-2026-11-22.csv"))
                .isInstanceOf(InvalidBillException.class).hasMessageContaining("platform account");
        String connectReport = rows(HEADER + ",connected_account",
                "txn_1,2026-11-22 09:00:00,,usd,1.00,0.00,1.00,charge,ch_1,,,ch_1,,,acct_1Ours",
                "txn_2,2026-11-22 09:00:00,,usd,1.00,0.00,1.00,charge,ch_2,,,ch_2,,,acct_1Other");
        assertThatThrownBy(() -> read(connected, connectReport, "connect.csv"))
                .isInstanceOf(InvalidBillException.class).hasMessageContaining("line 3")
                .extracting(e -> ((InvalidBillException) e).reason()).isEqualTo("FOREIGN_ACCOUNT");
    }

    @Test
    void theFileIsStreamedNotHeld() throws IOException {
        // 200,000 rows (~20 MB) generated on the fly: the first line reaches the sink after a few kilobytes were read
        int rows = 200_000;
        byte[] header = (HEADER + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long[] bytesReadAtFirstLine = {-1};
        long[] bytesRead = {0};
        InputStream generated = new InputStream() {
            int row = -1;
            byte[] current = header;
            int position;

            @Override
            public int read() {
                while (position == current.length) {
                    if (row + 1 >= rows) {
                        return -1;
                    }
                    row++;
                    current = ("txn_" + row + ",2026-11-22 09:00:00,,usd,12.34,0.66,11.68,charge,ch_" + row
                            + ",,,ch_" + row + ",,INV-" + row + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    position = 0;
                }
                bytesRead[0]++;
                return current[position++];
            }
        };
        long[] count = {0};
        utc.read(generated, "big.csv", new SettlementBillFormat.BillLineSink() {
            @Override
            public void line(BillLine line) {
                if (count[0]++ == 0) {
                    bytesReadAtFirstLine[0] = bytesRead[0];
                }
            }

            @Override
            public void rejected(long lineNumber, String reason) {
                throw new AssertionError("line " + lineNumber + ": " + reason);
            }
        });
        assertThat(count[0]).isEqualTo(rows);
        assertThat(bytesRead[0]).isGreaterThan(15_000_000);
        assertThat(bytesReadAtFirstLine[0]).isLessThan(64 * 1024);
    }
}
