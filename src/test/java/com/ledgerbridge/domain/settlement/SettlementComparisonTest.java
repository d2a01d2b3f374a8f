package com.ledgerbridge.domain.settlement;

import static com.ledgerbridge.domain.DomainFixtures.cny;
import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The three-way rules on hand-made trades of bill day 2026-11-20 in Asia/Shanghai (16:00Z on the 19th to 16:00Z on
 * the 20th). Expected keys and amounts are written out by hand, not computed with the code under test.
 */
class SettlementComparisonTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final SettlementDay BILL_DAY = new SettlementDay("testpay", DAY, ZoneId.of("Asia/Shanghai"));
    final SettlementComparison comparison = new SettlementComparison();

    static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    static BillLine line(String key, LocalDate date, BillLineKind kind, String movementId, String amount, String when) {
        return new BillLine("testpay", date, 2, key, kind, "T1", "INV-1", movementId, cny(amount), cny("0.00"), at(when));
    }

    static BillLine payment(String amount) {
        return line("L-PAY", DAY, BillLineKind.PAYMENT, null, amount, "2026-11-20T10:00:00+08:00");
    }

    static InboxObservation webhook(PaymentEventType type, String key, String amount, String when, String movementId) {
        return new InboxObservation("T1", key, type, cny(amount), at(when), movementId, "INV-1", false);
    }

    static InboxObservation fromBill(PaymentEventType type, String key, String amount, String when) {
        return new InboxObservation("T1", key, type, cny(amount), at(when), null, "INV-1", true);
    }

    static InboxObservation webhookPayment(String amount) {
        return webhook(PaymentEventType.PAYMENT, "T1:PAYMENT", amount, "2026-11-20T10:00:01+08:00", null);
    }

    static BookedPayment booked(String paid, String refunded) {
        return new BookedPayment("T1", cny(paid), cny(refunded), "NONE");
    }

    TradeVerdict judge(List<BillLine> bill, List<InboxObservation> inbox, BookedPayment books, boolean unposted) {
        Optional<TradeVerdict> verdict = comparison.compare(BILL_DAY, new TradeFacts("T1", bill, inbox, books, unposted));
        assertThat(verdict).isPresent();
        return verdict.get();
    }

    @Test
    void allThreeAgreeIsMatched() {
        TradeVerdict v = judge(List.of(payment("100.00")), List.of(webhookPayment("100.00")), booked("100.00", "0.00"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.MATCHED);
        assertThat(v.heals()).isEmpty();
        assertThat(v.discrepancy()).isNull();
    }

    @Test
    void aPaymentNoWebhookDeliveredIsHealedUnderTheWebhooksKey() {
        TradeVerdict v = judge(List.of(payment("100.00")), List.of(), null, false);

        assertThat(v.outcome()).isEqualTo(SettlementOutcome.MISSING_NOTIFICATION);
        assertThat(v.heals()).hasSize(1);
        PaymentEvent healed = v.heals().get(0).event();
        assertThat(healed.eventKey()).isEqualTo("T1:PAYMENT");
        assertThat(healed.type()).isEqualTo(PaymentEventType.PAYMENT);
        assertThat(healed.amount()).isEqualTo(cny("100.00"));
        assertThat(healed.occurredAt()).isEqualTo(at("2026-11-20T02:00:00Z"));
        assertThat(healed.merchantReference()).isEqualTo("INV-1");
        assertThat(healed.gateway()).isEqualTo("testpay");
        assertThat(v.heals().get(0).evidence()).contains("L-PAY");
        assertThat(v.discrepancy().billAmount()).isEqualTo(cny("100.00"));
        assertThat(v.discrepancy().inboxAmount()).isNull();
    }

    @Test
    void onceHealedTheTradeStaysMissingNotificationAndIsNotHealedAgain() {
        TradeVerdict v = judge(List.of(payment("100.00")),
                List.of(fromBill(PaymentEventType.PAYMENT, "T1:PAYMENT", "100.00", "2026-11-20T10:00:00+08:00")),
                booked("100.00", "0.00"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.MISSING_NOTIFICATION);
        assertThat(v.heals()).isEmpty();
    }

    @Test
    void refundsMissingFromTheWebhooksAreHealedWithTheSumOfEveryBillRefundLine() {
        LocalDate before = DAY.minusDays(1);
        List<BillLine> bill = List.of(
                line("L-PAY", before, BillLineKind.PAYMENT, null, "100.00", "2026-11-19T09:00:00+08:00"),
                line("L-R1", before, BillLineKind.REFUND, "R1", "30.00", "2026-11-19T12:00:00+08:00"),
                line("L-R2", DAY, BillLineKind.REFUND, "R2", "20.00", "2026-11-20T11:00:00+08:00"));
        List<InboxObservation> inbox = List.of(
                webhook(PaymentEventType.PAYMENT, "T1:PAYMENT", "100.00", "2026-11-19T09:00:01+08:00", null),
                webhook(PaymentEventType.REFUND_TOTAL, "T1:REFUNDED_TO:3000", "30.00", "2026-11-19T12:00:01+08:00", null));

        TradeVerdict v = judge(bill, inbox, booked("100.00", "30.00"), false);

        assertThat(v.outcome()).isEqualTo(SettlementOutcome.MISSING_NOTIFICATION);
        assertThat(v.heals()).hasSize(1);
        PaymentEvent healed = v.heals().get(0).event();
        assertThat(healed.type()).isEqualTo(PaymentEventType.REFUND_TOTAL);
        assertThat(healed.eventKey()).isEqualTo("T1:REFUNDED_TO:5000");
        assertThat(healed.amount()).isEqualTo(cny("50.00"));
        assertThat(healed.occurredAt()).isEqualTo(at("2026-11-20T03:00:00Z"));
        assertThat(v.discrepancy().detail()).contains("50.00 CNY").contains("30.00 CNY");
    }

    @Test
    void individualRefundsAddUpAgainstTheBill() {
        List<BillLine> bill = List.of(payment("100.00"),
                line("L-R1", DAY, BillLineKind.REFUND, "R1", "20.00", "2026-11-20T11:00:00+08:00"),
                line("L-R2", DAY, BillLineKind.REFUND, "R2", "30.00", "2026-11-20T12:00:00+08:00"));
        List<InboxObservation> inbox = List.of(webhookPayment("100.00"),
                webhook(PaymentEventType.REFUND, "T1:REFUND:R1", "20.00", "2026-11-20T11:00:01+08:00", "R1"),
                webhook(PaymentEventType.REFUND, "T1:REFUND:R2", "30.00", "2026-11-20T12:00:01+08:00", "R2"));
        TradeVerdict v = judge(bill, inbox, booked("100.00", "50.00"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.MATCHED);
        assertThat(v.heals()).isEmpty();
    }

    @Test
    void aRefundNotifiedAfterTheBillDayBelongsToALaterBill() {
        List<InboxObservation> inbox = List.of(webhookPayment("100.00"),
                webhook(PaymentEventType.REFUND_TOTAL, "T1:REFUNDED_TO:3000", "30.00", "2026-11-21T00:10:00+08:00", null));
        TradeVerdict v = judge(List.of(payment("100.00")), inbox, booked("100.00", "30.00"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.MATCHED);
    }

    @Test
    void aRefundNotifiedOnTheBillDayThatTheBillLacksIsAnAmountMismatch() {
        List<InboxObservation> inbox = List.of(webhookPayment("100.00"),
                webhook(PaymentEventType.REFUND_TOTAL, "T1:REFUNDED_TO:3000", "30.00", "2026-11-20T23:59:00+08:00", null));
        TradeVerdict v = judge(List.of(payment("100.00")), inbox, booked("100.00", "30.00"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.AMOUNT_MISMATCH);
        assertThat(v.discrepancy().billAmount()).isEqualTo(cny("0.00"));
        assertThat(v.discrepancy().inboxAmount()).isEqualTo(cny("30.00"));
        assertThat(v.heals()).isEmpty();
    }

    @Test
    void differentPaidAmountsAreAnAmountMismatch() {
        TradeVerdict v = judge(List.of(payment("100.00")), List.of(webhookPayment("90.00")), booked("90.00", "0.00"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.AMOUNT_MISMATCH);
        assertThat(v.discrepancy().billAmount()).isEqualTo(cny("100.00"));
        assertThat(v.discrepancy().inboxAmount()).isEqualTo(cny("90.00"));
        // the books lag the bill too: listed in the detail, not the outcome
        assertThat(v.discrepancy().detail()).contains("paid: bill 100.00 CNY, inbox 90.00 CNY").contains("booked 90.00 CNY");
        assertThat(v.heals()).isEmpty();
    }

    @Test
    void aWebhookOfTheDayForATradeNotOnTheBillIsNotInBill() {
        InboxObservation justAfterMidnight = webhook(PaymentEventType.PAYMENT, "T1:PAYMENT", "88.00",
                "2026-11-19T16:30:00Z", null);
        TradeVerdict v = judge(List.of(), List.of(justAfterMidnight), booked("88.00", "0.00"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.NOT_IN_BILL);
        assertThat(v.discrepancy().inboxAmount()).isEqualTo(cny("88.00"));
        assertThat(v.discrepancy().billAmount()).isNull();
        assertThat(v.discrepancy().bookedAmount()).isEqualTo(cny("88.00"));
        assertThat(v.discrepancy().detail()).contains("2026-11-20T00:30");
    }

    @Test
    void webhooksOutsideTheBillDayOrMovingNoMoneyAreNoTradeOfTheDay() {
        InboxObservation nextDay = webhook(PaymentEventType.PAYMENT, "T1:PAYMENT", "88.00", "2026-11-20T16:30:00Z", null);
        InboxObservation closed = webhook(PaymentEventType.CLOSED, "T1:CLOSED", "0.00", "2026-11-20T12:00:00+08:00", null);
        InboxObservation healed = fromBill(PaymentEventType.PAYMENT, "T1:PAYMENT", "88.00", "2026-11-20T12:00:00+08:00");
        for (InboxObservation o : List.of(nextDay, closed, healed)) {
            assertThat(comparison.compare(BILL_DAY, new TradeFacts("T1", List.of(), List.of(o), null, false))).isEmpty();
        }
    }

    @Test
    void payoutsAndFeeLinesAreNoTrades() {
        BillLine payout = new BillLine("testpay", DAY, 9, "L-PO", BillLineKind.PAYOUT, "po_1", null, "po_1",
                cny("500.00"), cny("0.00"), at("2026-11-20T18:00:00+08:00"));
        assertThat(comparison.compare(BILL_DAY, new TradeFacts("po_1", List.of(payout), List.of(), null, false))).isEmpty();
    }

    @Test
    void theBooksLaggingIsNotBooked() {
        TradeVerdict unbooked = judge(List.of(payment("100.00")), List.of(webhookPayment("100.00")), booked("0.00", "0.00"),
                false);
        assertThat(unbooked.outcome()).isEqualTo(SettlementOutcome.NOT_BOOKED);
        assertThat(unbooked.discrepancy().bookedAmount()).isEqualTo(cny("0.00"));
        assertThat(unbooked.discrepancy().billAmount()).isEqualTo(cny("100.00"));

        TradeVerdict noPayment = judge(List.of(payment("100.00")), List.of(webhookPayment("100.00")), null, false);
        assertThat(noPayment.outcome()).isEqualTo(SettlementOutcome.NOT_BOOKED);

        TradeVerdict unposted = judge(List.of(payment("100.00")), List.of(webhookPayment("100.00")), booked("100.00", "0.00"),
                true);
        assertThat(unposted.outcome()).isEqualTo(SettlementOutcome.NOT_BOOKED);
        assertThat(unposted.discrepancy().detail()).contains("not yet posted");
    }

    @Test
    void webhooksSayingClosedUnpaidAgainstAPaidBillIsAStatusMismatchStillHealed() {
        InboxObservation closed = webhook(PaymentEventType.CLOSED, "T1:CLOSED", "0.00", "2026-11-20T09:00:00+08:00", null);
        TradeVerdict v = judge(List.of(payment("100.00")), List.of(closed), null, false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.STATUS_MISMATCH);
        assertThat(v.heals()).extracting(h -> h.event().eventKey()).containsExactly("T1:PAYMENT");
        assertThat(v.discrepancy().detail()).contains("closed unpaid").contains("never notified");
    }

    @Test
    void aDisputeNoWebhookDeliveredIsHealedWithItsId() {
        List<BillLine> bill = List.of(payment("100.00"),
                line("L-DP", DAY, BillLineKind.DISPUTE, "dp_1", "100.00", "2026-11-20T15:00:00+08:00"));
        TradeVerdict v = judge(bill, List.of(webhookPayment("100.00")), booked("100.00", "0.00"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.MISSING_NOTIFICATION);
        assertThat(v.heals()).hasSize(1);
        PaymentEvent healed = v.heals().get(0).event();
        assertThat(healed.eventKey()).isEqualTo("T1:DISPUTE:dp_1:OPENED");
        assertThat(healed.type()).isEqualTo(PaymentEventType.DISPUTE_OPENED);
        assertThat(healed.movementId()).isEqualTo("dp_1");
        assertThat(healed.amount()).isEqualTo(cny("100.00"));
    }

    @Test
    void aNotifiedDisputeIsFoundByItsKeyEvenWithoutItsMovementId() {
        List<BillLine> bill = List.of(payment("100.00"),
                line("L-DP", DAY, BillLineKind.DISPUTE, "dp_1", "100.00", "2026-11-20T15:00:00+08:00"));
        List<InboxObservation> inbox = List.of(webhookPayment("100.00"),
                webhook(PaymentEventType.DISPUTE_OPENED, "T1:DISPUTE:dp_1:OPENED", "100.00", "2026-11-20T15:00:01+08:00", null));
        TradeVerdict v = judge(bill, inbox, new BookedPayment("T1", cny("100.00"), cny("0.00"), "OPENED"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.MATCHED);
        assertThat(v.heals()).isEmpty();

        TradeVerdict unbooked = judge(bill, inbox, booked("100.00", "0.00"), false);
        assertThat(unbooked.outcome()).isEqualTo(SettlementOutcome.NOT_BOOKED);
        assertThat(unbooked.discrepancy().detail()).contains("dispute dp_1 not booked");
    }

    @Test
    void aReversalTheWebhooksCalledLostIsAStatusMismatchNotHealed() {
        List<BillLine> bill = List.of(payment("100.00"),
                line("L-DP", DAY, BillLineKind.DISPUTE, "dp_1", "100.00", "2026-11-20T15:00:00+08:00"),
                line("L-DR", DAY, BillLineKind.DISPUTE_REVERSAL, "dp_1", "100.00", "2026-11-20T16:00:00+08:00"));
        List<InboxObservation> inbox = new ArrayList<>(List.of(webhookPayment("100.00"),
                webhook(PaymentEventType.DISPUTE_OPENED, "T1:DISPUTE:dp_1:OPENED", "100.00", "2026-11-20T15:00:01+08:00", "dp_1"),
                webhook(PaymentEventType.DISPUTE_LOST, "T1:DISPUTE:dp_1:LOST", "100.00", "2026-11-20T16:00:01+08:00", "dp_1")));
        TradeVerdict v = judge(bill, inbox, new BookedPayment("T1", cny("100.00"), cny("0.00"), "LOST"), false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.STATUS_MISMATCH);
        assertThat(v.heals()).isEmpty();
    }

    @Test
    void theMostSeriousOutcomeWinsAndTheDetailListsEveryProblem() {
        // paid differs (AMOUNT), a refund was never notified (MISSING), and nothing is booked (NOT_BOOKED)
        List<BillLine> bill = List.of(payment("100.00"),
                line("L-R1", DAY, BillLineKind.REFUND, "R1", "10.00", "2026-11-20T11:00:00+08:00"));
        TradeVerdict v = judge(bill, List.of(webhookPayment("99.00")), null, false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.AMOUNT_MISMATCH);
        assertThat(v.heals()).extracting(h -> h.event().eventKey()).containsExactly("T1:REFUNDED_TO:1000");
        assertThat(v.discrepancy().detail()).contains("paid").contains("refunds of 10.00 CNY").contains("no payment");
    }

    @Test
    void aTradeWhoseLinesAreInSeveralCurrenciesIsNotSummed() {
        BillLine usd = new BillLine("testpay", DAY, 3, "L-R1", BillLineKind.REFUND, "T1", null, "R1",
                Money.of("5.00", "USD"), Money.of("0.00", "USD"), at("2026-11-20T11:00:00+08:00"));
        TradeVerdict v = judge(List.of(payment("100.00"), usd), List.of(webhookPayment("100.00")), booked("100.00", "0.00"),
                false);
        assertThat(v.outcome()).isEqualTo(SettlementOutcome.AMOUNT_MISMATCH);
        assertThat(v.discrepancy().detail()).contains("CNY, USD");
        assertThat(v.heals()).isEmpty();
    }
}
