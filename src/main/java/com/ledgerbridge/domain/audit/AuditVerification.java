package com.ledgerbridge.domain.audit;

/**
 * What a walk of the audit trail found.
 *
 * @param intact            true when every entry matches its hash and links to the one before, without gaps, up to
 *                          the last entry written
 * @param entriesChecked    entries found sound, from the first
 * @param lastGoodSequence  the last sound entry (0: none)
 * @param lastGoodHash      its hash ({@link AuditChain#GENESIS} when none)
 * @param brokenAtSequence  where the first break is; null when intact
 * @param problem           what is wrong there, in words; null when intact
 */
public record AuditVerification(boolean intact, long entriesChecked, long lastGoodSequence, String lastGoodHash,
                                Long brokenAtSequence, String problem) {
}
