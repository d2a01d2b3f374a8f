package com.ledgerbridge.domain.reconciliation.matching;

import static com.ledgerbridge.domain.reconciliation.matching.Matching.cny;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class IncomingPaymentTest {

    @Test
    void aGatewayPaymentIsMatchedOnTheCompanysBusinessDay() {
        // 16:30 UTC on 30 November is 00:30 on 1 December in Shanghai
        PaymentEvent event = new PaymentEvent("alipay", "2026113022001:PAYMENT", PaymentEventType.PAYMENT, "2026113022001",
                "INV-000001", cny("113.00"), Instant.parse("2026-11-30T16:30:00Z"), "2088-buyer");

        IncomingPayment payment = IncomingPayment.of(event, ZoneId.of("Asia/Shanghai"), "passback text");

        assertThat(payment).isEqualTo(new IncomingPayment("alipay:2026113022001", cny("113.00"),
                LocalDate.of(2026, 12, 1), "2088-buyer", null, "INV-000001", "passback text"));
    }
}
