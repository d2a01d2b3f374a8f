package com.ledgerbridge.reports;

import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.failure.NotFound;
import com.ledgerbridge.security.OperatorIdentity;
import com.ledgerbridge.storage.AuditTrail;
import com.ledgerbridge.storage.InvoiceDisputes;
import com.ledgerbridge.storage.InvoiceDisputes.Dispute;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer disputes a line of their statement: the invoice is flagged with the reason, and its reminders are held
 * until an operator resolves the dispute. Every action is in the audit trail, in the action's own transaction.
 */
@Component
public class CustomerDisputes {

    private final InvoiceDisputes disputes;
    private final AuditTrail audit;
    private final OperatorIdentity operator;
    private final Clock clock;

    public CustomerDisputes(InvoiceDisputes disputes, AuditTrail audit, OperatorIdentity operator, Clock clock) {
        this.disputes = disputes;
        this.audit = audit;
        this.operator = operator;
        this.clock = clock;
    }

    /** What an operator sends: the disputed invoice and the customer's reason. */
    public record OpenRequest(String invoiceNumber, String reason) {
    }

    /** What resolving says: how it was settled. */
    public record ResolveRequest(String resolution) {
    }

    /**
     * Opens a dispute on an invoice; if it already has an open one, that one is answered ({@code created: false})
     * and nothing changes.
     */
    @Transactional
    public Map<String, Object> openFromJson(String body) {
        return open(read(body, OpenRequest.class));
    }

    @Transactional
    public Map<String, Object> resolveFromJson(Long disputeId, String body) {
        return resolve(disputeId, read(body, ResolveRequest.class));
    }

    private static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new BadInput("a JSON body is needed");
        }
        try {
            return JSON.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInput("the body is not the expected JSON: " + e.getOriginalMessage());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Transactional
    public Map<String, Object> open(OpenRequest request) {
        if (request == null || blank(request.invoiceNumber())) {
            throw new BadInput("invoiceNumber is needed");
        }
        if (blank(request.reason()) || request.reason().length() > 1000) {
            throw new BadInput("reason is needed (up to 1000 characters): what the customer says is wrong");
        }
        InvoiceDisputes.InvoiceRef invoice = disputes.invoice(request.invoiceNumber().trim()).orElseThrow(
                () -> new NotFound("no invoice " + request.invoiceNumber()));
        String actor = operator.current();
        InvoiceDisputes.OpenResult result = disputes.open(invoice, request.reason().trim(), actor,
                Instant.now(clock));
        if (result.created()) {
            audit.append(actor, "receivables.dispute.open", "invoice", invoice.invoiceNumber(), null,
                    view(result.dispute()));
        }
        Map<String, Object> answer = view(result.dispute());
        answer.put("created", result.created());
        return answer;
    }

    /** Resolves an open dispute; the invoice's reminders resume. Resolving a resolved one changes nothing. */
    @Transactional
    public Map<String, Object> resolve(Long disputeId, ResolveRequest request) {
        if (disputeId == null) {
            throw new BadInput("a dispute id is needed");
        }
        if (request == null || blank(request.resolution()) || request.resolution().length() > 1000) {
            throw new BadInput("resolution is needed (up to 1000 characters): how the dispute was settled");
        }
        Dispute before = disputes.lock(disputeId).orElseThrow(() -> new NotFound("no dispute " + disputeId));
        if (!"OPEN".equals(before.status())) {
            Map<String, Object> answer = view(before);
            answer.put("changed", false);
            return answer;
        }
        String actor = operator.current();
        Dispute after = disputes.resolve(disputeId, request.resolution().trim(), actor, Instant.now(clock));
        audit.append(actor, "receivables.dispute.resolve", "invoice", after.invoiceNumber(), view(before),
                view(after));
        Map<String, Object> answer = view(after);
        answer.put("changed", true);
        return answer;
    }

    public List<Map<String, Object>> forCustomer(String customerId, Boolean openOnly) {
        return disputes.forCustomer(customerId, Boolean.TRUE.equals(openOnly)).stream().map(CustomerDisputes::view)
                .toList();
    }

    static Map<String, Object> view(Dispute d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", d.id());
        v.put("invoiceNumber", d.invoiceNumber());
        v.put("customerId", d.customerId());
        v.put("status", d.status());
        v.put("reason", d.reason());
        v.put("openedBy", d.openedBy());
        v.put("openedAt", d.openedAt().toString());
        v.put("resolution", d.resolution());
        v.put("resolvedBy", d.resolvedBy());
        v.put("resolvedAt", d.resolvedAt() == null ? null : d.resolvedAt().toString());
        return v;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
