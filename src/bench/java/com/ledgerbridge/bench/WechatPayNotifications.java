package com.ledgerbridge.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat Pay API v3 TRANSACTION.SUCCESS notifications as WeChat Pay sends them: the transaction encrypted with
 * AEAD_AES_256_GCM under the APIv3 key, the envelope signed SHA256withRSA over {@code timestamp\nnonce\nbody\n}
 * with a platform key this harness generates (its public half is handed to the application with its
 * {@code PUB_KEY_ID_…}). Signed just before the gateway's runs: the application refuses timestamps older than its
 * window.
 */
final class WechatPayNotifications implements GatewayNotifications {

    static final String MCH_ID = "1900000109";
    static final String APP_ID = "wxbenchapp0000001";
    static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092026112300000000000001";

    private final KeyPair platform;
    private final String apiV3Key;
    private final Path publicKeyFile;
    private final SecureRandom random = new SecureRandom();

    WechatPayNotifications() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            platform = generator.generateKeyPair();
            publicKeyFile = Files.createTempFile("bench-wechatpay-platform-", ".pem");
            publicKeyFile.toFile().deleteOnExit();
            Files.writeString(publicKeyFile, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(platform.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder key = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 32; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        apiV3Key = key.toString();
    }

    @Override
    public String gateway() {
        return "wechatpay";
    }

    @Override
    public Batch batch(int batchNo, int count) {
        return Batch.withDuplicates(batchNo, count, i -> signed(batchNo, i));
    }

    @Override
    public boolean success(int status, String body) {
        return status == 200 || status == 204;
    }

    @Override
    public Map<String, String> appPlaceholders() {
        return Map.of("wechatpayMchId", MCH_ID, "wechatpayAppId", APP_ID, "wechatpayApiV3Key", apiV3Key,
                "wechatpayPublicKeyId", PUBLIC_KEY_ID, "wechatpayPublicKeyFile", publicKeyFile.toString());
    }

    private Request signed(int batchNo, int i) {
        String now = OffsetDateTime.now(ZoneOffset.ofHours(8)).withNano(0).toString();
        String transaction = String.format(Locale.ROOT, """
                {"mchid":"%s","appid":"%s","out_trade_no":"BENCH-WX-%02d-%07d","transaction_id":"4200%02d%016d",\
                "trade_type":"JSAPI","trade_state":"SUCCESS","trade_state_desc":"支付成功","bank_type":"OTHERS","attach":"",\
                "success_time":"%s","payer":{"openid":"oBench%08d"},"amount":{"total":%d,"payer_total":%d,"currency":"CNY",\
                "payer_currency":"CNY"}}""", MCH_ID, APP_ID, batchNo, i, batchNo, i, now, i % 100000, 100 + i % 50000,
                100 + i % 50000);
        String nonce = nonce(12);
        String body = String.format(Locale.ROOT, """
                {"id":"EV-bench-%02d-%010d","create_time":"%s","resource_type":"encrypt-resource",\
                "event_type":"TRANSACTION.SUCCESS","summary":"支付成功","resource":{"original_type":"transaction",\
                "algorithm":"AEAD_AES_256_GCM","ciphertext":"%s","associated_data":"transaction","nonce":"%s"}}""",
                batchNo, i, now, encrypt(transaction, nonce, "transaction"), nonce);
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        String headerNonce = nonce(32);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Wechatpay-Timestamp", timestamp);
        headers.put("Wechatpay-Nonce", headerNonce);
        headers.put("Wechatpay-Serial", PUBLIC_KEY_ID);
        headers.put("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        headers.put("Wechatpay-Signature", sign(timestamp + "\n" + headerNonce + "\n" + body + "\n"));
        return new Request(body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private String nonce(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private String encrypt(String plaintext, String nonce, String associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
                    new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(String message) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(platform.getPrivate());
            signature.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
