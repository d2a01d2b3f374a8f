package com.ledgerbridge.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.domain.reconciliation.matching.InvalidRulesException;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRule;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRules;
import com.ledgerbridge.domain.reconciliation.matching.RandomReceivables;
import com.ledgerbridge.domain.reconciliation.matching.ReferenceField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules file is read into the model, and every kind of mistake in it is refused naming file, rule and field. */
class MatchingRulesFileTest {

    static final Path SHIPPED = Path.of("mappings/reconciliation/matching-rules.yml");

    @TempDir
    Path dir;

    @Test
    void theShippedFileIsTheDocumentedRuleSet() {
        MatchingRules rules = MatchingRulesFile.load(SHIPPED);

        assertThat(rules.version()).isEqualTo("2026-12-01.1");
        assertThat(rules.references().lookIn()).containsExactly(ReferenceField.MERCHANT_REFERENCE, ReferenceField.MEMO);
        assertThat(rules.references().invoiceNumberPattern().pattern()).isEqualTo("INV-(\\d{4}-)?\\d{6}");
        assertThat(rules.references().orderNumberPattern().pattern()).isEqualTo("SO-\\d{4}-\\d+");
        assertThat(rules.rules()).extracting(MatchingRule::id).containsExactly("listed-invoices", "instalments",
                "exact-reference", "amount-customer-date", "exact-subset", "oldest-first");
        // the same parameters the benchmark and the determinism tests use (RandomReceivables.defaultRules)
        assertThat(rules.rules()).isEqualTo(RandomReceivables.defaultRules(false).rules());
    }

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("rules.yml");
        Files.writeString(f, yaml);
        return f;
    }

    private static final String HEAD = """
            version: "7"
            references:
              look-in: [merchant-reference, memo]
              invoice-number-pattern: 'INV-\\d{6}'
            rules:
            """;

    private void refused(String yaml, String... parts) throws IOException {
        Path f = file(yaml);
        assertThatThrownBy(() -> MatchingRulesFile.load(f)).isInstanceOf(InvalidRulesException.class)
                .hasMessageContainingAll(parts).hasMessageContaining(f.toString());
    }

    @Test
    void rulesGivenAsTextAreReadAsAFileIsAndTheirMistakesNameTheSource() throws IOException {
        String shipped = Files.readString(SHIPPED);
        MatchingRules parsed = MatchingRulesFile.parse(shipped, "the request");
        MatchingRules loaded = MatchingRulesFile.load(SHIPPED);
        assertThat(parsed.version()).isEqualTo(loaded.version());
        assertThat(parsed.rules()).isEqualTo(loaded.rules()); // patterns have no equals: compared as text
        assertThat(parsed.references().invoiceNumberPattern().pattern())
                .isEqualTo(loaded.references().invoiceNumberPattern().pattern());

        assertThatThrownBy(() -> MatchingRulesFile.parse(shipped.replace("days-before: 30", "days-before: soon"),
                "the request")).isInstanceOf(InvalidRulesException.class)
                .hasMessageContainingAll("the request", "amount-customer-date", "days-before", "soon");
        assertThatThrownBy(() -> MatchingRulesFile.parse("version: [unclosed", "the request"))
                .isInstanceOf(InvalidRulesException.class).hasMessageContaining("the request: not YAML");
    }

    @Test
    void aMinimalFileWithDefaults() throws IOException {
        MatchingRules rules = MatchingRulesFile.load(file(HEAD + """
                  - id: by-number
                    kind: exact-reference
                """));
        assertThat(rules.version()).isEqualTo("7");
        assertThat(rules.rules()).singleElement().satisfies(r -> assertThat(r.toString()).isEqualTo(
                "ExactReferenceRule[id=by-number, mode=AUTO, tolerance=0 or 0 %, partial=AUTO, overpayment=CREDIT, "
                        + "requireSameCustomer=false]"));
    }

    @Test
    void anUnknownFieldIsRefusedNamingRuleAndField() throws IOException {
        refused(HEAD + """
                  - id: by-number
                    kind: EXACT_REFERENCE
                  - id: by-amount
                    kind: AMOUNT_CUSTOMER_DATE
                    tolerence-absolute: "0.05"
                    date-basis: DUE_DATE
                    days-before: 3
                    days-after: 3
                """, "rule 'by-amount' (rules[1])", "field 'tolerence-absolute'", "is not a field here");
    }

    @Test
    void anUnknownKindOrValueIsRefused() throws IOException {
        refused(HEAD + """
                  - id: by-number
                    kind: EXACT_REF
                """, "rule 'by-number' (rules[0])", "field 'kind'", "'EXACT_REF' is not one of");
        refused(HEAD + """
                  - id: by-number
                    kind: EXACT_REFERENCE
                    partial: MAYBE
                """, "rule 'by-number'", "field 'partial'", "'MAYBE'");
    }

    @Test
    void aMissingRequiredFieldIsRefused() throws IOException {
        refused(HEAD + """
                  - id: by-amount
                    kind: AMOUNT_CUSTOMER_DATE
                    date-basis: DUE_DATE
                    days-after: 3
                """, "rule 'by-amount'", "field 'days-before'", "is required");
        refused(HEAD + """
                  - kind: EXACT_REFERENCE
                """, "rules[0]", "field 'id'", "is required");
    }

    @Test
    void outOfRangeNumbersAreRefused() throws IOException {
        refused(HEAD + """
                  - id: by-amount
                    kind: AMOUNT_CUSTOMER_DATE
                    date-basis: DUE_DATE
                    days-before: 3
                    days-after: -1
                """, "rule 'by-amount'", "field 'days-after'", "0..3660");
        refused(HEAD + """
                  - id: by-number
                    kind: EXACT_REFERENCE
                    tolerance-percent: 150
                """, "rule 'by-number'", "field 'tolerance-percent'", "between 0 and 100");
        refused(HEAD + """
                  - id: by-number
                    kind: EXACT_REFERENCE
                    tolerance-absolute: "five"
                """, "rule 'by-number'", "field 'tolerance-absolute'", "decimal number");
        refused(HEAD + """
                  - id: subsets
                    kind: MULTI_INVOICE
                    strategy: EXACT_SUBSET
                    max-candidates: 30
                """, "rule 'subsets'", "field 'max-candidates'", "1..24");
    }

    @Test
    void aFieldThatDoesNotBelongToTheStrategyIsRefused() throws IOException {
        refused(HEAD + """
                  - id: subsets
                    kind: MULTI_INVOICE
                    strategy: EXACT_SUBSET
                    tolerance-absolute: "1.00"
                """, "rule 'subsets'", "field 'tolerance-absolute'", "is not a field here");
    }

    @Test
    void aDuplicateIdOrBadIdIsRefused() throws IOException {
        refused(HEAD + """
                  - id: same
                    kind: EXACT_REFERENCE
                  - id: same
                    kind: INSTALMENT
                """, "rule 'same'", "field 'id'", "used by two rules");
        refused(HEAD + """
                  - id: Not Good
                    kind: EXACT_REFERENCE
                """, "rule 'Not Good' (rules[0])", "field 'id'", "lower-case");
    }

    @Test
    void badReferencesAreRefused() throws IOException {
        refused("""
                version: "7"
                references:
                  look-in: [merchant-reference]
                  invoice-number-pattern: 'INV-(\\d{6}'
                rules:
                  - id: by-number
                    kind: EXACT_REFERENCE
                """, "references", "field 'invoice-number-pattern'", "not a regular expression");
        refused("""
                version: "7"
                references:
                  look-in: [merchant-reference, notes]
                rules:
                  - id: by-number
                    kind: EXACT_REFERENCE
                """, "references", "field 'look-in'", "'notes'");
        refused("""
                version: "7"
                references:
                  look-in: [memo]
                  order-number-pattern: '(SO-\\d+)?'
                rules:
                  - id: by-number
                    kind: EXACT_REFERENCE
                """, "references", "field 'order-number-pattern'", "must not match empty text");
    }

    @Test
    void theVersionIsRequiredAndAnUnquotedDateIsRefused() throws IOException {
        refused("""
                references:
                  look-in: [memo]
                rules:
                  - id: by-number
                    kind: EXACT_REFERENCE
                """, "top level", "field 'version'", "is required");
        refused("""
                version: 2026-12-01
                references:
                  look-in: [memo]
                rules:
                  - id: by-number
                    kind: EXACT_REFERENCE
                """, "top level", "field 'version'", "write it in quotes");
        refused("""
                version: "1"
                references:
                  look-in: [memo]
                rules: []
                """, "top level", "field 'rules'", "at least one rule");
        refused("""
                version: "1"
                refrences:
                  look-in: [memo]
                """, "top level", "field 'refrences'", "is not a field here");
    }

    @Test
    void settingsRefuseAMissingFileNamingTheKey() {
        assertThatThrownBy(() -> new MatchingProperties(dir.resolve("nowhere.yml")))
                .hasMessageContaining("ledgerbridge.matching.rules");
    }
}
