package com.ledgerbridge.domain.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.workbench.SuggestionScore.OpenInvoice;
import com.ledgerbridge.domain.workbench.SuggestionScore.Suggestion;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionScoreTest {

    final OpenInvoice byReference = new OpenInvoice(3, "INV-2026-0003", "SO-3", "other", new BigDecimal("70.00"));
    final OpenInvoice sameCustomerSameAmount = new OpenInvoice(2, "INV-2026-0002", "SO-2", "cust-1", new BigDecimal("100.00"));
    final OpenInvoice sameCustomer = new OpenInvoice(1, "INV-2026-0001", "SO-1", "cust-1", new BigDecimal("500.00"));
    final OpenInvoice unrelated = new OpenInvoice(4, "INV-2026-0004", "SO-4", "other", new BigDecimal("900.00"));

    @Test
    void referenceOutranksCustomerWhichOutranksAmountAndUnrelatedInvoicesAreLeftOut() {
        List<Suggestion> top = SuggestionScore.top("inv 2026-0003", "cust-1", new BigDecimal("100.00"),
                List.of(unrelated, sameCustomer, sameCustomerSameAmount, byReference), 3);
        assertThat(top).extracting(Suggestion::invoiceNumber)
                .containsExactly("INV-2026-0003", "INV-2026-0002", "INV-2026-0001");
        assertThat(top.get(0).score()).isEqualTo(100);
        assertThat(top.get(1).score()).isEqualTo(80);
        assertThat(top.get(1).why()).contains("same customer", "amount equals the outstanding balance");
    }

    @Test
    void equalScoresAreOrderedByInvoiceIdWhateverTheInputOrder() {
        OpenInvoice a = new OpenInvoice(7, "A", "x", "cust-1", new BigDecimal("5"));
        OpenInvoice b = new OpenInvoice(6, "B", "y", "cust-1", new BigDecimal("5"));
        assertThat(SuggestionScore.top(null, "cust-1", BigDecimal.ONE, List.of(a, b), 5))
                .extracting(Suggestion::invoiceId).containsExactly(6L, 7L);
        assertThat(SuggestionScore.top(null, "cust-1", BigDecimal.ONE, List.of(b, a), 5))
                .extracting(Suggestion::invoiceId).containsExactly(6L, 7L);
    }
}
