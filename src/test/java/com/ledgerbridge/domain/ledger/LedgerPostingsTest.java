package com.ledgerbridge.domain.ledger;

import static com.ledgerbridge.domain.DomainFixtures.CNY;
import static com.ledgerbridge.domain.DomainFixtures.billableOrder;
import static com.ledgerbridge.domain.DomainFixtures.chart;
import static com.ledgerbridge.domain.DomainFixtures.cny;
import static com.ledgerbridge.domain.DomainFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.ledgerbridge.domain.invoicing.Invoice;
import com.ledgerbridge.domain.invoicing.InvoiceCalculator;
import com.ledgerbridge.domain.invoicing.TaxPolicy;
import com.ledgerbridge.domain.ledger.JournalLine.Side;
import com.ledgerbridge.domain.reconciliation.Allocation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class LedgerPostingsTest {

    static final LocalDate ISSUED = LocalDate.of(2026, 2, 3);
    final LedgerPostings postings = new LedgerPostings(chart());

    static Invoice invoice(String number, String taxRate) {
        InvoiceCalculator calc = new InvoiceCalculator(new TaxPolicy(new BigDecimal(taxRate), RoundingMode.HALF_UP), 30);
        // 2 x 50.00 = 100.00 net; at 13 % tax 13.00, gross 113.00
        return calc.invoiceFor(billableOrder(line(1, "2", "50.00")), number, ISSUED);
    }

    @Test
    void invoiceDebitsReceivableGrossAndCreditsRevenueNetAndVatTax() {
        JournalEntry e = postings.forInvoice(invoice("INV-2026-000001", "0.13"));

        assertThat(e.lines())
                .extracting(JournalLine::role, JournalLine::accountCode, JournalLine::side, JournalLine::amount)
                .containsExactly(
                        tuple(AccountRole.ACCOUNTS_RECEIVABLE, "1122", Side.DEBIT, cny("113.00")),
                        tuple(AccountRole.REVENUE, "6001", Side.CREDIT, cny("100.00")),
                        tuple(AccountRole.OUTPUT_VAT, "22210105", Side.CREDIT, cny("13.00")));
        assertThat(e.total(CNY)).isEqualTo(cny("113.00"));
        assertThat(e.sourceType()).isEqualTo(JournalEntry.SourceType.INVOICE);
        assertThat(e.sourceReference()).isEqualTo("INV-2026-000001");
        assertThat(e.entryDate()).isEqualTo(ISSUED);
        assertThat(e.description()).contains("INV-2026-000001").contains("C-42");
    }

    @Test
    void invoiceWithoutTaxHasNoVatLine() {
        JournalEntry e = postings.forInvoice(invoice("INV-2026-000002", "0"));
        assertThat(e.lines())
                .extracting(JournalLine::role, JournalLine::side, JournalLine::amount)
                .containsExactly(
                        tuple(AccountRole.ACCOUNTS_RECEIVABLE, Side.DEBIT, cny("100.00")),
                        tuple(AccountRole.REVENUE, Side.CREDIT, cny("100.00")));
    }

    @Test
    void invoiceIdempotencyKeyIsDeterministicFromTheInvoiceNumber() {
        JournalEntry first = postings.forInvoice(invoice("INV-2026-000001", "0.13"));
        JournalEntry again = new LedgerPostings(chart()).forInvoice(invoice("INV-2026-000001", "0.13"));
        JournalEntry other = postings.forInvoice(invoice("INV-2026-000002", "0.13"));

        assertThat(first.idempotencyKey()).isEqualTo("invoice:INV-2026-000001");
        assertThat(again.idempotencyKey()).isEqualTo(first.idempotencyKey());
        assertThat(again).isEqualTo(first);
        assertThat(other.idempotencyKey()).isNotEqualTo(first.idempotencyKey());
    }

    @Test
    void paymentAllocationDebitsGatewayClearingAndCreditsReceivable() {
        Allocation allocation = new Allocation("alipay:2026020322001", "INV-2026-000001", cny("50.00"),
                "exact-reference", "test");
        LocalDate paid = LocalDate.of(2026, 2, 10);

        JournalEntry e = postings.forPaymentAllocation(allocation, paid);

        assertThat(e.lines())
                .extracting(JournalLine::role, JournalLine::accountCode, JournalLine::side, JournalLine::amount)
                .containsExactly(
                        tuple(AccountRole.GATEWAY_CLEARING, "1012.01", Side.DEBIT, cny("50.00")),
                        tuple(AccountRole.ACCOUNTS_RECEIVABLE, "1122", Side.CREDIT, cny("50.00")));
        assertThat(e.sourceType()).isEqualTo(JournalEntry.SourceType.PAYMENT);
        assertThat(e.entryDate()).isEqualTo(paid);
        assertThat(e.idempotencyKey()).isEqualTo("payment:alipay:2026020322001->INV-2026-000001");
        assertThat(postings.forPaymentAllocation(allocation, paid).idempotencyKey()).isEqualTo(e.idempotencyKey());

        Allocation sameTradeOtherInvoice = new Allocation("alipay:2026020322001", "INV-2026-000002", cny("50.00"),
                "exact-reference", "test");
        assertThat(postings.forPaymentAllocation(sameTradeOtherInvoice, paid).idempotencyKey())
                .isNotEqualTo(e.idempotencyKey());
    }
}
