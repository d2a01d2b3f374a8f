package com.ledgerbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.domain.ledger.JournalEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/**
 * The entry document and mappings/ledger/generic-rest/journal-entry.jsonata produce the create request of
 * the generic REST ledger contract, amounts as decimal strings. Runs the mapping the way camel-jsonata does
 * (input parsed by a plain Jackson mapper).
 */
class JournalEntryMappingTest {

    static final Path MAPPING = Path.of("mappings", "ledger", "generic-rest", "journal-entry.jsonata");
    static final Path GOLDEN = Path.of("src", "test", "resources", "simulators", "generic-rest-ledger",
            "create-request-invoice.json");

    final ObjectMapper mapper = new ObjectMapper();
    final JournalEntry invoice = SampleEntries.invoice("INV-000001");

    @Test
    void theDocumentCarriesAmountsAsDecimalStrings() throws Exception {
        JsonNode doc = mapper.readTree(new JournalEntryDocument().toJson(invoice));

        assertThat(doc.path("idempotencyKey").asText()).isEqualTo("invoice:INV-000001");
        assertThat(doc.path("lines").get(0).path("debit").isTextual()).isTrue();
        assertThat(doc.path("lines").get(0).path("debit").asText()).isEqualTo("113.00");
        assertThat(doc.path("lines").get(1).path("debit").asText()).isEqualTo("0.00");
        assertThat(doc.path("totals").get(0).path("credit").asText()).isEqualTo("113.00");
    }

    @Test
    void theMappingProducesTheContractsCreateRequest() throws Exception {
        String request = map(new JournalEntryDocument().toJson(invoice));

        JSONAssert.assertEquals(Files.readString(GOLDEN), request, JSONCompareMode.STRICT);
    }

    @Test
    void aTwoLineEntryStillMapsToAnArrayOfLines() throws Exception {
        JournalEntry payment = SampleEntries.payment("P-1", "0.01", "m");

        JsonNode request = mapper.readTree(map(new JournalEntryDocument().toJson(payment)));

        assertThat(request.path("lines").isArray()).isTrue();
        assertThat(request.path("lines")).hasSize(2);
        assertThat(request.path("lines").get(0).path("debit").asText()).isEqualTo("0.01");
    }

    private String map(String documentJson) throws Exception {
        Object input = mapper.readValue(documentJson, Object.class);
        Object output = Jsonata.jsonata(Files.readString(MAPPING)).evaluate(input);
        return mapper.writeValueAsString(output);
    }
}
