package com.ledgerbridge.crm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CrmPageContractTest {

    static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPageNamesItsNumberAndWhetherMoreFollow() {
        PageContract.Page page = PageContract.read(json("""
                {"orders": [{"id": "SO-1", "lines": [{"unitPrice": 0.30}]}], "page": {"number": 2, "hasMore": true}}"""), 2);

        assertThat(page.orderCount()).isEqualTo(1);
        assertThat(page.hasMore()).isTrue();
        assertThat(page.document().at("/orders/0/lines/0/unitPrice").decimalValue()).hasToString("0.30");
    }

    @Test
    void whatBreaksTheContractIsRefusedWithAClearReason() {
        assertThatThrownBy(() -> PageContract.read(json("<html>502 Bad Gateway</html>"), 1))
                .isInstanceOf(CrmResponseException.class).hasMessageStartingWith("page 1 is not valid JSON");
        assertThatThrownBy(() -> PageContract.read(json("{\"data\": []}"), 1))
                .hasMessage("page 1 has no \"orders\" array");
        assertThatThrownBy(() -> PageContract.read(json("{\"orders\": []}"), 1))
                .hasMessage("page 1 lacks \"page\": {\"number\": <n>, \"hasMore\": <true|false>}");
        assertThatThrownBy(() -> PageContract.read(json("{\"orders\": [{}], \"page\": {\"number\": 1, \"hasMore\": false}}"), 3))
                .hasMessage("asked for page 3 but the CRM answered page 1");
        assertThatThrownBy(() -> PageContract.read(json("{\"orders\": [], \"page\": {\"number\": 4, \"hasMore\": true}}"), 4))
                .hasMessage("page 4 has no orders but says more pages follow");
    }
}
