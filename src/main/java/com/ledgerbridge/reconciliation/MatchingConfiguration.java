package com.ledgerbridge.reconciliation;

import com.ledgerbridge.domain.reconciliation.matching.MatchingEngine;
import com.ledgerbridge.domain.reconciliation.matching.MatchingRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The matching rules, read at start-up (a bad file stops it, naming the rule and field), and the engine. */
@Configuration
public class MatchingConfiguration {

    @Bean
    MatchingRules matchingRules(MatchingProperties matching) {
        return MatchingRulesFile.load(matching.rules());
    }

    @Bean
    MatchingEngine matchingEngine(MatchingRules rules) {
        return new MatchingEngine(rules);
    }
}
