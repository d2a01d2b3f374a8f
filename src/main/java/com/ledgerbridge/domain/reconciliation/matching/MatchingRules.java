package com.ledgerbridge.domain.reconciliation.matching;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The ordered, versioned rule set. Rules are tried in order; the first that decides (applies, suggests, or claims
 * the payment as a non-match) wins, and a rule that finds nothing to go on passes the payment to the next.
 *
 * @param version    the rules file's version, stored with every decision
 * @param references how references are found in payments
 * @param rules      the rules, in order; ids unique
 */
public record MatchingRules(String version, ReferenceSyntax references, List<MatchingRule> rules) {

    public MatchingRules {
        if (version == null || version.isBlank() || version.length() > 64) {
            throw new InvalidRulesException(null, "version", "is required (1-64 characters), was '" + version + "'");
        }
        Objects.requireNonNull(references, "references");
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        if (rules.isEmpty()) {
            throw new InvalidRulesException(null, "rules", "lists at least one rule");
        }
        Set<String> ids = new HashSet<>();
        for (MatchingRule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new InvalidRulesException("rule '" + rule.id() + "'", "id", "is used by two rules");
            }
        }
    }
}
