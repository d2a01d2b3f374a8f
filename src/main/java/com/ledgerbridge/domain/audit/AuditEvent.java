package com.ledgerbridge.domain.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the append-only audit trail: who did what to which subject, when, with the subject's state before and
 * after (JSON text, or null where there is none), linked to the entry before it by that entry's hash.
 *
 * @param sequence     1, 2, 3, ... without gaps: the entry's place in the one chain
 * @param at           when it was written, UTC, to the microsecond (what both databases store exactly)
 * @param actor        the authenticated principal (an API token's name, an OIDC subject), or "system"
 * @param action       what was done, e.g. {@code ledger.dead-letters.redrive}
 * @param subjectType  the kind of thing acted on, e.g. {@code journal_entry}
 * @param subjectId    which one(s)
 * @param beforeJson   its state before, as JSON text; null when there was none
 * @param afterJson    its state after, as JSON text; null when there is none
 * @param previousHash the hash of entry {@code sequence - 1}; {@link AuditChain#GENESIS} for the first
 * @param hash         SHA-256 (hex) of {@link AuditChain#canonical} of all the fields above
 */
public record AuditEvent(long sequence, Instant at, String actor, String action, String subjectType, String subjectId,
                         String beforeJson, String afterJson, String previousHash, String hash) {

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subjectType, "subjectType");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }

    /** The hash this entry's fields give; differs from {@link #hash} when a field was changed after writing. */
    public String recomputedHash() {
        return AuditChain.hash(sequence, at, actor, action, subjectType, subjectId, beforeJson, afterJson, previousHash);
    }
}
