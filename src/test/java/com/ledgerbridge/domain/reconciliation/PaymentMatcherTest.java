package com.ledgerbridge.domain.reconciliation;

import static com.ledgerbridge.domain.DomainFixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentMatcherTest {

    final PaymentMatcher matcher = new PaymentMatcher();

    static PaymentEvent payment(PaymentEventType type, String reference, Money amount) {
        return new PaymentEvent("alipay", "2026021022001:" + type, type, "2026021022001", reference, amount,
                Instant.parse("2026-02-10T03:15:00Z"), "buyer-1");
    }

    static PaymentEvent payment(String reference, Money amount) {
        return payment(PaymentEventType.PAYMENT, reference, amount);
    }

    static Optional<OpenInvoice> invoice(String gross, String allocatedSoFar) {
        return Optional.of(new OpenInvoice("INV-1", "C-42", cny(gross), cny(allocatedSoFar)));
    }

    static MatchDecision.Matched matched(MatchDecision d) {
        assertThat(d).isInstanceOf(MatchDecision.Matched.class);
        return (MatchDecision.Matched) d;
    }

    static MatchDecision.Unmatched unmatched(MatchDecision d, ExceptionReason reason) {
        assertThat(d).isInstanceOf(MatchDecision.Unmatched.class);
        MatchDecision.Unmatched u = (MatchDecision.Unmatched) d;
        assertThat(u.reason()).isEqualTo(reason);
        return u;
    }

    @Test
    void fullPaymentSettlesTheInvoice() {
        MatchDecision.Matched m = matched(matcher.match(payment("INV-1", cny("113.00")), invoice("113.00", "0.00")));
        assertThat(m.settlesInvoice()).isTrue();
        Allocation a = m.allocation();
        assertThat(a.paymentKey()).isEqualTo("alipay:2026021022001");
        assertThat(a.invoiceNumber()).isEqualTo("INV-1");
        assertThat(a.amount()).isEqualTo(cny("113.00"));
        assertThat(a.rule()).isEqualTo(MatchRule.EXACT_REFERENCE);
        assertThat(a.evidence()).contains("'INV-1'").contains("113.00 CNY");
    }

    @Test
    void partialPaymentIsAppliedButDoesNotSettle() {
        MatchDecision.Matched m = matched(matcher.match(payment("INV-1", cny("50.00")), invoice("113.00", "0.00")));
        assertThat(m.settlesInvoice()).isFalse();
        assertThat(m.allocation().amount()).isEqualTo(cny("50.00"));
        assertThat(m.allocation().evidence())
                .contains("INV-1")
                .contains("paid 50.00 CNY")
                .contains("outstanding 113.00 CNY")
                .contains("invoice total 113.00 CNY");
    }

    @Test
    void paymentOfTheRemainderAfterAPartialSettles() {
        MatchDecision.Matched m = matched(matcher.match(payment("INV-1", cny("63.00")), invoice("113.00", "50.00")));
        assertThat(m.settlesInvoice()).isTrue();
        assertThat(m.allocation().evidence()).contains("paid 63.00 CNY").contains("outstanding 63.00 CNY")
                .contains("invoice total 113.00 CNY");
    }

    @Test
    void overPaymentIsAnException() {
        MatchDecision.Unmatched u = unmatched(
                matcher.match(payment("INV-1", cny("113.01")), invoice("113.00", "0.00")),
                ExceptionReason.AMOUNT_EXCEEDS_OUTSTANDING);
        assertThat(u.detail()).contains("113.01 CNY").contains("113.00 CNY").contains("INV-1");
    }

    @Test
    void overPaymentOfTheRemainderIsAnException() {
        MatchDecision.Unmatched u = unmatched(
                matcher.match(payment("INV-1", cny("100.00")), invoice("113.00", "50.00")),
                ExceptionReason.AMOUNT_EXCEEDS_OUTSTANDING);
        assertThat(u.detail()).contains("100.00 CNY").contains("outstanding 63.00 CNY");
    }

    @Test
    void zeroOrNegativePaymentIsAnExceptionNotACrash() {
        unmatched(matcher.match(payment("INV-1", cny("0.00")), invoice("113.00", "0.00")),
                ExceptionReason.NON_POSITIVE_AMOUNT);
        // a negative payment cannot even be stated: events carry amounts that are never negative
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> payment("INV-1", cny("-5.00")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never negative");
    }

    @Test
    void unknownInvoiceIsAnException() {
        MatchDecision.Unmatched u = unmatched(matcher.match(payment("INV-404", cny("10.00")), Optional.empty()),
                ExceptionReason.UNKNOWN_INVOICE);
        assertThat(u.detail()).contains("INV-404");
    }

    @Test
    void paymentInAnotherCurrencyIsAnException() {
        MatchDecision.Unmatched u = unmatched(
                matcher.match(payment("INV-1", Money.of("113.00", "USD")), invoice("113.00", "0.00")),
                ExceptionReason.CURRENCY_MISMATCH);
        assertThat(u.detail()).contains("USD").contains("CNY").contains("INV-1");
    }

    @Test
    void paymentOnASettledInvoiceIsAnException() {
        MatchDecision.Unmatched u = unmatched(
                matcher.match(payment("INV-1", cny("0.01")), invoice("113.00", "113.00")),
                ExceptionReason.INVOICE_ALREADY_SETTLED);
        assertThat(u.detail()).contains("INV-1").contains("0.01 CNY");
    }

    @Test
    void refundIsNotReconciledAutomatically() {
        // even with a matching open invoice, a refund is not applied
        MatchDecision.Unmatched u = unmatched(
                matcher.match(payment(PaymentEventType.REFUND_TOTAL, "INV-1", cny("10.00")), invoice("113.00", "0.00")),
                ExceptionReason.UNSUPPORTED_EVENT_TYPE);
        assertThat(u.detail()).contains("REFUND");
    }
}
