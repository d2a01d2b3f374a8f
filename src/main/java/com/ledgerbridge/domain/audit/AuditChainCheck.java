package com.ledgerbridge.domain.audit;

/**
 * Walks a chain entry by entry, in sequence order, holding only the entry before: the trail is checked in batches
 * of any size without ever being in memory whole. Finds the first broken link:
 * <ul>
 *   <li>a gap in the sequence: entries were removed;</li>
 *   <li>an entry whose fields no longer give its hash: it was changed (or moved to another place);</li>
 *   <li>an entry that does not name its predecessor's hash: the chain was cut and joined, or entries were reordered;</li>
 *   <li>a chain that ends before (or after) the head the trail keeps: entries were removed from the end.</li>
 * </ul>
 */
public final class AuditChainCheck {

    private long lastSequence;
    private String lastHash = AuditChain.GENESIS;
    private long checked;
    private AuditVerification broken;

    /** Checks the next entry; once a break is found, later entries are not looked at. */
    public void accept(AuditEvent event) {
        if (broken != null) {
            return;
        }
        long expected = lastSequence + 1;
        if (event.sequence() != expected) {
            broken = breakAt(expected, event.sequence() > expected
                    ? "entry " + expected + " is missing: the chain goes from entry " + lastSequence + " to entry "
                            + event.sequence()
                    : "entry " + event.sequence() + " appears again after entry " + lastSequence);
            return;
        }
        if (!event.recomputedHash().equals(event.hash())) {
            broken = breakAt(event.sequence(), "entry " + event.sequence()
                    + " does not match its hash: it was changed after it was written");
            return;
        }
        if (!event.previousHash().equals(lastHash)) {
            broken = breakAt(event.sequence(), "entry " + event.sequence() + " does not link to "
                    + (lastSequence == 0 ? "the start of the chain" : "entry " + lastSequence)
                    + ": its previous hash is not that entry's hash");
            return;
        }
        lastSequence = event.sequence();
        lastHash = event.hash();
        checked++;
    }

    /** True once a break was found: the caller may stop reading. */
    public boolean isBroken() {
        return broken != null;
    }

    /**
     * The verdict, given the head the trail keeps (the last entry written, as recorded when it was appended):
     * {@code headSequence} 0 for an empty trail.
     */
    public AuditVerification finish(long headSequence, String headHash) {
        if (broken != null) {
            return broken;
        }
        if (lastSequence != headSequence || !lastHash.equals(headHash)) {
            return breakAt(Math.min(lastSequence, headSequence) + 1, lastSequence < headSequence
                    ? "the chain ends at entry " + lastSequence + " but entry " + headSequence
                            + " was written: entries were removed from the end"
                    : "the chain's last entry " + lastSequence + " is not the one recorded as written last (entry "
                            + headSequence + ")");
        }
        return new AuditVerification(true, checked, lastSequence, lastHash, null, null);
    }

    private AuditVerification breakAt(long sequence, String problem) {
        return new AuditVerification(false, checked, lastSequence, lastHash, sequence, problem);
    }
}
