package com.ledgerbridge.ledger;

import com.ledgerbridge.security.OperatorIdentity;
import com.ledgerbridge.storage.AuditTrail;
import com.ledgerbridge.storage.JournalOutbox;
import com.ledgerbridge.storage.JournalOutbox.DeadEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What operators do about DEAD journal entries (refused by the target, or out of retries): list them with
 * their reason, and after fixing the cause send them round again. Called by the operations endpoints in
 * routes/ledger-posting.camel.yaml.
 */
@Component
public class LedgerDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(LedgerDeadLetters.class);

    /** The list answers at most this many, oldest first; a re-drive takes them all. */
    static final int LIST_LIMIT = 1000;

    private final JournalOutbox outbox;
    private final AuditTrail audit;
    private final OperatorIdentity operator;

    public LedgerDeadLetters(JournalOutbox outbox, AuditTrail audit, OperatorIdentity operator) {
        this.outbox = outbox;
        this.audit = audit;
        this.operator = operator;
    }

    /** DEAD entries with the reason and the attempts made, oldest first. */
    public List<DeadEntry> list() {
        return outbox.deadEntries(LIST_LIMIT);
    }

    /**
     * Every DEAD entry back to PENDING, due now, with a fresh round of retries: {@code {"redriven": n}}. The audit
     * trail records who did it and which entries, in the same transaction.
     */
    @Transactional
    public Map<String, Integer> redrive() {
        List<Long> redriven = outbox.redriveDeadNamed();
        String actor = operator.current();
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("postingStatus", "DEAD");
        before.put("journalEntryIds", redriven);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("postingStatus", "PENDING");
        after.put("attempts", 0);
        after.put("redriven", redriven.size());
        audit.append(actor, "ledger.dead-letters.redrive", "journal_entry", "dead-letters", before, after);
        log.info("{} re-drove {} dead journal entries", actor, redriven.size());
        return Map.of("redriven", redriven.size());
    }
}
