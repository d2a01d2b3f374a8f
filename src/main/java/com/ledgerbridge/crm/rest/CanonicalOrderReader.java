package com.ledgerbridge.crm.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.ledgerbridge.crm.FieldReader;
import com.ledgerbridge.crm.rest.MappedPage.RejectedOrder;
import com.ledgerbridge.domain.order.InvalidOrderException;
import com.ledgerbridge.domain.order.OrderLine;
import com.ledgerbridge.domain.order.SalesOrder;
import com.ledgerbridge.storage.SyncWatermark;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Reads the canonical orders a mapping produced (a JSON array, see mappings/crm/generic-rest/README.md)
 * into {@link SalesOrder}s. Each order is checked on its own: one that cannot be read or fails validation
 * is returned as rejected with its reasons, and the others go on. Reading comes first: every field that
 * cannot be read is named; once all fields read, the order's own rules (SalesOrder) name theirs. Numbers are read as BigDecimal from the
 * JSON text (never through double); they may also come as JSON strings.
 */
public final class CanonicalOrderReader {

    /** Parses JSON with every non-integral number as BigDecimal, kept as written (1280.00 stays 1280.00). */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private CanonicalOrderReader() {
    }

    public static MappedPage read(String source, String canonicalJson) {
        try {
            return read(source, JSON.readTree(canonicalJson == null ? "" : canonicalJson));
        } catch (JsonProcessingException e) {
            throw new CrmResponseException("the mapping did not produce JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads the mapping's output, already parsed. */
    public static MappedPage read(String source, JsonNode root) {
        List<JsonNode> elements = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            // JSONata yields nothing for an empty input
        } else if (root.isArray()) {
            root.forEach(elements::add);
        } else if (root.isObject()) {
            elements.add(root);
        } else {
            throw new CrmResponseException("the mapping produced " + root.getNodeType() + ", expected an array of orders");
        }
        List<SalesOrder> orders = new ArrayList<>();
        List<RejectedOrder> rejects = new ArrayList<>();
        SyncWatermark highest = null;
        for (JsonNode element : elements) {
            FieldReader fields = new FieldReader();
            Instant modifiedAt = null;
            SalesOrder order = null;
            if (!element.isObject()) {
                fields.problem("the mapping produced " + element.getNodeType() + " where an order object was expected");
            } else {
                modifiedAt = fields.instant("modifiedAt", text(element, "modifiedAt", fields));
                order = toOrder(source, element, fields);
            }
            if (modifiedAt != null) {
                highest = new SyncWatermark(modifiedAt, text(element, "crmOrderId", null)).max(highest);
            }
            if (order != null) {
                orders.add(order);
            } else {
                rejects.add(new RejectedOrder(text(element, "crmOrderId", null), text(element, "crmVersion", null),
                        text(element, "modifiedAt", null), fields.problems(), element.toString()));
            }
        }
        return new MappedPage(orders, rejects, highest);
    }

    /** The order, or null with the problems recorded in {@code fields}. */
    private static SalesOrder toOrder(String source, JsonNode order, FieldReader fields) {
        String id = fields.text("crmOrderId", text(order, "crmOrderId", fields), 100, true);
        String version = fields.text("crmVersion", text(order, "crmVersion", fields), 64, true);
        String customerId = fields.text("customerId", text(order, "customerId", fields), 100, true);
        String customerName = fields.text("customerName", text(order, "customerName", fields), 200, false);
        Currency currency = fields.currency("currency", text(order, "currency", fields));
        var orderDate = fields.date("orderDate", text(order, "orderDate", fields));
        Integer terms = fields.wholeNumber("paymentTermsDays", text(order, "paymentTermsDays", fields), false);
        String namedTerms = fields.text("paymentTerms", text(order, "paymentTerms", fields), 100, false);
        var status = fields.status("status", text(order, "status", fields));
        List<OrderLine> lines = new ArrayList<>();
        JsonNode lineNodes = order.path("lines");
        if (!lineNodes.isMissingNode() && !lineNodes.isNull() && !lineNodes.isArray()) {
            fields.problem("lines must be an array");
        }
        int index = 0;
        for (JsonNode line : lineNodes.isArray() ? lineNodes : JSON.createArrayNode()) {
            String at = "lines[" + index++ + "].";
            if (!line.isObject()) {
                fields.problem(at.substring(0, at.length() - 1) + " is not an object");
                continue;
            }
            Integer lineNo = fields.wholeNumber(at + "lineNo", text(line, "lineNo", fields), true);
            String sku = fields.text(at + "sku", text(line, "sku", fields), 100, false);
            String description = fields.text(at + "description", text(line, "description", fields), 500, false);
            BigDecimal quantity = fields.decimal(at + "quantity", text(line, "quantity", fields));
            BigDecimal unitPrice = fields.decimal(at + "unitPrice", text(line, "unitPrice", fields));
            if (lineNo != null) {
                lines.add(new OrderLine(lineNo, sku, description, quantity, unitPrice));
            }
        }
        if (fields.hasProblems()) {
            return null;
        }
        try {
            return new SalesOrder(source, id, version, customerId, customerName, currency, orderDate, terms, status, lines,
                    namedTerms);
        } catch (InvalidOrderException e) {
            e.problems().forEach(fields::problem);
            return null;
        }
    }

    /**
     * A scalar as text: numbers exactly as written (BigDecimal), strings as they are; null when absent.
     * An object or array where a value belongs is a problem (when {@code fields} is given).
     */
    private static String text(JsonNode parent, String name, FieldReader fields) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.decimalValue().toPlainString();
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (fields != null) {
            fields.problem(name + " must be a single value, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return null;
    }
}
