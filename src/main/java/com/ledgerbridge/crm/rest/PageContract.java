package com.ledgerbridge.crm.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * The envelope of a page under the generic REST contract: a JSON object with an {@code orders} array and
 * {@code page: {number, hasMore}} naming the page that was asked for. Amounts inside are parsed as BigDecimal.
 */
final class PageContract {

    /** A page that follows the contract; {@code document} goes to the mapping as it is. */
    record Page(JsonNode document, int orderCount, boolean hasMore) {
    }

    private PageContract() {
    }

    static Page read(InputStream body, int expectedPage) {
        JsonNode document;
        try {
            document = body == null ? null : CanonicalOrderReader.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CrmResponseException("page " + expectedPage + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CrmResponseException("page " + expectedPage + " could not be read: " + e.getMessage(), e);
        }
        if (document == null || !document.isObject()) {
            throw new CrmResponseException("page " + expectedPage + " is not a JSON object with \"orders\" and \"page\"");
        }
        JsonNode orders = document.get("orders");
        if (orders == null || !orders.isArray()) {
            throw new CrmResponseException("page " + expectedPage + " has no \"orders\" array");
        }
        JsonNode number = document.path("page").path("number");
        JsonNode hasMore = document.path("page").path("hasMore");
        if (!number.isIntegralNumber() || !hasMore.isBoolean()) {
            throw new CrmResponseException("page " + expectedPage
                    + " lacks \"page\": {\"number\": <n>, \"hasMore\": <true|false>}");
        }
        if (number.asInt() != expectedPage) {
            throw new CrmResponseException("asked for page " + expectedPage + " but the CRM answered page " + number.asText());
        }
        if (hasMore.asBoolean() && orders.isEmpty()) {
            throw new CrmResponseException("page " + expectedPage + " has no orders but says more pages follow");
        }
        return new Page(document, orders.size(), hasMore.asBoolean());
    }
}
