package com.ledgerbridge.gateway.wechatpay;

import static com.ledgerbridge.gateway.wechatpay.WechatPaySdkOracle.NOW;
import static com.ledgerbridge.gateway.wechatpay.WechatPaySdkOracle.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.gateway.WebhookAnswer;
import com.ledgerbridge.gateway.WebhookOutcome;
import com.ledgerbridge.gateway.WebhookVerdict;
import com.ledgerbridge.simulators.WechatPayNotifier;
import com.ledgerbridge.simulators.WechatPayNotifier.Notification;
import org.junit.jupiter.api.Test;

/**
 * What our gateway makes of genuine (correctly signed) notifications whose content it must judge, and what it
 * answers WeChat Pay for each outcome.
 */
class WechatPayGatewayTest {

    static final String TX = "4200000001202601160000000001";
    final WechatPayGateway gateway = WechatPaySdkOracle.gateway(WechatPaySdkOracle.publicKeyProperties());

    static Notification signed(String eventType, String resource, String associatedData) {
        return WechatPayNotifier.signed(WechatPayNotifier.envelope(eventType, resource, associatedData,
                WechatPayNotifier.API_V3_KEY), WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW);
    }

    static Notification signedBody(String body) {
        return WechatPayNotifier.signed(body, WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW);
    }

    static ObjectNode tx() {
        return WechatPayNotifier.transaction(TX, "INV-9", 500, "CNY", "2026-01-16T22:43:59+08:00");
    }

    String reason(Notification n) {
        WebhookVerdict verdict = gateway.read(request(n));
        assertThat(verdict).isInstanceOf(WebhookVerdict.Rejected.class);
        return ((WebhookVerdict.Rejected) verdict).reason();
    }

    WebhookVerdict.Accepted accepted(Notification n) {
        WebhookVerdict verdict = gateway.read(request(n));
        assertThat(verdict).isInstanceOf(WebhookVerdict.Accepted.class);
        return (WebhookVerdict.Accepted) verdict;
    }

    @Test
    void aPaymentNotificationWhoseTradeStateIsNotSuccessIsRefused() {
        assertThat(reason(signed("TRANSACTION.SUCCESS", tx().put("trade_state", "NOTPAY").toString(), "transaction")))
                .isEqualTo("UNEXPECTED_STATE");
    }

    @Test
    void closedAndAbnormalRefundsMoveNoMoneyAndAreAcknowledged() {
        for (String type : new String[] {"REFUND.CLOSED", "REFUND.ABNORMAL"}) {
            String status = type.substring("REFUND.".length());
            ObjectNode refund = WechatPayNotifier.refund(TX, "INV-9", "503002", status, 500, 500, null);
            WebhookVerdict.Accepted verdict = accepted(signed(type, refund.toString(), "refund"));
            assertThat(verdict.events()).as(type).isEmpty();
            assertThat(verdict.reference()).isEqualTo("INV-9");
        }
    }

    @Test
    void aRefundSuccessWhoseStatusIsNotSuccessIsRefused() {
        ObjectNode refund = WechatPayNotifier.refund(TX, "INV-9", "503002", "PROCESSING", 500, 500,
                "2026-01-16T23:00:00+08:00");
        assertThat(reason(signed("REFUND.SUCCESS", refund.toString(), "refund"))).isEqualTo("UNEXPECTED_STATE");
    }

    @Test
    void aRefundOfMoreThanThePaymentIsRefused() {
        ObjectNode refund = WechatPayNotifier.refund(TX, "INV-9", "503002", "SUCCESS", 500, 501,
                "2026-01-16T23:00:00+08:00");
        assertThat(reason(signed("REFUND.SUCCESS", refund.toString(), "refund"))).isEqualTo("INVALID_AMOUNT");
    }

    @Test
    void otherEventTypesAreAcknowledgedWithoutEventsOrDecryption() {
        WebhookVerdict.Accepted verdict = accepted(signed("MCHTRANSFER.BILL.FINISHED", "{}", "mch_payment"));
        assertThat(verdict.events()).isEmpty();
        assertThat(gateway.answer(WebhookOutcome.NO_MONEY_MOVED).status()).isEqualTo(204);
    }

    @Test
    void amountsThatAreNotWholeNonNegativeMinorUnitsAreRefused() {
        for (String total : new String[] {"\"500\"", "5.00", "-1", "null", "1e2"}) {
            String resource = tx().toString().replace("\"total\":500", "\"total\":" + total);
            assertThat(resource).contains("\"total\":" + total);
            assertThat(reason(signed("TRANSACTION.SUCCESS", resource, "transaction"))).as(total).isEqualTo("INVALID_AMOUNT");
        }
        ObjectNode unknownCurrency = tx();
        ((ObjectNode) unknownCurrency.get("amount")).put("currency", "XXY");
        assertThat(reason(signed("TRANSACTION.SUCCESS", unknownCurrency.toString(), "transaction")))
                .isEqualTo("INVALID_AMOUNT");
    }

    @Test
    void anAmountWithoutCurrencyIsInYuanFen() {
        ObjectNode noCurrency = tx();
        ((ObjectNode) noCurrency.get("amount")).remove("currency");
        assertThat(accepted(signed("TRANSACTION.SUCCESS", noCurrency.toString(), "transaction")).events().get(0).amount())
                .isEqualTo(Money.of("5.00", "CNY"));
    }

    @Test
    void missingOrMalformedFieldsAreRefusedWithTheirReason() {
        ObjectNode noTime = tx();
        noTime.remove("success_time");
        assertThat(reason(signed("TRANSACTION.SUCCESS", noTime.toString(), "transaction"))).isEqualTo("MISSING_FIELD");
        assertThat(reason(signed("TRANSACTION.SUCCESS", tx().put("success_time", "2026-01-16 22:43:59").toString(),
                "transaction"))).isEqualTo("INVALID_TIME");
        ObjectNode noId = tx();
        noId.remove("transaction_id");
        assertThat(reason(signed("TRANSACTION.SUCCESS", noId.toString(), "transaction"))).isEqualTo("MISSING_FIELD");
        assertThat(reason(signed("TRANSACTION.SUCCESS", "not json", "transaction"))).isEqualTo("MALFORMED_BODY");
    }

    @Test
    void envelopeProblemsAreRefusedWithTheirReason() {
        String body = WechatPayNotifier.envelope("TRANSACTION.SUCCESS", tx().toString(), "transaction",
                WechatPayNotifier.API_V3_KEY);
        assertThat(reason(signedBody(body.replace("AEAD_AES_256_GCM", "AEAD_SM4_GCM")))).isEqualTo("UNSUPPORTED_ALGORITHM");
        assertThat(reason(signedBody(body.replace("\"resource\":", "\"resourcex\":")))).isEqualTo("MISSING_RESOURCE");
        assertThat(reason(signedBody(body.replace("\"ciphertext\":", "\"ciphertextx\":")))).isEqualTo("MISSING_RESOURCE");
        assertThat(reason(signedBody(body.replace("\"id\":", "\"idx\":")))).isEqualTo("MALFORMED_BODY");
        assertThat(reason(signedBody("[1,2]"))).isEqualTo("MALFORMED_BODY");
        // the same key twice: which one would count?
        assertThat(reason(signedBody(body.replace("{\"id\":", "{\"event_type\":\"REFUND.CLOSED\",\"id\":"))))
                .isEqualTo("MALFORMED_BODY");
    }

    @Test
    void answersAreWhatWechatPayExpects() {
        for (WebhookOutcome received : new WebhookOutcome[] {WebhookOutcome.NEW_EVENT, WebhookOutcome.DUPLICATE,
                WebhookOutcome.NO_MONEY_MOVED}) {
            WebhookAnswer answer = gateway.answer(received);
            assertThat(answer.status()).as(received.name()).isEqualTo(204);
            assertThat(answer.body()).isEmpty();
        }
        WebhookAnswer notStored = gateway.answer(WebhookOutcome.NOT_STORED);
        assertThat(notStored.status()).isEqualTo(500);
        assertThat(notStored.contentType()).isEqualTo("application/json");
        assertThat(notStored.body()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"NOT_STORED\"}");
        WebhookAnswer undecryptable = gateway.answer(new WebhookVerdict.Rejected("UNDECRYPTABLE", "x", null, null, null));
        assertThat(undecryptable.status()).isEqualTo(400);
        assertThat(undecryptable.body()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"UNDECRYPTABLE\"}");
        assertThat(gateway.answer(new WebhookVerdict.Rejected("SIGNATURE_MISMATCH", "x", null, null, null)).status())
                .isEqualTo(401);
        assertThat(gateway.name()).isEqualTo("wechatpay");
    }
}
