package com.ledgerbridge.domain.reconciliation.matching;

/** A rule set that cannot be used, naming the rule (by id, or its position) and the field at fault. */
public class InvalidRulesException extends IllegalArgumentException {

    private final String rule;
    private final String field;
    private final String problem;

    /**
     * @param rule  the rule's id or position (e.g. {@code rule 'exact-reference'}), or null for a top-level field
     * @param field the field at fault (as written in the rules file, e.g. {@code tolerance-percent})
     */
    public InvalidRulesException(String rule, String field, String problem) {
        super((rule == null ? "" : rule + ", ") + "field '" + field + "': " + problem);
        this.rule = rule;
        this.field = field;
        this.problem = problem;
    }

    public String rule() {
        return rule;
    }

    public String field() {
        return field;
    }

    /** What is wrong with the field, without the rule and field names. */
    public String problem() {
        return problem;
    }
}
