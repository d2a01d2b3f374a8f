package com.ledgerbridge.reconciliation;

import com.ledgerbridge.domain.payment.PaymentFacts;
import com.ledgerbridge.failure.NotFound;
import com.ledgerbridge.storage.PaymentStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One payment as finance sees it: its status, what was paid, refunded and disputed, what of that is booked, every
 * event that told us (webhook or bill) and every journal entry it produced. Called by
 * {@code GET /operations/payments/{gateway}/{tradeId}} (routes/reconciliation.camel.yaml).
 */
@Component
public class PaymentHistory {

    private final PaymentStore payments;

    public PaymentHistory(PaymentStore payments) {
        this.payments = payments;
    }

    public Map<String, Object> find(String gateway, String gatewayTradeId) {
        PaymentFacts facts = payments.find(gateway, gatewayTradeId).orElseThrow(() -> new NotFound(
                "no payment " + gatewayTradeId + " from " + gateway));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("gateway", facts.gateway());
        view.put("gatewayTradeId", facts.gatewayTradeId());
        view.put("merchantReference", facts.merchantReference());
        view.put("status", facts.status().name());
        view.put("currency", facts.currency().getCurrencyCode());
        view.put("paid", facts.paid().amount().toPlainString());
        view.put("paidAt", facts.paidAt() == null ? null : facts.paidAt().toString());
        view.put("refunded", facts.refunded().amount().toPlainString());
        view.put("dispute", facts.disputeId() == null ? null : Map.of("id", facts.disputeId(),
                "amount", facts.disputeAmount().amount().toPlainString(), "stage", facts.disputeStage().name()));
        view.put("closed", facts.closed());
        view.put("booked", Map.of("paid", facts.bookedPaid().amount().toPlainString(),
                "refunded", facts.bookedRefunded().amount().toPlainString(),
                "dispute", facts.bookedDisputeStage().name(),
                "heldAsCustomerCredit", facts.unapplied().amount().toPlainString()));
        view.put("events", payments.events(gateway, gatewayTradeId));
        view.put("journalEntries", payments.entries(facts.paymentKey()));
        return view;
    }
}
