package com.ledgerbridge.simulators;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wechat.pay.java.core.cipher.AeadAesCipher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Plays WeChat Pay's notification side: builds notifications as the API v3 documents them, encrypts the resource
 * with the official SDK's {@link AeadAesCipher} (test scope only) under an APIv3 key made for tests, and signs
 * {@code timestamp\nnonce\nbody\n} with SHA256withRSA — either with a key pair that stands in for the WeChat Pay
 * public key (id {@link #PUBLIC_KEY_ID}) or with the key of a platform certificate made by {@code keytool} for the
 * test run. Nothing here is a real key.
 */
public final class WechatPayNotifier {

    public static final String MCH_ID = "1900000109";
    public static final String APP_ID = "wxd678efh567hg6787";
    public static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092026010100000000000000";
    /** 32 characters, as the merchant platform requires; test only. */
    public static final String API_V3_KEY = "test-only-apiv3-key-0123456789ab";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair PUBLIC_KEY_PAIR = generate();
    private static final KeyPair OTHER_PAIR = generate();
    private static volatile CertificateKey certificate;

    /** A platform certificate and its private key. */
    public record CertificateKey(X509Certificate certificate, PrivateKey privateKey) {

        /** The serial as WeChat Pay writes it in {@code Wechatpay-Serial}: upper-case hex. */
        public String serial() {
            return certificate.getSerialNumber().toString(16).toUpperCase();
        }

        public String pem() {
            try {
                return WechatPayNotifier.pem("CERTIFICATE", certificate.getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A notification as it arrives: the exact body bytes and the HTTP headers. */
    public record Notification(byte[] body, Map<String, String> headers) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name);
        }

        public Notification withHeader(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.put(name, value);
            return new Notification(body, changed);
        }

        public Notification withoutHeader(String name) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.remove(name);
            return new Notification(body, changed);
        }

        public Notification withBody(String text) {
            return new Notification(text.getBytes(StandardCharsets.UTF_8), headers);
        }
    }

    private WechatPayNotifier() {
    }

    public static KeyPair publicKeyPair() {
        return PUBLIC_KEY_PAIR;
    }

    /** A key pair that is nobody's: signatures made with it must be refused. */
    public static KeyPair otherPair() {
        return OTHER_PAIR;
    }

    public static String publicKeyPem() {
        return pem("PUBLIC KEY", PUBLIC_KEY_PAIR.getPublic().getEncoded());
    }

    /** The platform certificate of this test run (made once, by keytool). */
    public static CertificateKey certificate() {
        CertificateKey made = certificate;
        if (made == null) {
            synchronized (WechatPayNotifier.class) {
                if (certificate == null) {
                    certificate = makeCertificate();
                }
                made = certificate;
            }
        }
        return made;
    }

    // ---- resources (the decrypted plaintext) ----------------------------------------------------------------------

    /** A successful payment's transaction, as {@code TRANSACTION.SUCCESS} carries it. */
    public static ObjectNode transaction(String transactionId, String outTradeNo, long totalFen, String currency,
            String successTime) {
        ObjectNode tx = JSON.createObjectNode();
        tx.put("mchid", MCH_ID);
        tx.put("appid", APP_ID);
        tx.put("out_trade_no", outTradeNo);
        tx.put("transaction_id", transactionId);
        tx.put("trade_type", "JSAPI");
        tx.put("trade_state", "SUCCESS");
        tx.put("trade_state_desc", "支付成功");
        tx.put("bank_type", "CMC");
        tx.put("attach", "");
        tx.put("success_time", successTime);
        tx.putObject("payer").put("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
        ObjectNode amount = tx.putObject("amount");
        amount.put("total", totalFen);
        amount.put("payer_total", totalFen);
        amount.put("currency", currency);
        amount.put("payer_currency", currency);
        return tx;
    }

    /** A refund's resource, as {@code REFUND.*} carries it (the documented fields: no currency). */
    public static ObjectNode refund(String transactionId, String outTradeNo, String refundId, String status,
            long totalFen, long refundFen, String successTime) {
        ObjectNode refund = JSON.createObjectNode();
        refund.put("mchid", MCH_ID);
        refund.put("out_trade_no", outTradeNo);
        refund.put("transaction_id", transactionId);
        refund.put("out_refund_no", "R-" + outTradeNo);
        refund.put("refund_id", refundId);
        refund.put("refund_status", status);
        if (successTime != null) {
            refund.put("success_time", successTime);
        }
        refund.put("user_received_account", "招商银行信用卡0403");
        ObjectNode amount = refund.putObject("amount");
        amount.put("total", totalFen);
        amount.put("refund", refundFen);
        amount.put("payer_total", totalFen);
        amount.put("payer_refund", refundFen);
        return refund;
    }

    // ---- envelope and signature -----------------------------------------------------------------------------------

    /**
     * The notification body: the envelope with {@code resource} encrypted under {@code apiV3Key}; a null
     * {@code associatedData} leaves the field out (the encryption then uses none).
     */
    public static String envelope(String eventType, String resourcePlaintext, String associatedData, String apiV3Key) {
        String nonce = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        AeadAesCipher cipher = new AeadAesCipher(apiV3Key.getBytes(StandardCharsets.UTF_8));
        String ciphertext = cipher.encrypt(associatedData == null ? null : associatedData.getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8), resourcePlaintext.getBytes(StandardCharsets.UTF_8));
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("create_time", "2026-01-16T22:44:00+08:00");
        envelope.put("resource_type", "encrypt-resource");
        envelope.put("event_type", eventType);
        envelope.put("summary", eventType.startsWith("REFUND") ? "退款成功" : "支付成功");
        ObjectNode resource = envelope.putObject("resource");
        resource.put("original_type", eventType.startsWith("REFUND") ? "refund" : "transaction");
        resource.put("algorithm", "AEAD_AES_256_GCM");
        resource.put("ciphertext", ciphertext);
        if (associatedData != null) {
            resource.put("associated_data", associatedData);
        }
        resource.put("nonce", nonce);
        return envelope.toString();
    }

    /** A payment notification signed with the WeChat Pay public key's pair, timestamped {@code now}. */
    public static Notification payment(ObjectNode transaction, Instant now) {
        return signed(envelope("TRANSACTION.SUCCESS", transaction.toString(), "transaction", API_V3_KEY), PUBLIC_KEY_ID,
                PUBLIC_KEY_PAIR.getPrivate(), now);
    }

    /** A refund notification of {@code eventType} signed with the WeChat Pay public key's pair. */
    public static Notification refund(String eventType, ObjectNode refund, Instant now) {
        return signed(envelope(eventType, refund.toString(), "refund", API_V3_KEY), PUBLIC_KEY_ID,
                PUBLIC_KEY_PAIR.getPrivate(), now);
    }

    /** {@code body} with the five {@code Wechatpay-*} headers, signed by {@code key} at {@code timestamp}. */
    public static Notification signed(String body, String serial, PrivateKey key, Instant timestamp) {
        String ts = String.valueOf(timestamp.getEpochSecond());
        String nonce = UUID.randomUUID().toString().replace("-", "");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Wechatpay-Timestamp", ts);
        headers.put("Wechatpay-Nonce", nonce);
        headers.put("Wechatpay-Signature", sign(ts + "\n" + nonce + "\n" + body + "\n", key));
        headers.put("Wechatpay-Serial", serial);
        headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        headers.put("Content-Type", "application/json");
        return new Notification(bytes, headers);
    }

    /** Base64 SHA256withRSA over the UTF-8 bytes of {@code message}. */
    public static String sign(String message, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK has no public API to issue a certificate, so keytool (shipped with it) makes a self-signed one. */
    private static CertificateKey makeCertificate() {
        try {
            Path dir = Files.createTempDirectory("wechatpay-test-cert");
            Path store = dir.resolve("test-platform.p12");
            String password = "test-only";
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "platform", "-keyalg",
                    "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "3650", "-dname",
                    "CN=Tenpay.com Test Platform, O=Test, C=CN", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password.toCharArray());
            }
            X509Certificate cert = (X509Certificate) keyStore.getCertificate("platform");
            PrivateKey key = (PrivateKey) keyStore.getKey("platform", password.toCharArray());
            Files.delete(store);
            Files.delete(dir);
            return new CertificateKey(cert, key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
