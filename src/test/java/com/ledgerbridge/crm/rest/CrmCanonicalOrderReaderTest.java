package com.ledgerbridge.crm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.crm.rest.MappedPage.RejectedOrder;
import com.ledgerbridge.domain.order.OrderStatus;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.SyncWatermark;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrmCanonicalOrderReaderTest {

    static final String GOOD = """
            {"crmOrderId": "SO-1", "crmVersion": "7", "modifiedAt": "2026-11-20T09:00:00+08:00",
             "customerId": "C-1", "customerName": "上海星河", "currency": "CNY", "orderDate": "2026-11-20",
             "paymentTermsDays": 30, "status": "BILLABLE",
             "lines": [{"lineNo": 1, "sku": "P-1", "description": "年度订阅", "quantity": 3, "unitPrice": 1234567890123.456789},
                       {"lineNo": 2, "description": "短信", "quantity": "0.5", "unitPrice": 0.1}]}""";

    @Test
    void readsAmountsExactlyFromJsonNumbersAndStrings() {
        MappedPage page = CanonicalOrderReader.read("generic-rest", "[" + GOOD + "]");

        assertThat(page.rejects()).isEmpty();
        SalesOrder order = page.orders().get(0);
        assertThat(order.source()).isEqualTo("generic-rest");
        assertThat(order.status()).isEqualTo(OrderStatus.BILLABLE);
        // 19 significant digits: more than a double holds
        assertThat(order.lines().get(0).unitPrice()).isEqualTo(new BigDecimal("1234567890123.456789"));
        assertThat(order.lines().get(1).quantity()).isEqualTo(new BigDecimal("0.5"));
        assertThat(order.lines().get(1).unitPrice()).isEqualTo(new BigDecimal("0.1"));
        assertThat(page.highest().modifiedAt()).isEqualTo(Instant.parse("2026-11-20T01:00:00Z"));
    }

    @Test
    void anInvalidOrderIsRejectedWithItsReasonsAndStillCountsForTheWatermark() {
        String unreadable = """
                {"crmOrderId": "SO-2", "crmVersion": "1", "modifiedAt": "2026-11-20T05:00:00Z", "customerId": "C-2",
                 "currency": "CNY", "orderDate": "20.11.2026", "status": "SHIPPED",
                 "lines": [{"lineNo": 1, "description": "x", "quantity": "1,5", "unitPrice": 1}]}""";
        String breaksTheOrdersRules = """
                {"crmOrderId": "SO-3", "crmVersion": "1", "modifiedAt": "2026-11-20T04:00:00Z", "customerId": "C-3",
                 "currency": "CNY", "orderDate": "2026-11-20", "status": "BILLABLE",
                 "lines": [{"lineNo": 1, "description": "x", "quantity": 0, "unitPrice": 1},
                           {"lineNo": 1, "description": "y", "quantity": 1, "unitPrice": 1}]}""";

        MappedPage page = CanonicalOrderReader.read("generic-rest", "[" + GOOD + "," + unreadable + "," + breaksTheOrdersRules + "]");

        assertThat(page.orders()).extracting(SalesOrder::crmOrderId).containsExactly("SO-1");
        assertThat(page.rejects()).extracting(RejectedOrder::crmOrderId).containsExactly("SO-2", "SO-3");
        assertThat(page.rejects().get(0).reasons()).containsExactly(
                "orderDate '20.11.2026' is not a date like 2026-11-20 (yyyy-MM-dd)",
                "status 'SHIPPED' is not one of DRAFT, BILLABLE, CANCELLED",
                "lines[0].quantity '1,5' is not a decimal number like 1234.56 (digits and '.', no separators)");
        assertThat(page.rejects().get(1).reasons()).containsExactly("line 1: quantity must be positive",
                "line 1: line number used twice");
        assertThat(page.highest()).isEqualTo(new SyncWatermark(Instant.parse("2026-11-20T05:00:00Z"), "SO-2"));
        assertThat(page.rejectReport().rows().get(0)).startsWith("SO-2", "1", "2026-11-20T05:00:00Z");
    }

    @Test
    void anOrderWithoutModifiedAtIsRejected() {
        MappedPage page = CanonicalOrderReader.read("generic-rest", GOOD.replace("\"modifiedAt\": \"2026-11-20T09:00:00+08:00\",", ""));

        assertThat(page.orders()).isEmpty();
        assertThat(page.rejects().get(0).reasons()).containsExactly("modifiedAt is missing");
        assertThat(page.highest()).isNull();
    }

    @Test
    void nothingAndASingleObjectAreAcceptedAsMappingOutput() {
        assertThat(CanonicalOrderReader.read("generic-rest", "null").orders()).isEmpty();
        assertThat(CanonicalOrderReader.read("generic-rest", "[]").orders()).isEmpty();
        assertThat(CanonicalOrderReader.read("generic-rest", GOOD).orders()).hasSize(1);
        assertThatThrownBy(() -> CanonicalOrderReader.read("generic-rest", "\"oops\""))
                .isInstanceOf(CrmResponseException.class).hasMessageContaining("expected an array of orders");
    }
}
