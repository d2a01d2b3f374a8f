package com.ledgerbridge.crm.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.OrderStore;
import com.ledgerbridge.testing.IntegrationTest;
import com.ledgerbridge.testing.TestDatabase;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The crm-sync-csv route end to end: a file dropped in the inbox, orders in the database, rejects on disk. */
class CsvDropFolderTest extends IntegrationTest {

    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dataDir = configure(registry, TestDatabase.standard());
        // only the CRM flow: other flows' routes must not consume work.invoicing or touch these tables
        registry.add("camel.main.routes-include-pattern",
                () -> "file:routes/crm-sync.camel.yaml,file:routes/error-handling.camel.yaml");
        registry.add("ledgerbridge.crm.sources.csv.batch-size", () -> "500");
        registry.add("ledgerbridge.crm.sources.gbk.type", () -> "csv");
        registry.add("ledgerbridge.crm.sources.gbk.charset", () -> "GBK");
        registry.add("ledgerbridge.crm.sources.gbk.inbox", () -> dataDir.resolve("in/gbk-orders").toString());
        // ./config/application.yml outranks the classpath application-test.yml, so switch the demo file off here
        registry.add("ledgerbridge.sample-data.enabled", () -> "false");
    }

    @Autowired
    CamelContext camel;

    @Autowired
    ConsumerTemplate consumer;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OrderStore orders;

    Path inbox;
    Path rejects;

    @BeforeEach
    void cleanSlate() {
        inbox = dataDir.resolve("in/orders");
        rejects = dataDir.resolve("out/rejects");
        jdbc.sql("delete from sales_order_line").update();
        jdbc.sql("delete from sales_order").update();
        while (consumer.receiveBody(WAKE, 200, String.class) != null) {
            // drain what an earlier test left
        }
    }

    static final String HEADER = String.join(",", CsvOrderReader.COLUMNS);
    static final String WAKE = "jms:queue:work.invoicing";

    static final String FILE = HEADER + "\n"
            + "SO-1,2,C-1,上海星河贸易有限公司,CNY,2026-11-18,30,BILLABLE,1,P-1,专业版 年度订阅,1,36000.00\n"
            + "SO-2,1,C-2,杭州云帆科技有限公司,CNY,2026-11-19,15,draft,1,P-2,标准版,12,980.00\n"
            + "SO-3,1,C-3,Acme,CNY,2026-11-19,15,BILLABLE,1,P-3,\"two\nlines\",1,10.00\n"
            + "SO-1,2,C-1,上海星河贸易有限公司,CNY,2026-11-18,30,BILLABLE,2,P-4,\"实施服务, 人天\",3.5,2800.00\n"
            + "SO-3,1,C-3,Acme,CNY,2026-11-19,15,BILLABLE,2,P-3,Support,1 000,10.00\n";

    @Test
    void storesTheGoodOrdersWakesInvoicingAndWritesTheRejectsWithPhysicalLines() throws Exception {
        drop("orders-a.csv", FILE);

        List<Long> ids = jdbc.sql("select id from sales_order where source = 'csv' order by crm_order_id")
                .query(Long.class).list();
        assertThat(ids).hasSize(2);
        SalesOrder so1 = orders.find(ids.get(0)).orElseThrow();
        assertThat(so1.crmOrderId()).isEqualTo("SO-1");
        assertThat(so1.lines()).extracting(OrderLine::lineNo, OrderLine::sku, OrderLine::description,
                l -> l.quantity().toPlainString(), l -> l.unitPrice().toPlainString()).containsExactly(
                tuple(1, "P-1", "专业版 年度订阅", "1", "36000"),
                tuple(2, "P-4", "实施服务, 人天", "3.5", "2800"));
        assertThat(orders.find(ids.get(1)).orElseThrow().crmOrderId()).isEqualTo("SO-2");

        assertThat(jdbc.sql("select invoicing_status from sales_order order by crm_order_id").query(String.class).list())
                .containsExactly("PENDING", "NONE");
        assertThat(consumer.receiveBody(WAKE, 5000, String.class)).isEqualTo("wake");
        assertThat(consumer.receiveBody(WAKE, 500, String.class)).isNull();

        List<CSVRecord> report = readCsv(rejects.resolve("orders-a.csv.rejects.csv"));
        assertThat(report.get(0).toList()).startsWith("line", "reasons", "order_id");
        assertThat(report).hasSize(3);
        // SO-3's first row is on line 4 and spans 4-5; its bad row is line 7
        assertThat(report.get(1).toList()).startsWith("4", "order SO-3 version 1 rejected because line 7 is bad", "SO-3");
        assertThat(report.get(1).get(12)).isEqualTo("two\nlines");
        assertThat(report.get(2).toList()).startsWith("7",
                "quantity '1 000' is not a decimal number like 1234.56 (digits and '.', no separators)", "SO-3");

        assertThat(filesIn(inbox.resolve(".done"))).anyMatch(name -> name.startsWith("orders-a-") && name.endsWith(".csv"));
        assertThat(filesIn(inbox)).isEmpty();
    }

    @Test
    void droppingTheSameOrdersAgainStoresAndQueuesNothingNew() throws Exception {
        drop("orders-b.csv", FILE);
        assertThat(consumer.receiveBody(WAKE, 5000, String.class)).isEqualTo("wake");

        drop("orders-b.csv", FILE);

        assertThat(jdbc.sql("select count(*) from sales_order").query(Long.class).single()).isEqualTo(2);
        assertThat(consumer.receiveBody(WAKE, 1000, String.class)).as("nothing new to invoice, nobody woken").isNull();
    }

    @Test
    void aFileWithAMissingColumnIsRefusedAsAWholeAndMovedToFailed() throws Exception {
        String badHeader = HEADER.replace(",unit_price", "");
        drop("orders-c.csv", badHeader + "\nSO-9,1,C-9,Acme,CNY,2026-11-19,15,BILLABLE,1,P-9,Licence,1\n");

        assertThat(jdbc.sql("select count(*) from sales_order").query(Long.class).single()).isZero();
        List<CSVRecord> report = readCsv(rejects.resolve("orders-c.csv.rejects.csv"));
        assertThat(report.get(1).get(0)).isEqualTo("1");
        assertThat(report.get(1).get(1)).contains("the header lacks column(s) unit_price");
        assertThat(filesIn(inbox.resolve(".failed"))).anyMatch(name -> name.startsWith("orders-c-"));
        assertThat(filesIn(inbox)).isEmpty();
    }

    @Test
    void aGbkFileIsReadInItsSourcesCharset() throws Exception {
        String text = HEADER + "\n"
                + "SO-G1,1,C-1,上海星河贸易有限公司,CNY,2026-11-18,30,BILLABLE,1,P-1,专业版 年度订阅,1,36000.00\n";

        drop("crm-file-drop-gbk", dataDir.resolve("in/gbk-orders"), "gbk-orders.csv", text.getBytes("GBK"));

        long id = jdbc.sql("select id from sales_order where source = 'gbk'").query(Long.class).single();
        SalesOrder order = orders.find(id).orElseThrow();
        assertThat(order.customerName()).isEqualTo("上海星河贸易有限公司");
        assertThat(order.lines().get(0).description()).isEqualTo("专业版 年度订阅");
    }

    @Test
    void aFileOfThousandsOfOrdersIsStoredInBatchesOfTheConfiguredSize() throws Exception {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (int i = 1; i <= 3_000; i++) {
            text.append("BIG-").append(i).append(",1,C-").append(i % 7)
                    .append(",Acme,CNY,2026-11-18,30,BILLABLE,1,P-1,Licence,1,10.00\n");
        }
        drop("orders-big.csv", text.toString());

        // each batch is stored by one call in one transaction, and every order of a batch carries that call's
        // clock reading: 3000 orders at batch-size 500 are six distinct received_at values
        assertThat(jdbc.sql("select count(distinct received_at) from sales_order where crm_order_id like 'BIG-%'")
                .query(Long.class).single()).isEqualTo(6);
        assertThat(jdbc.sql("select count(*) from sales_order where crm_order_id like 'BIG-%'").query(Long.class).single())
                .isEqualTo(3_000);
        assertThat(jdbc.sql("select count(*) from sales_order where crm_order_id like 'BIG-%' and invoicing_status = 'PENDING'")
                .query(Long.class).single()).isEqualTo(3_000);
    }

    /** Puts a file in the inbox the way a careful uploader does (hidden name, then rename) and waits for the route. */
    void drop(String name, String content) throws IOException {
        drop("crm-file-drop-csv", inbox, name, content.getBytes(StandardCharsets.UTF_8));
    }

    void drop(String route, Path folder, String name, byte[] content) throws IOException {
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(route)
                .filter(exchange -> name.equals(exchange.getIn().getHeader("CamelFileNameOnly"))).whenDone(1).create();
        Files.createDirectories(folder);
        Path partial = folder.resolve("." + name + ".part");
        Files.write(partial, content);
        Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        assertThat(done.matches(60, TimeUnit.SECONDS)).as(route + " processed " + name).isTrue();
    }

    static List<CSVRecord> readCsv(Path file) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(Files.readString(file, StandardCharsets.UTF_8)),
                CSVFormat.DEFAULT)) {
            return new ArrayList<>(parser.getRecords());
        }
    }

    static List<String> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }
}
