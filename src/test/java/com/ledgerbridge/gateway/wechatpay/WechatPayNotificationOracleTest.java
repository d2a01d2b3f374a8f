package com.ledgerbridge.gateway.wechatpay;

import static com.ledgerbridge.gateway.wechatpay.WechatPaySdkOracle.NOW;
import static com.ledgerbridge.gateway.wechatpay.WechatPaySdkOracle.gateway;
import static com.ledgerbridge.gateway.wechatpay.WechatPaySdkOracle.parse;
import static com.ledgerbridge.gateway.wechatpay.WechatPaySdkOracle.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ledgerbridge.domain.money.Money;
import com.ledgerbridge.domain.payment.PaymentEvent;
import com.ledgerbridge.domain.payment.PaymentEventType;
import com.ledgerbridge.gateway.WebhookAnswer;
import com.ledgerbridge.gateway.WebhookVerdict;
import com.ledgerbridge.simulators.WechatPayNotifier;
import com.ledgerbridge.simulators.WechatPayNotifier.Notification;
import com.ledgerbridge.gateway.wechatpay.WechatPaySdkOracle.Sdk;
import com.wechat.pay.java.core.exception.DecryptionException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.RefundNotification;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our WeChat Pay notification handling against the official SDK (wechatpay-java 0.2.17) on the same bytes: it
 * accepts what the SDK accepts and its events agree with the SDK's parsed {@link Transaction} /
 * {@link RefundNotification} field by field; it refuses what the SDK refuses, each time with a reason of its own.
 * Where we refuse what the SDK lets through (no timestamp window, no merchant check, a missing associated_data it
 * trips over), the test says so.
 */
class WechatPayNotificationOracleTest {

    static final String TRANSACTION_ID = "4200002086202601160745964084";
    static final String PAID_AT = "2026-01-16T22:43:59+08:00";

    final WechatPayGateway ours = gateway(WechatPaySdkOracle.publicKeyProperties());
    final NotificationParser sdk = WechatPaySdkOracle.publicKeyParser();

    static ObjectNode transaction(long fen) {
        return WechatPayNotifier.transaction(TRANSACTION_ID, "INV-000123", fen, "CNY", PAID_AT);
    }

    static Notification payment(ObjectNode tx) {
        return WechatPayNotifier.payment(tx, NOW);
    }

    WebhookVerdict.Accepted accepted(Notification n) {
        WebhookVerdict verdict = ours.read(request(n));
        assertThat(verdict).isInstanceOf(WebhookVerdict.Accepted.class);
        return (WebhookVerdict.Accepted) verdict;
    }

    WebhookVerdict.Rejected rejected(WechatPayGateway gateway, Notification n) {
        WebhookVerdict verdict = gateway.read(request(n));
        assertThat(verdict).isInstanceOf(WebhookVerdict.Rejected.class);
        return (WebhookVerdict.Rejected) verdict;
    }

    WebhookVerdict.Rejected rejected(Notification n) {
        return rejected(ours, n);
    }

    @Test
    void aValidPaymentIsOnePaymentEventThatAgreesWithTheSdkFieldByField() {
        Notification n = payment(transaction(12345));
        Sdk<Transaction> sdkResult = parse(sdk, n, Transaction.class);
        assertThat(sdkResult.accepted()).as("the SDK accepts it: %s", sdkResult.refusal()).isTrue();
        Transaction t = sdkResult.parsed();

        WebhookVerdict.Accepted verdict = accepted(n);
        assertThat(verdict.events()).hasSize(1);
        PaymentEvent event = verdict.events().get(0);
        assertThat(event.type()).isEqualTo(PaymentEventType.PAYMENT);
        assertThat(event.gatewayTradeId()).isEqualTo(t.getTransactionId());
        assertThat(event.merchantReference()).isEqualTo(t.getOutTradeNo());
        assertThat(event.amount().minorUnits()).isEqualTo(t.getAmount().getTotal().longValue());
        assertThat(event.amount().currency().getCurrencyCode()).isEqualTo(t.getAmount().getCurrency());
        assertThat(event.occurredAt()).isEqualTo(OffsetDateTime.parse(t.getSuccessTime()).toInstant());
        assertThat(event.payerId()).isEqualTo(t.getPayer().getOpenid());
        // and by hand: 12345 fen is 123.45 yuan; 22:43:59 in Beijing is 14:43:59 UTC
        assertThat(event.amount()).isEqualTo(Money.of("123.45", "CNY"));
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-01-16T14:43:59Z"));
        assertThat(event.eventKey()).isEqualTo(TRANSACTION_ID + ":PAYMENT");
        assertThat(event.gateway()).isEqualTo("wechatpay");
        assertThat(verdict.notificationId()).isNotBlank();
        assertThat(verdict.reference()).isEqualTo("INV-000123");
        assertThat(verdict.rawPayload()).isEqualTo(n.bodyText());
    }

    @Test
    void aValidRefundIsTheRefundAndTheImpliedPaymentAndAgreesWithTheSdk() {
        ObjectNode resource = WechatPayNotifier.refund(TRANSACTION_ID, "INV-000123", "50303108562026011601487282563",
                "SUCCESS", 10000, 2550, "2026-01-17T09:00:01+08:00");
        Notification n = WechatPayNotifier.refund("REFUND.SUCCESS", resource, NOW);
        Sdk<RefundNotification> sdkResult = parse(sdk, n, RefundNotification.class);
        assertThat(sdkResult.accepted()).as("the SDK accepts it: %s", sdkResult.refusal()).isTrue();
        RefundNotification r = sdkResult.parsed();

        List<PaymentEvent> events = accepted(n).events();
        assertThat(events).extracting(PaymentEvent::type).containsExactly(PaymentEventType.REFUND, PaymentEventType.PAYMENT);
        PaymentEvent refund = events.get(0);
        PaymentEvent payment = events.get(1);
        assertThat(refund.movementId()).isEqualTo(r.getRefundId());
        assertThat(refund.gatewayTradeId()).isEqualTo(r.getTransactionId());
        assertThat(refund.merchantReference()).isEqualTo(r.getOutTradeNo());
        assertThat(refund.amount().minorUnits()).isEqualTo(r.getAmount().getRefund());
        assertThat(refund.occurredAt()).isEqualTo(OffsetDateTime.parse(r.getSuccessTime()).toInstant());
        assertThat(payment.amount().minorUnits()).isEqualTo(r.getAmount().getTotal());
        assertThat(payment.gatewayTradeId()).isEqualTo(r.getTransactionId());
        // the keys every gateway and the bill share
        assertThat(refund.eventKey()).isEqualTo(TRANSACTION_ID + ":REFUND:50303108562026011601487282563");
        assertThat(payment.eventKey()).isEqualTo(TRANSACTION_ID + ":PAYMENT");
        assertThat(refund.amount()).isEqualTo(Money.of("25.50", "CNY"));
        assertThat(payment.amount()).isEqualTo(Money.of("100.00", "CNY"));
        assertThat(refund.occurredAt()).isEqualTo(Instant.parse("2026-01-17T01:00:01Z"));
    }

    @Test
    void anAlteredBodyIsRefusedByBoth() {
        Notification n = payment(transaction(100));
        Notification altered = n.withBody(n.bodyText().replace("支付成功", "支付失败"));
        assertThat(altered.bodyText()).isNotEqualTo(n.bodyText());
        assertThat(parse(sdk, altered, Transaction.class).refusal()).isInstanceOf(ValidationException.class);
        assertThat(rejected(altered).reason()).isEqualTo("SIGNATURE_MISMATCH");
    }

    @Test
    void aBodyReserializedWithTheSameContentIsRefusedByBoth() {
        Notification n = payment(transaction(100));
        // what a framework binding the JSON and writing it back would send on: same data, other bytes
        Notification reformatted = n.withBody(n.bodyText().replace(",", ", "));
        assertThat(parse(sdk, reformatted, Transaction.class).accepted()).isFalse();
        assertThat(rejected(reformatted).reason()).isEqualTo("SIGNATURE_MISMATCH");
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedByBoth() {
        String body = WechatPayNotifier.envelope("TRANSACTION.SUCCESS", transaction(100).toString(), "transaction",
                WechatPayNotifier.API_V3_KEY);
        Notification forged = WechatPayNotifier.signed(body, WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.otherPair().getPrivate(), NOW);
        assertThat(parse(sdk, forged, Transaction.class).refusal()).isInstanceOf(ValidationException.class);
        assertThat(rejected(forged).reason()).isEqualTo("SIGNATURE_MISMATCH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUB_KEY_ID_0119000001092026019999999999999999", "pub_key_id_0119000001092026010100000000000000",
            "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", "not a serial"})
    void anUnknownSerialIsRefusedByBoth(String serial) {
        Notification n = payment(transaction(100)).withHeader("Wechatpay-Serial", serial);
        assertThat(parse(sdk, n, Transaction.class).accepted()).isFalse();
        assertThat(rejected(n).reason()).isEqualTo("UNKNOWN_SERIAL");
    }

    @Test
    void inCertificateModeTheCertificateNamedByItsSerialVerifiesInEitherCase() {
        WechatPayGateway certificateGateway = gateway(WechatPaySdkOracle.certificateProperties());
        NotificationParser certificateSdk = WechatPaySdkOracle.certificateParser();
        WechatPayNotifier.CertificateKey certificate = WechatPayNotifier.certificate();
        String body = WechatPayNotifier.envelope("TRANSACTION.SUCCESS", transaction(4999).toString(), "transaction",
                WechatPayNotifier.API_V3_KEY);
        for (String serial : List.of(certificate.serial(), certificate.serial().toLowerCase(), "00" + certificate.serial())) {
            Notification n = WechatPayNotifier.signed(body, serial, certificate.privateKey(), NOW);
            Sdk<Transaction> sdkResult = parse(certificateSdk, n, Transaction.class);
            assertThat(sdkResult.accepted()).as("SDK, serial %s: %s", serial, sdkResult.refusal()).isTrue();
            WebhookVerdict verdict = certificateGateway.read(request(n));
            assertThat(verdict).as("serial %s", serial).isInstanceOf(WebhookVerdict.Accepted.class);
            assertThat(((WebhookVerdict.Accepted) verdict).events().get(0).amount().minorUnits())
                    .isEqualTo(sdkResult.parsed().getAmount().getTotal().longValue());
        }
        // the certificate's key under the public key's id, and the public key's pair under the certificate's serial
        Notification crossed = WechatPayNotifier.signed(body, certificate.serial(),
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW);
        assertThat(parse(certificateSdk, crossed, Transaction.class).accepted()).isFalse();
        assertThat(rejected(certificateGateway, crossed).reason()).isEqualTo("SIGNATURE_MISMATCH");
        Notification publicKeyNamed = WechatPayNotifier.signed(body, WechatPayNotifier.PUBLIC_KEY_ID,
                certificate.privateKey(), NOW);
        assertThat(rejected(certificateGateway, publicKeyNamed).reason()).isEqualTo("UNKNOWN_SERIAL");
    }

    @Test
    void withBothKindsConfiguredEachIsChosenBySerial() {
        WechatPayGateway both = gateway(WechatPaySdkOracle.properties(WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.publicKeyPem(), List.of(WechatPayNotifier.certificate().pem())));
        String body = WechatPayNotifier.envelope("TRANSACTION.SUCCESS", transaction(1).toString(), "transaction",
                WechatPayNotifier.API_V3_KEY);
        assertThat(both.read(request(WechatPayNotifier.signed(body, WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW)))).isInstanceOf(WebhookVerdict.Accepted.class);
        assertThat(both.read(request(WechatPayNotifier.signed(body, WechatPayNotifier.certificate().serial(),
                WechatPayNotifier.certificate().privateKey(), NOW)))).isInstanceOf(WebhookVerdict.Accepted.class);
        assertThat(rejected(both, WechatPayNotifier.signed(body, WechatPayNotifier.certificate().serial(),
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW)).reason()).isEqualTo("SIGNATURE_MISMATCH");
    }

    @ParameterizedTest
    // lengths after the prefix: some make valid base64 in Java (the SDK then fails the length check), some do not
    @ValueSource(ints = {0, 1, 2, 3, 5, 37, 325, 326, 327, 328, 400})
    void signatureProbesAreRefusedByBothAndByUsWithoutAnException(int length) {
        StringBuilder tail = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < length; i++) {
            tail.append(alphabet.charAt((i * 7) % alphabet.length()));
        }
        Notification probe = payment(transaction(100))
                .withHeader("Wechatpay-Signature", WechatPaySignatures.PROBE_PREFIX + tail);
        Sdk<Transaction> sdkResult = parse(sdk, probe, Transaction.class);
        assertThat(sdkResult.accepted()).isFalse();
        WebhookVerdict.Rejected rejected = rejected(probe);
        assertThat(rejected.reason()).isEqualTo("SIGNATURE_PROBE");
        WebhookAnswer answer = ours.answer(rejected);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"SIGNATURE_PROBE\"}");
    }

    @Test
    void aResourceEncryptedWithAnotherApiV3KeyIsRefusedByBoth() {
        String body = WechatPayNotifier.envelope("TRANSACTION.SUCCESS", transaction(100).toString(), "transaction",
                "another-merchants-apiv3-key-0000");
        Notification n = WechatPayNotifier.signed(body, WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW);
        assertThat(parse(sdk, n, Transaction.class).refusal()).isInstanceOf(DecryptionException.class);
        WebhookVerdict.Rejected rejected = rejected(n);
        assertThat(rejected.reason()).isEqualTo("UNDECRYPTABLE");
        assertThat(rejected.notificationId()).as("the envelope's id is known").isNotBlank();
        assertThat(ours.answer(rejected).status()).isEqualTo(400);
    }

    @Test
    void aMissingAssociatedDataIsRefusedWithItsOwnReasonWhereTheSdkTripsOverIt() {
        String body = WechatPayNotifier.envelope("TRANSACTION.SUCCESS", transaction(100).toString(), null,
                WechatPayNotifier.API_V3_KEY);
        Notification n = WechatPayNotifier.signed(body, WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW);
        assertThat(parse(sdk, n, Transaction.class).refusal()).isInstanceOf(NullPointerException.class);
        assertThat(rejected(n).reason()).isEqualTo("MISSING_ASSOCIATED_DATA");
    }

    @Test
    void anEmptyAssociatedDataIsAcceptedByBoth() {
        String body = WechatPayNotifier.envelope("TRANSACTION.SUCCESS", transaction(100).toString(), "",
                WechatPayNotifier.API_V3_KEY);
        Notification n = WechatPayNotifier.signed(body, WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW);
        assertThat(parse(sdk, n, Transaction.class).accepted()).isTrue();
        assertThat(accepted(n).events()).hasSize(1);
    }

    @Test
    void associatedDataOtherThanTheOneEncryptedWithIsRefusedByBoth() {
        Notification n = payment(transaction(100));
        Notification changed = WechatPayNotifier.signed(n.bodyText().replace("\"associated_data\":\"transaction\"",
                "\"associated_data\":\"refund\""), WechatPayNotifier.PUBLIC_KEY_ID,
                WechatPayNotifier.publicKeyPair().getPrivate(), NOW);
        assertThat(parse(sdk, changed, Transaction.class).refusal()).isInstanceOf(DecryptionException.class);
        assertThat(rejected(changed).reason()).isEqualTo("UNDECRYPTABLE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Wechatpay-Serial", "Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce"})
    void aMissingHeaderIsRefusedByBothAndNamedByUs(String header) {
        Notification n = payment(transaction(100)).withoutHeader(header);
        assertThat(parse(sdk, n, Transaction.class).accepted()).isFalse();
        WebhookVerdict.Rejected rejected = rejected(n);
        assertThat(rejected.reason()).isEqualTo("MISSING_HEADER");
        assertThat(rejected.detail()).contains(header);
        assertThat(ours.answer(rejected).status()).isEqualTo(401);
    }

    @Test
    void aMissingSignatureTypeMeansTheOneTypeThereIsForBoth() {
        Notification n = payment(transaction(100)).withoutHeader("Wechatpay-Signature-Type");
        assertThat(parse(sdk, n, Transaction.class).accepted()).isTrue();
        assertThat(accepted(n).events()).hasSize(1);
        Notification other = payment(transaction(100)).withHeader("Wechatpay-Signature-Type", "WECHATPAY2-SM2-WITH-SM3");
        assertThat(parse(sdk, other, Transaction.class).accepted()).isFalse();
        assertThat(rejected(other).reason()).isEqualTo("UNSUPPORTED_SIGNATURE_TYPE");
    }

    @Test
    void ourTimestampWindowRefusesOldAndFutureNotificationsTheSdkWouldTake() {
        for (long offset : new long[] {-301, 301, -86_400, 86_400}) {
            Notification n = WechatPayNotifier.payment(transaction(100), NOW.plusSeconds(offset));
            assertThat(parse(sdk, n, Transaction.class).accepted()).as("the SDK checks no age (%d s)", offset).isTrue();
            WebhookVerdict.Rejected rejected = rejected(n);
            assertThat(rejected.reason()).as("%d s", offset).isEqualTo("TIMESTAMP_OUT_OF_WINDOW");
            assertThat(ours.answer(rejected).status()).isEqualTo(401);
        }
        for (long offset : new long[] {-300, 300, 0}) {
            assertThat(accepted(WechatPayNotifier.payment(transaction(100), NOW.plusSeconds(offset))).events())
                    .as("%d s is inside the window", offset).hasSize(1);
        }
    }

    @Test
    void anotherMerchantsOrAppsPaymentIsRefusedByUsThoughTheSdkChecksNeither() {
        ObjectNode foreignMerchant = transaction(100).put("mchid", "1900000999");
        Notification n = payment(foreignMerchant);
        assertThat(parse(sdk, n, Transaction.class).accepted()).isTrue();
        WebhookVerdict.Rejected rejected = rejected(n);
        assertThat(rejected.reason()).isEqualTo("FOREIGN_MERCHANT");
        assertThat(rejected.gatewayTradeId()).isEqualTo(TRANSACTION_ID);
        assertThat(rejected.reference()).isEqualTo("INV-000123");
        assertThat(ours.answer(rejected).status()).isEqualTo(400);

        Notification foreignApp = payment(transaction(100).put("appid", "wx0000000000000000"));
        assertThat(parse(sdk, foreignApp, Transaction.class).accepted()).isTrue();
        assertThat(rejected(foreignApp).reason()).isEqualTo("FOREIGN_APP");

        ObjectNode foreignRefund = WechatPayNotifier.refund(TRANSACTION_ID, "INV-000123", "503001", "SUCCESS", 100, 100,
                PAID_AT).put("mchid", "1900000999");
        assertThat(rejected(WechatPayNotifier.refund("REFUND.SUCCESS", foreignRefund, NOW)).reason())
                .isEqualTo("FOREIGN_MERCHANT");
    }

    @Test
    void amountsInFenAgreeWithTheSdkFromOneFenToTheLargestItCanHold() {
        for (long fen : new long[] {1, 99, 100, 1_000_000_001, Integer.MAX_VALUE}) {
            Notification n = payment(transaction(fen));
            Transaction t = parse(sdk, n, Transaction.class).parsed();
            PaymentEvent event = accepted(n).events().get(0);
            assertThat(event.amount().minorUnits()).isEqualTo(t.getAmount().getTotal().longValue()).isEqualTo(fen);
        }
        assertThat(accepted(payment(transaction(1))).events().get(0).amount()).isEqualTo(Money.of("0.01", "CNY"));
        assertThat(accepted(payment(transaction(Integer.MAX_VALUE))).events().get(0).amount())
                .isEqualTo(Money.of("21474836.47", "CNY"));
    }

    @Test
    void aZeroDecimalCurrencyCountsWholeUnits() {
        ObjectNode yen = WechatPayNotifier.transaction(TRANSACTION_ID, "INV-JP", 1500, "JPY", PAID_AT);
        Notification n = payment(yen);
        Transaction t = parse(sdk, n, Transaction.class).parsed();
        PaymentEvent event = accepted(n).events().get(0);
        assertThat(event.amount().currency().getCurrencyCode()).isEqualTo(t.getAmount().getCurrency());
        assertThat(event.amount()).isEqualTo(Money.of("1500", "JPY"));
    }

    @Test
    void everyRefusalOfTheSdkIsARefusalOfOursAndNoneEscapesAsAnException() {
        Notification good = payment(transaction(100));
        List<Notification> bad = List.of(
                good.withBody(""),
                good.withBody("not json"),
                good.withHeader("Wechatpay-Signature", "%%%"),
                good.withHeader("Wechatpay-Signature", ""),
                good.withHeader("Wechatpay-Timestamp", "yesterday"),
                good.withHeader("Wechatpay-Serial", ""),
                good.withHeader("Wechatpay-Signature", good.header("Wechatpay-Signature").substring(4)),
                new Notification(good.body(), Map.of()));
        for (Notification n : bad) {
            assertThat(parse(sdk, n, Transaction.class).accepted()).isFalse();
            WebhookVerdict verdict = ours.read(request(n));
            assertThat(verdict).isInstanceOf(WebhookVerdict.Rejected.class);
            assertThat(ours.answer((WebhookVerdict.Rejected) verdict).status()).isBetween(400, 499);
        }
    }
}
