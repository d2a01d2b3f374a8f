package com.ledgerbridge.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    static final Instant AT = Instant.parse("2026-03-01T08:15:30.000250Z");

    /**
     * Hashes computed outside Java (Python's hashlib over the encoding the class comment states), so a change of the
     * encoding, which would orphan every stored chain, fails here.
     */
    @Test
    void hashesFollowTheDocumentedEncoding() {
        AuditEvent first = AuditChain.link(1, AT, "alice", "ledger.dead-letters.redrive", "journal_entry", "dead-letters",
                null, "{\"redriven\":2}", AuditChain.GENESIS);
        assertThat(first.hash()).isEqualTo("5cef4de963b9f83c28b7969e95f57baf9d916779a6ddb49b24e7220a4d7cac0e");

        AuditEvent second = AuditChain.link(2, Instant.parse("2026-03-01T08:16:00Z"), "张三", "exception.write-off",
                "invoice", "INV-000123", "{\"open\":\"0.01\"}", "{\"open\":\"0.00\"}", first.hash());
        assertThat(second.hash()).isEqualTo("1239aac03e00e388d361423c3096639de4cdd16fc9c55012326e4c503dc00348");
    }

    @Test
    void fieldBoundariesAndNullsAreUnambiguous() {
        String ab = AuditChain.hash(1, AT, "ab", "c", "t", "1", null, null, AuditChain.GENESIS);
        String a = AuditChain.hash(1, AT, "a", "bc", "t", "1", null, null, AuditChain.GENESIS);
        assertThat(ab).isNotEqualTo(a);
        String nullBefore = AuditChain.hash(1, AT, "a", "b", "t", "1", null, "{}", AuditChain.GENESIS);
        String emptyBefore = AuditChain.hash(1, AT, "a", "b", "t", "1", "", "{}", AuditChain.GENESIS);
        String swapped = AuditChain.hash(1, AT, "a", "b", "t", "1", "{}", null, AuditChain.GENESIS);
        assertThat(List.of(nullBefore, emptyBefore, swapped)).doesNotHaveDuplicates();
    }

    @Test
    void everyFieldIsCovered() {
        String base = AuditChain.hash(7, AT, "alice", "act", "type", "id", "{\"a\":1}", "{\"a\":2}", AuditChain.GENESIS);
        List<String> variants = List.of(
                AuditChain.hash(8, AT, "alice", "act", "type", "id", "{\"a\":1}", "{\"a\":2}", AuditChain.GENESIS),
                AuditChain.hash(7, AT.plusNanos(1000), "alice", "act", "type", "id", "{\"a\":1}", "{\"a\":2}", AuditChain.GENESIS),
                AuditChain.hash(7, AT, "alicE", "act", "type", "id", "{\"a\":1}", "{\"a\":2}", AuditChain.GENESIS),
                AuditChain.hash(7, AT, "alice", "acT", "type", "id", "{\"a\":1}", "{\"a\":2}", AuditChain.GENESIS),
                AuditChain.hash(7, AT, "alice", "act", "typE", "id", "{\"a\":1}", "{\"a\":2}", AuditChain.GENESIS),
                AuditChain.hash(7, AT, "alice", "act", "type", "iD", "{\"a\":1}", "{\"a\":2}", AuditChain.GENESIS),
                AuditChain.hash(7, AT, "alice", "act", "type", "id", "{\"a\":3}", "{\"a\":2}", AuditChain.GENESIS),
                AuditChain.hash(7, AT, "alice", "act", "type", "id", "{\"a\":1}", "{\"a\":3}", AuditChain.GENESIS),
                AuditChain.hash(7, AT, "alice", "act", "type", "id", "{\"a\":1}", "{\"a\":2}", "1".repeat(64)));
        assertThat(variants).doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void timesFinerThanAMicrosecondAreNotHashedAsIfTheyWereKept() {
        assertThatThrownBy(() -> AuditChain.hash(1, AT.plusNanos(1), "a", "b", "t", "1", null, null, AuditChain.GENESIS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AuditChain.link(1, AT.plusNanos(999), "a", "b", "t", "1", null, null, AuditChain.GENESIS).at())
                .isEqualTo(AT);
    }

    // ---- the check

    static List<AuditEvent> chain(int length) {
        List<AuditEvent> chain = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= length; i++) {
            AuditEvent event = AuditChain.link(i, AT.plusSeconds(i), "operator-" + i, "act", "thing", "id-" + i,
                    "{\"n\":" + (i - 1) + "}", "{\"n\":" + i + "}", previous);
            chain.add(event);
            previous = event.hash();
        }
        return chain;
    }

    static AuditVerification check(List<AuditEvent> events, long headSequence, String headHash) {
        AuditChainCheck check = new AuditChainCheck();
        events.forEach(check::accept);
        return check.finish(headSequence, headHash);
    }

    @Test
    void anIntactChainVerifies() {
        List<AuditEvent> chain = chain(5);
        AuditVerification verdict = check(chain, 5, chain.get(4).hash());
        assertThat(verdict.intact()).isTrue();
        assertThat(verdict.entriesChecked()).isEqualTo(5);
        assertThat(verdict.brokenAtSequence()).isNull();
        assertThat(check(List.of(), 0, AuditChain.GENESIS).intact()).isTrue();
    }

    @Test
    void aChangedEntryIsFound() {
        List<AuditEvent> chain = new ArrayList<>(chain(5));
        AuditEvent third = chain.get(2);
        chain.set(2, new AuditEvent(3, third.at(), third.actor(), third.action(), third.subjectType(), third.subjectId(),
                third.beforeJson(), "{\"n\":300}", third.previousHash(), third.hash()));
        AuditVerification verdict = check(chain, 5, chain.get(4).hash());
        assertThat(verdict.intact()).isFalse();
        assertThat(verdict.brokenAtSequence()).isEqualTo(3);
        assertThat(verdict.entriesChecked()).isEqualTo(2);
        assertThat(verdict.problem()).contains("changed");
    }

    @Test
    void aChangedEntryWithItsHashRecomputedBreaksTheNextLink() {
        List<AuditEvent> chain = new ArrayList<>(chain(5));
        AuditEvent third = chain.get(2);
        chain.set(2, AuditChain.link(3, third.at(), third.actor(), third.action(), third.subjectType(), third.subjectId(),
                third.beforeJson(), "{\"n\":300}", third.previousHash()));
        AuditVerification verdict = check(chain, 5, chain.get(4).hash());
        assertThat(verdict.brokenAtSequence()).isEqualTo(4);
        assertThat(verdict.problem()).contains("does not link to entry 3");
    }

    @Test
    void aRemovedEntryIsFound() {
        List<AuditEvent> chain = new ArrayList<>(chain(5));
        chain.remove(1);
        AuditVerification verdict = check(chain, 5, chain.get(3).hash());
        assertThat(verdict.brokenAtSequence()).isEqualTo(2);
        assertThat(verdict.problem()).contains("entry 2 is missing");
    }

    @Test
    void entriesRemovedFromTheEndAreFoundByTheHead() {
        List<AuditEvent> chain = chain(5);
        AuditVerification verdict = check(chain.subList(0, 3), 5, chain.get(4).hash());
        assertThat(verdict.intact()).isFalse();
        assertThat(verdict.brokenAtSequence()).isEqualTo(4);
        assertThat(verdict.problem()).contains("removed from the end");
    }

    @Test
    void swappedEntriesAreFound() {
        List<AuditEvent> chain = chain(5);
        AuditEvent second = chain.get(1);
        AuditEvent third = chain.get(2);
        // the two entries trade places (each takes the other's sequence number)
        List<AuditEvent> swapped = List.of(chain.get(0), renumbered(third, 2), renumbered(second, 3), chain.get(3),
                chain.get(4));
        AuditVerification verdict = check(swapped, 5, chain.get(4).hash());
        assertThat(verdict.brokenAtSequence()).isEqualTo(2);
        // and in stored order (sequence numbers kept, read back in another order) the sequence gives it away
        AuditVerification outOfOrder = check(List.of(chain.get(0), third, second, chain.get(3), chain.get(4)), 5,
                chain.get(4).hash());
        assertThat(outOfOrder.brokenAtSequence()).isEqualTo(2);
    }

    static AuditEvent renumbered(AuditEvent e, long sequence) {
        return new AuditEvent(sequence, e.at(), e.actor(), e.action(), e.subjectType(), e.subjectId(), e.beforeJson(),
                e.afterJson(), e.previousHash(), e.hash());
    }
}
