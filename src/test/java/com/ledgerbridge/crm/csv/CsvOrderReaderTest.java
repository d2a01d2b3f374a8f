package com.ledgerbridge.crm.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.crm.CrmFileSource;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.failure.BadInput;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV order mapping and its rejects, read as a stream (commons-csv) into batches and a rejects report. */
class CsvOrderReaderTest {

    static final String HEADER = String.join(",", CsvOrderReader.COLUMNS);

    final CsvOrderReader reader = new CsvOrderReader("csv", 1000);

    /** What reading one file handed to the sink: the orders (in batches), the rejects report, a whole-file refusal. */
    record Collected(List<List<SalesOrder>> batches, List<String> reportColumns, List<RejectedRow> rejects,
            String fileRejection) implements CrmFileSource.Sink {

        Collected() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), null);
        }

        Collected refused(String reason) {
            return new Collected(batches, reportColumns, rejects, reason);
        }

        @Override
        public void orders(List<SalesOrder> batch) {
            batches.add(List.copyOf(batch));
        }

        @Override
        public void rejected(List<String> columns, List<String> row) {
            if (reportColumns.isEmpty()) {
                reportColumns.addAll(columns);
            }
            rejects.add(new RejectedRow(Integer.parseInt(row.get(0)), List.of(row.get(1).split("; ")),
                    row.subList(2, row.size())));
        }

        List<SalesOrder> orders() {
            return batches.stream().flatMap(List::stream).toList();
        }

        SalesOrder order(String crmOrderId) {
            return orders().stream().filter(o -> o.crmOrderId().equals(crmOrderId)).findFirst().orElseThrow();
        }

        boolean fileRejected() {
            return fileRejection != null;
        }
    }

    static Collected read(CsvOrderReader reader, String text) {
        Collected collected = new Collected();
        try {
            reader.read(() -> new StringReader(text), collected);
            return collected;
        } catch (BadInput refused) {
            return collected.refused(refused.getMessage());
        }
    }

    Collected read(String text) {
        return read(reader, text);
    }

    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void rowsOfOneOrderBecomeOneSalesOrderWithExactDecimals() {
        Collected result = read(lines(HEADER,
                "SO-1,3,C-1,上海星河,CNY,2026-11-18,30,billable,1,P-1,专业版 年度订阅,1,36000.00",
                "SO-2,1,C-2,杭州云帆,cny,2026-11-19,,Draft,1,,标准版,12,980.123456",
                "SO-1,3,C-1,上海星河,CNY,2026-11-18,30,BILLABLE,2,P-2,实施服务,3.5,2800.00"));

        assertThat(result.rejects()).isEmpty();
        assertThat(result.orders()).hasSize(2);
        SalesOrder first = result.order("SO-1");
        assertThat(first.source()).isEqualTo("csv");
        assertThat(first.crmOrderId()).isEqualTo("SO-1");
        assertThat(first.crmVersion()).isEqualTo("3");
        assertThat(first.customerName()).isEqualTo("上海星河");
        assertThat(first.currency().getCurrencyCode()).isEqualTo("CNY");
        assertThat(first.orderDate()).isEqualTo(LocalDate.of(2026, 11, 18));
        assertThat(first.paymentTermsDays()).isEqualTo(30);
        assertThat(first.status()).isEqualTo(OrderStatus.BILLABLE);
        assertThat(first.lines()).containsExactly(
                new OrderLine(1, "P-1", "专业版 年度订阅", new BigDecimal("1"), new BigDecimal("36000.00")),
                new OrderLine(2, "P-2", "实施服务", new BigDecimal("3.5"), new BigDecimal("2800.00")));
        SalesOrder second = result.order("SO-2");
        assertThat(second.status()).isEqualTo(OrderStatus.DRAFT);
        assertThat(second.paymentTermsDays()).isNull();
        assertThat(second.lines().get(0).sku()).isNull();
        assertThat(second.lines().get(0).unitPrice()).isEqualTo(new BigDecimal("980.123456"));
    }

    @Test
    void anOptionalPaymentTermsColumnCarriesInstalmentTermsAndMustAgreeWithinAnOrder() {
        Collected result = read(lines(HEADER + ",payment_terms",
                "SO-1,1,C-1,Acme,CNY,2026-11-18,,BILLABLE,1,P-1,Pro,1,10.00,\"30%@0, 70%@30\"",
                "SO-1,1,C-1,Acme,CNY,2026-11-18,,BILLABLE,2,P-2,Setup,1,5.00,\"30%@0, 70%@30\"",
                "SO-2,1,C-2,Beta,CNY,2026-11-18,30,BILLABLE,1,P-1,Pro,1,10.00,",
                "SO-3,1,C-3,Gamma,CNY,2026-11-18,,BILLABLE,1,P-1,Pro,1,10.00,QUARTERLY",
                "SO-3,1,C-3,Gamma,CNY,2026-11-18,,BILLABLE,2,P-1,Pro,1,10.00,NET30"));
        assertThat(result.order("SO-1").paymentTerms()).isEqualTo("30%@0, 70%@30");
        assertThat(result.order("SO-2").paymentTerms()).isNull();
        assertThat(result.orders()).extracting(SalesOrder::crmOrderId).containsExactly("SO-1", "SO-2");
        assertThat(result.rejects()).anySatisfy(row -> assertThat(row.reasons())
                .anyMatch(r -> r.contains("payment_terms 'NET30' differs from 'QUARTERLY'")));
        // a file without the column reads as before: no terms
        assertThat(read(lines(HEADER, "SO-4,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Pro,1,10.00"))
                .order("SO-4").paymentTerms()).isNull();
    }

    @Test
    void rejectsNameThePhysicalLineAfterAQuotedMultiLineFieldAndBlankLines() {
        String text = HEADER + "\r\n"
                + "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,\"first line\r\nsecond line\r\nthird line\",1,10.00\r\n"
                + "\r\n"
                + "SO-2,1,C-2,Beta,CNY,2026-11-18,30,BILLABLE,1,P-1,\"a \"\"quoted\"\" word\nand a second line\",1,abc\r\n";
        Collected result = read(text);

        assertThat(result.orders()).extracting(SalesOrder::crmOrderId).containsExactly("SO-1");
        assertThat(result.orders().get(0).lines().get(0).description()).isEqualTo("first line\r\nsecond line\r\nthird line");
        // header 1; SO-1 spans lines 2-4; line 5 is blank; SO-2 starts on line 6
        assertThat(result.rejects()).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(6);
            assertThat(row.reasons()).containsExactly(
                    "unit_price 'abc' is not a decimal number like 1234.56 (digits and '.', no separators)");
            assertThat(row.values()).containsExactly("SO-2", "1", "C-2", "Beta", "CNY", "2026-11-18", "30", "BILLABLE",
                    "1", "P-1", "a \"quoted\" word\nand a second line", "1", "abc");
        });
    }

    @Test
    void oneBadLineRejectsItsWholeOrderAndTheOtherOrdersGoOn() {
        Collected result = read(lines(HEADER,
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,100.00",
                "SO-2,4,C-2,Beta,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,2,50.00",
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,2,P-2,Support,\"12,5\",20.00",
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,3,P-3,Training,1,1.5.0"));

        assertThat(result.orders()).extracting(SalesOrder::crmOrderId).containsExactly("SO-2");
        assertThat(result.rejects()).extracting(RejectedRow::line).containsExactly(2, 4, 5);
        assertThat(result.rejects().get(0).reasons())
                .containsExactly("order SO-1 version 1 rejected because lines 4, 5 are bad");
        assertThat(result.rejects().get(1).reasons())
                .containsExactly("quantity '12,5' is not a decimal number like 1234.56 (digits and '.', no separators)");
        assertThat(result.rejects().get(2).reasons())
                .containsExactly("unit_price '1.5.0' is not a decimal number like 1234.56 (digits and '.', no separators)");
        assertThat(result.fileRejected()).isFalse();
    }

    @Test
    void unknownStatusAndOtherBadFieldsAreAllReported() {
        Collected result = read(lines(HEADER,
                "SO-1,1,,Acme,RMB,18/11/2026,thirty,SHIPPED,0,P-1,,1,1.1234567"));

        assertThat(result.orders()).isEmpty();
        assertThat(result.rejects()).singleElement().satisfies(row -> assertThat(row.reasons()).containsExactly(
                "customer_id is missing",
                "currency 'RMB' is not an ISO 4217 currency code",
                "order_date '18/11/2026' is not a date like 2026-11-20 (yyyy-MM-dd)",
                "payment_terms_days 'thirty' is not a whole number",
                "status 'SHIPPED' is not one of DRAFT, BILLABLE, CANCELLED",
                "line_no must be 1 or more, got 0",
                "description is missing",
                "unit_price '1.1234567' has more than 6 decimals"));
    }

    @Test
    void theOrdersOwnValidationIsPutOnTheRowsItIsAbout() {
        Collected result = read(lines(HEADER,
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,100.00",
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,2,P-2,Support,0,20.00",
                "SO-2,1,C-2,Beta,CNY,2026-11-18,9999,BILLABLE,1,P-1,Licence,1,100.00"));

        assertThat(result.orders()).isEmpty();
        assertThat(result.rejects()).extracting(RejectedRow::line, RejectedRow::reasons).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, List.of("order SO-1 version 1 rejected because line 3 is bad")),
                org.assertj.core.groups.Tuple.tuple(3, List.of("line_no 2: quantity must be positive")),
                org.assertj.core.groups.Tuple.tuple(4, List.of("payment terms must be 0 to 3650 days, got 9999")));
    }

    @Test
    void orderColumnsMustAgreeOnEveryRowOfAnOrder() {
        Collected result = read(lines(HEADER,
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,100.00",
                "SO-1,1,C-9,Acme,USD,2026-11-18,30,BILLABLE,2,P-2,Support,1,20.00"));

        assertThat(result.orders()).isEmpty();
        assertThat(result.rejects().get(1).reasons()).containsExactly(
                "customer_id 'C-9' differs from 'C-1' on line 2 of the same order",
                "currency 'USD' differs from 'CNY' on line 2 of the same order");
    }

    @Test
    void aRowWithTooFewValuesIsRejectedWithItsOrder() {
        Collected result = read(lines(HEADER,
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1",
                "SO-2,1,C-2,Beta,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,100.00"));

        assertThat(result.orders()).extracting(SalesOrder::crmOrderId).containsExactly("SO-2");
        assertThat(result.rejects()).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.reasons()).containsExactly("has 12 values but the header has 13 columns");
        });
    }

    @Test
    void aMissingColumnRejectsTheWholeFile() {
        String header = HEADER.replace(",unit_price", "").replace("sku,", "");
        Collected result = read(lines(header, "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,Licence,1"));

        assertThat(result.fileRejected()).isTrue();
        assertThat(result.orders()).isEmpty();
        assertThat(result.fileRejection()).contains("the file was refused as a whole (line 1)")
                .contains("the header lacks column(s) sku, unit_price");
        assertThat(result.rejects()).singleElement().satisfies(row -> assertThat(row.line()).isEqualTo(1));
    }

    @Test
    void aDuplicateColumnRejectsTheWholeFile() {
        Collected result = read(lines(HEADER + ",SKU", "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,1.00,P-1"));

        assertThat(result.fileRejected()).isTrue();
        assertThat(result.orders()).isEmpty();
        assertThat(result.fileRejection()).contains("the header has column 'sku' more than once");
    }

    @Test
    void anEmptyFileIsRejected() {
        Collected result = read("");

        assertThat(result.fileRejected()).isTrue();
        assertThat(result.fileRejection()).contains("the file is empty");
    }

    @Test
    void columnsMayComeInAnyOrderAndCaseWithAByteOrderMarkAndExtraColumns() {
        String header = "\uFEFFORDER_ID,Unit_Price,quantity,description,sku,line_no,status,payment_terms_days,"
                + "order_date,currency,customer_name,customer_id,order_version,owner";
        Collected result = read(lines(header, "SO-1,9.90,2,Licence,P-1,1,BILLABLE,,2026-11-18,CNY,Acme,C-1,1,Li Lei",
                ",,,,,,,,,,,,,"));

        assertThat(result.rejects()).isEmpty();
        assertThat(result.orders()).singleElement().satisfies(order -> {
            assertThat(order.customerId()).isEqualTo("C-1");
            assertThat(order.lines().get(0).unitPrice()).isEqualTo(new BigDecimal("9.90"));
        });
    }

    @Test
    void theRejectReportListsLineReasonsAndTheOriginalValuesUnderTheInputsHeader() {
        Collected result = read(lines(HEADER,
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,-2,100.00"));

        assertThat(result.reportColumns()).startsWith("line", "reasons", "order_id", "order_version").endsWith("unit_price");
        assertThat(result.rejects()).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(2);
            assertThat(row.reasons()).containsExactly("line_no 1: quantity must be positive");
            assertThat(row.values()).containsExactly("SO-1", "1", "C-1", "Acme", "CNY", "2026-11-18", "30", "BILLABLE",
                    "1", "P-1", "Licence", "-2", "100.00");
        });
    }

    @Test
    void theSampleFileHasFourOrdersOfWhichExactlyOneRowIsBad() throws IOException {
        String text = Files.readString(Path.of("config/sample/orders-sample.csv"), StandardCharsets.UTF_8);
        Collected result = read(text);

        assertThat(result.orders()).extracting(SalesOrder::crmOrderId)
                .containsExactly("SO-2026-1001", "SO-2026-1002", "SO-2026-1003");
        assertThat(result.orders().get(0).lines()).hasSize(3);
        assertThat(result.orders()).extracting(SalesOrder::status)
                .containsExactly(OrderStatus.BILLABLE, OrderStatus.BILLABLE, OrderStatus.DRAFT);
        assertThat(result.orders()).allSatisfy(o -> assertThat(o.currency().getCurrencyCode()).isEqualTo("CNY"));
        // one order sold on deposit-and-balance terms, so the first run shows an invoice in instalments
        assertThat(result.orders()).extracting(SalesOrder::paymentTerms).containsExactly(null, "DEPOSIT-30", null);
        assertThat(result.rejects()).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(7);
            assertThat(row.values()).contains("SO-2026-1004");
            assertThat(row.reasons()).singleElement().asString().startsWith("unit_price '1,280.00'");
        });
    }

    @Test
    void rowsOfOneOrderFarApartInTheFileStillMakeOneOrder() {
        Collected result = read(lines(HEADER,
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,100.00",
                "SO-2,1,C-2,Beta,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,50.00",
                "SO-3,1,C-3,Gamma,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,70.00",
                "SO-1,1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,2,P-2,Support,2,20.00"));

        assertThat(result.orders()).extracting(SalesOrder::crmOrderId).containsExactlyInAnyOrder("SO-1", "SO-2", "SO-3");
        assertThat(result.order("SO-1").lines()).extracting(OrderLine::lineNo).containsExactly(1, 2);
    }

    @Test
    void aLargeFileIsHandedOnInBatchesOfTheConfiguredSize() {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int i = 1; i <= 2_500; i++) {
            text.append("SO-").append(i).append(",1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,10.00\n");
            text.append("SO-").append(i).append(",1,C-1,Acme,CNY,2026-11-18,30,BILLABLE,2,P-2,Support,1,5.00\n");
        }

        Collected result = read(new CsvOrderReader("csv", 1000), text.toString());

        assertThat(result.batches()).extracting(List::size).containsExactly(1000, 1000, 500);
        assertThat(result.orders()).extracting(SalesOrder::crmOrderId).doesNotHaveDuplicates().hasSize(2_500);
        assertThat(result.orders()).allSatisfy(o -> assertThat(o.lines()).hasSize(2));
    }
}
