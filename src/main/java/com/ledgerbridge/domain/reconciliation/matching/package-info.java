/**
 * The configurable matching engine: payments against open items (invoices, or instalments of invoices) under an
 * ordered, versioned rule set ({@link com.ledgerbridge.domain.reconciliation.matching.MatchingRules}). Every
 * decision carries its rule id and rules version, per-field evidence and the candidates considered, and is the
 * same whatever the thread count ({@link com.ledgerbridge.domain.reconciliation.matching.MatchingRun}).
 * Plain Java: no Spring, Camel or Jakarta.
 */
package com.ledgerbridge.domain.reconciliation.matching;
