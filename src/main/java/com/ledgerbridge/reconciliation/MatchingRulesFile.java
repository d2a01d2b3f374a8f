package com.ledgerbridge.reconciliation;

import com.ledgerbridge.domain.reconciliation.matching.AmountCustomerDateRule;
import com.ledgerbridge.domain.reconciliation.matching.DateBasis;
import com.ledgerbridge.domain.reconciliation.matching.ExactReferenceRule;
import com.ledgerbridge.domain.reconciliation.matching.InstalmentRule;
import com.ledgerbridge.domain.reconciliation.matching.InvalidRulesException;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRule;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRules;
import com.ledgerbridge.domain.reconciliation.matching.MultiInvoiceRule;
import com.ledgerbridge.domain.reconciliation.matching.MultiInvoiceStrategy;
import com.ledgerbridge.domain.reconciliation.matching.OverpaymentPolicy;
import com.ledgerbridge.domain.reconciliation.matching.PartialPolicy;
import com.ledgerbridge.domain.reconciliation.matching.ReferenceField;
import com.ledgerbridge.domain.reconciliation.matching.ReferenceSyntax;
import com.ledgerbridge.domain.reconciliation.matching.RuleKind;
import com.ledgerbridge.domain.reconciliation.matching.RuleMode;
import com.ledgerbridge.domain.reconciliation.matching.TiePolicy;
import com.ledgerbridge.domain.reconciliation.matching.Tolerance;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the matching rules file (mappings/reconciliation/matching-rules.yml; README "Matching rules") into a
 * validated {@link MatchingRules}. Anything wrong — an unknown field or value, a missing one, a bad number or
 * pattern, a duplicate id — is refused with the file, the rule (id and position) and the field named, so a bad file
 * stops start-up instead of matching by rules nobody meant.
 */
public final class MatchingRulesFile {

    private static final Set<String> TOP = Set.of("version", "references", "rules");
    private static final Set<String> REFERENCES = Set.of("look-in", "invoice-number-pattern", "order-number-pattern");
    private static final List<String> COMMON = List.of("id", "kind", "mode");
    private static final List<String> TOLERANCE = List.of("tolerance-absolute", "tolerance-percent");

    private MatchingRulesFile() {
    }

    public static MatchingRules load(Path file) {
        Object parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read matching rules " + file + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new InvalidRulesException(file + ": not YAML", "-", e.getMessage());
        }
        return readNamed(parsed, file.toString());
    }

    /**
     * Rules given as text (e.g. in a matching replay request), checked as a file is; errors name {@code source},
     * the rule and the field.
     */
    public static MatchingRules parse(String text, String source) {
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new InvalidRulesException(source + ": not YAML", "-", e.getMessage());
        }
        return readNamed(parsed, source);
    }

    private static MatchingRules readNamed(Object parsed, String source) {
        try {
            return read(parsed);
        } catch (InvalidRulesException e) {
            throw new InvalidRulesException(source + ": " + (e.rule() == null ? "top level" : e.rule()), e.field(),
                    e.problem());
        }
    }

    static MatchingRules read(Object parsed) {
        if (!(parsed instanceof Map<?, ?> top)) {
            throw new InvalidRulesException(null, "version", "the file must be a mapping with version, references, rules");
        }
        Fields fields = new Fields(null, top, TOP);
        String version = fields.text("version", true);
        Object references = top.get("references");
        if (!(references instanceof Map<?, ?> refs)) {
            throw new InvalidRulesException(null, "references", "must be a mapping (look-in, invoice-number-pattern, "
                    + "order-number-pattern)");
        }
        ReferenceSyntax syntax = references(new Fields("references", refs, REFERENCES));
        if (!(top.get("rules") instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidRulesException(null, "rules", "must list at least one rule");
        }
        List<MatchingRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "rules[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                throw new InvalidRulesException(where, "id", "each rule is a mapping with id, kind and its parameters");
            }
            Object id = entry.get("id");
            String name = id == null ? where : "rule '" + id + "' (" + where + ")";
            rules.add(rule(name, entry));
        }
        return new MatchingRules(version, syntax, rules);
    }

    private static ReferenceSyntax references(Fields f) {
        List<ReferenceField> lookIn = new ArrayList<>();
        for (String field : f.texts("look-in")) {
            lookIn.add(f.enumValue("look-in", field, ReferenceField.class));
        }
        return f.wrap(() -> new ReferenceSyntax(lookIn, f.pattern("invoice-number-pattern"),
                f.pattern("order-number-pattern")));
    }

    private static MatchingRule rule(String name, Map<?, ?> entry) {
        String kindText = new Fields(name, entry, null).text("kind", true);
        RuleKind kind = new Fields(name, entry, null).enumValue("kind", kindText, RuleKind.class);
        List<String> allowed = new ArrayList<>(COMMON);
        switch (kind) {
            case EXACT_REFERENCE -> {
                allowed.addAll(TOLERANCE);
                allowed.addAll(List.of("partial", "overpayment", "require-same-customer"));
            }
            case INSTALMENT -> {
                allowed.addAll(TOLERANCE);
                allowed.add("partial");
            }
            case AMOUNT_CUSTOMER_DATE -> {
                allowed.addAll(TOLERANCE);
                allowed.addAll(List.of("date-basis", "days-before", "days-after", "ties"));
            }
            case MULTI_INVOICE -> {
                allowed.add("strategy");
                MultiInvoiceStrategy strategy = new Fields(name, entry, null).enumValue("strategy",
                        new Fields(name, entry, null).text("strategy", true), MultiInvoiceStrategy.class);
                if (strategy == MultiInvoiceStrategy.EXACT_SUBSET) {
                    allowed.add("max-candidates");
                } else {
                    allowed.addAll(TOLERANCE);
                    allowed.addAll(List.of("partial", "overpayment"));
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
        Fields f = new Fields(name, entry, new LinkedHashSet<>(allowed));
        String id = f.text("id", true);
        RuleMode mode = f.enumOr("mode", RuleMode.class, RuleMode.AUTO);
        return f.wrap(() -> switch (kind) {
            case EXACT_REFERENCE -> new ExactReferenceRule(id, mode, f.tolerance(),
                    f.enumOr("partial", PartialPolicy.class, PartialPolicy.AUTO),
                    f.enumOr("overpayment", OverpaymentPolicy.class, OverpaymentPolicy.CREDIT),
                    f.bool("require-same-customer", false));
            case INSTALMENT -> new InstalmentRule(id, mode, f.tolerance(),
                    f.enumOr("partial", PartialPolicy.class, PartialPolicy.AUTO));
            case AMOUNT_CUSTOMER_DATE -> new AmountCustomerDateRule(id, mode, f.tolerance(),
                    f.enumValue("date-basis", f.text("date-basis", true), DateBasis.class),
                    f.integer("days-before", null), f.integer("days-after", null),
                    f.enumOr("ties", TiePolicy.class, TiePolicy.SUGGEST));
            case MULTI_INVOICE -> new MultiInvoiceRule(id, mode,
                    f.enumValue("strategy", f.text("strategy", true), MultiInvoiceStrategy.class),
                    entry.containsKey("tolerance-absolute") || entry.containsKey("tolerance-percent") ? f.tolerance()
                            : Tolerance.EXACT,
                    f.enumOr("partial", PartialPolicy.class, PartialPolicy.AUTO),
                    f.enumOr("overpayment", OverpaymentPolicy.class, OverpaymentPolicy.CREDIT),
                    f.integer("max-candidates", 20));
        });
    }

    /** One mapping's fields, read with errors naming {@code where} and the field. */
    private record Fields(String where, Map<?, ?> values, Set<String> allowed) {

        Fields {
            if (allowed != null) {
                for (Object key : values.keySet()) {
                    if (!allowed.contains(String.valueOf(key))) {
                        throw new InvalidRulesException(where, String.valueOf(key), "is not a field here (known: "
                                + String.join(", ", allowed) + ")");
                    }
                }
            }
        }

        InvalidRulesException bad(String field, String problem) {
            return new InvalidRulesException(where, field, problem);
        }

        <T> T wrap(java.util.function.Supplier<T> build) {
            try {
                return build.get();
            } catch (InvalidRulesException e) {
                throw bad(e.field(), e.problem());
            }
        }

        String text(String field, boolean required) {
            Object v = values.get(field);
            if (v == null) {
                if (required) {
                    throw bad(field, "is required");
                }
                return null;
            }
            if (v instanceof Map || v instanceof List) {
                throw bad(field, "must be a single value, was " + v);
            }
            if (v instanceof java.util.Date) {
                throw bad(field, "reads as a date; write it in quotes");
            }
            String s = String.valueOf(v).strip();
            if (s.isEmpty() && required) {
                throw bad(field, "is required");
            }
            return s;
        }

        List<String> texts(String field) {
            Object v = values.get(field);
            if (v == null) {
                throw bad(field, "is required");
            }
            if (v instanceof List<?> list) {
                return list.stream().map(e -> String.valueOf(e).strip()).toList();
            }
            return Arrays.stream(String.valueOf(v).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        <E extends Enum<E>> E enumValue(String field, String text, Class<E> type) {
            try {
                return Enum.valueOf(type, text.strip().replace('-', '_').toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad(field, "'" + text + "' is not one of " + Arrays.toString(type.getEnumConstants()));
            }
        }

        <E extends Enum<E>> E enumOr(String field, Class<E> type, E fallback) {
            String text = text(field, false);
            return text == null || text.isEmpty() ? fallback : enumValue(field, text, type);
        }

        boolean bool(String field, boolean fallback) {
            String text = text(field, false);
            if (text == null) {
                return fallback;
            }
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw bad(field, "must be true or false, was '" + text + "'");
            }
            return Boolean.parseBoolean(text);
        }

        int integer(String field, Integer fallback) {
            String text = text(field, fallback == null);
            if (text == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw bad(field, "must be a whole number, was '" + text + "'");
            }
        }

        BigDecimal decimal(String field) {
            String text = text(field, false);
            if (text == null || text.isEmpty()) {
                return BigDecimal.ZERO;
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw bad(field, "must be a decimal number, was '" + text + "'");
            }
        }

        Tolerance tolerance() {
            BigDecimal absolute = decimal("tolerance-absolute");
            BigDecimal percent = decimal("tolerance-percent");
            try {
                new Tolerance(absolute, BigDecimal.ZERO);
            } catch (IllegalArgumentException e) {
                throw bad("tolerance-absolute", e.getMessage());
            }
            try {
                new Tolerance(BigDecimal.ZERO, percent);
            } catch (IllegalArgumentException e) {
                throw bad("tolerance-percent", e.getMessage());
            }
            return new Tolerance(absolute, percent);
        }

        Pattern pattern(String field) {
            String text = text(field, false);
            if (text == null || text.isEmpty()) {
                return null;
            }
            try {
                return Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                throw bad(field, "is not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
    }
}
