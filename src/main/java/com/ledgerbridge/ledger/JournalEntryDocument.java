package com.ledgerbridge.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.JournalLine;
import com.ledgerbridge.domain.money.Money;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The canonical JSON document of a journal entry, the input of every ledger mapping under
 * mappings/ledger/ (JSONata). Amounts are decimal strings at the currency's scale, never JSON numbers:
 * the JSONata component parses its input with a plain Jackson mapper, which would turn numbers into doubles.
 *
 * <pre>
 * {"idempotencyKey": "invoice:INV-000001", "entryDate": "2026-03-01",
 *  "description": "...", "sourceType": "INVOICE", "sourceReference": "INV-000001",
 *  "lines": [{"lineNo": 1, "accountRole": "ACCOUNTS_RECEIVABLE", "accountCode": "1122", "side": "DEBIT",
 *             "amount": "113.00", "debit": "113.00", "credit": "0.00", "currency": "CNY", "memo": "..."}],
 *  "totals": [{"currency": "CNY", "debit": "113.00", "credit": "113.00"}]}
 * </pre>
 */
@Component
public class JournalEntryDocument {

    private final ObjectMapper json = new ObjectMapper();

    public String toJson(JournalEntry entry) {
        try {
            return json.writeValueAsString(toTree(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write journal entry " + entry.idempotencyKey() + " as JSON", e);
        }
    }

    public ObjectNode toTree(JournalEntry entry) {
        ObjectNode doc = json.createObjectNode();
        doc.put("idempotencyKey", entry.idempotencyKey());
        doc.put("entryDate", entry.entryDate().toString());
        doc.put("description", entry.description());
        doc.put("sourceType", entry.sourceType().name());
        doc.put("sourceReference", entry.sourceReference());
        ArrayNode lines = doc.putArray("lines");
        Set<Currency> currencies = new LinkedHashSet<>();
        int lineNo = 1;
        for (JournalLine line : entry.lines()) {
            ObjectNode node = lines.addObject();
            node.put("lineNo", lineNo++);
            node.put("accountRole", line.role().name());
            node.put("accountCode", line.accountCode());
            node.put("side", line.side().name());
            node.put("amount", text(line.amount()));
            node.put("debit", text(line.debit()));
            node.put("credit", text(line.credit()));
            node.put("currency", line.amount().currency().getCurrencyCode());
            node.put("memo", line.memo());
            currencies.add(line.amount().currency());
        }
        ArrayNode totals = doc.putArray("totals");
        for (Currency currency : currencies) {
            String total = text(entry.total(currency));
            totals.addObject().put("currency", currency.getCurrencyCode()).put("debit", total).put("credit", total);
        }
        return doc;
    }

    private static String text(Money money) {
        return money.amount().toPlainString();
    }
}
