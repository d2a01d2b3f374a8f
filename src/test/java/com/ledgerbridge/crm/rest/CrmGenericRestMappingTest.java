package com.ledgerbridge.crm.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The mapping file on its own: mappings/crm/generic-rest/sales-order.jsonata evaluated by the JSONata engine
 * camel-jsonata uses, fed the way the route feeds it (the checked page as a JsonNode, converted like the
 * component does) and read back by {@link CanonicalOrderReader}.
 */
class CrmGenericRestMappingTest {

    static final Path MAPPING = Path.of("mappings/crm/generic-rest/sales-order.jsonata");

    static MappedPage map(String pageJson) throws IOException {
        JsonNode page = PageContract.read(new ByteArrayInputStream(pageJson.getBytes(StandardCharsets.UTF_8)), 1).document();
        // what camel-jsonata does with inputType=Jackson and outputType=JsonString
        ObjectMapper component = new ObjectMapper();
        Object input = component.convertValue(page, Object.class);
        Object output = Jsonata.jsonata(Files.readString(MAPPING)).evaluate(input);
        return CanonicalOrderReader.read("generic-rest", component.writeValueAsString(output));
    }

    @Test
    void mapsAContractOrderToTheCanonicalSalesOrder() throws IOException {
        MappedPage page = map("""
                {"orders": [{
                  "id": "SO-2026-0101", "version": 7, "modifiedAt": "2026-11-20T08:15:00Z", "status": "Confirmed",
                  "orderDate": "2026-11-20", "currency": "CNY", "paymentTermsDays": 30,
                  "customer": {"id": "CUST-88", "name": "上海星河贸易有限公司"},
                  "lines": [
                    {"lineNo": 1, "sku": "LB-PRO-Y", "description": "专业版 年度订阅", "quantity": 1, "unitPrice": 36000.10},
                    {"lineNo": 2, "sku": "LB-IMPL", "description": "实施服务", "quantity": "3.5", "unitPrice": "2800.00"}]}],
                 "page": {"number": 1, "hasMore": false}}""");

        assertThat(page.rejects()).isEmpty();
        SalesOrder order = page.orders().get(0);
        assertThat(order.crmOrderId()).isEqualTo("SO-2026-0101");
        assertThat(order.crmVersion()).isEqualTo("7");
        assertThat(order.customerId()).isEqualTo("CUST-88");
        assertThat(order.customerName()).isEqualTo("上海星河贸易有限公司");
        assertThat(order.paymentTermsDays()).isEqualTo(30);
        assertThat(order.status()).isEqualTo(OrderStatus.BILLABLE);
        assertThat(order.lines()).extracting(OrderLine::sku, l -> l.quantity().toPlainString(), l -> l.unitPrice().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LB-PRO-Y", "1", "36000.10"),
                        org.assertj.core.groups.Tuple.tuple("LB-IMPL", "3.5", "2800.00"));
        assertThat(page.highest().modifiedAt()).isEqualTo(Instant.parse("2026-11-20T08:15:00Z"));
    }

    @Test
    void withoutVersionOrLineNumbersModifiedAtAndPositionsAreUsed() throws IOException {
        MappedPage page = map("""
                {"orders": [{"id": "SO-9", "modifiedAt": "2026-11-20T08:15:00Z", "status": "canceled",
                  "orderDate": "2026-11-20", "currency": "CNY", "customer": {"id": "C-9"},
                  "lines": [{"description": "a", "quantity": 1, "unitPrice": 1}, {"description": "b", "quantity": 2, "unitPrice": 2}]}],
                 "page": {"number": 1, "hasMore": false}}""");

        SalesOrder order = page.orders().get(0);
        assertThat(order.crmVersion()).isEqualTo("2026-11-20T08:15:00Z");
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.lines()).extracting(OrderLine::lineNo).containsExactly(1, 2);
    }

    @Test
    void anUnknownStatusPassesThroughSoTheRejectNamesIt() throws IOException {
        MappedPage page = map("""
                {"orders": [{"id": "SO-8", "modifiedAt": "2026-11-20T08:15:00Z", "status": "Shipped",
                  "orderDate": "2026-11-20", "currency": "CNY", "customer": {"id": "C-8"}, "lines": []}],
                 "page": {"number": 1, "hasMore": false}}""");

        assertThat(page.rejects().get(0).reasons()).containsExactly("status 'Shipped' is not one of DRAFT, BILLABLE, CANCELLED");
    }

    @Test
    void anEmptyPageMapsToNoOrders() throws IOException {
        MappedPage page = map("{\"orders\": [], \"page\": {\"number\": 1, \"hasMore\": false}}");

        assertThat(page.orders()).isEmpty();
        assertThat(page.rejects()).isEmpty();
    }
}
