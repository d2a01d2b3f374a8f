package com.ledgerbridge.gateway.wechatpay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;

/**
 * Signs our requests to the WeChat Pay API v3 with our merchant API private key: SHA256withRSA over
 * {@code METHOD \n path?query \n timestamp \n nonce \n body \n}, sent as
 * {@code Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"}
 * (the official SDK's {@code WechatPay2Credential}). Thread-safe.
 */
final class WechatPayRequestSigner {

    static final String SCHEME = "WECHATPAY2-SHA256-RSA2048";
    private static final char[] NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();
    private static final int NONCE_LENGTH = 32;

    private final String mchId;
    private final String serialNo;
    private final PrivateKey privateKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WechatPayRequestSigner(String mchId, String serialNo, PrivateKey privateKey, Clock clock) {
        this.mchId = mchId;
        this.serialNo = serialNo;
        this.privateKey = privateKey;
        this.clock = clock;
    }

    /**
     * The Authorization header value.
     *
     * @param canonicalUrl the request's raw path and, when it has one, {@code ?} and its raw query, exactly as sent
     */
    String authorization(String method, String canonicalUrl, String body) {
        String nonce = nonce();
        long timestamp = clock.instant().getEpochSecond();
        String message = method + "\n" + canonicalUrl + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n";
        return SCHEME + " mchid=\"" + mchId + "\",nonce_str=\"" + nonce + "\",signature=\"" + sign(message)
                + "\",timestamp=\"" + timestamp + "\",serial_no=\"" + serialNo + "\"";
    }

    private String sign(String message) {
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the merchant private key: " + e.getClass().getSimpleName());
        }
    }

    private String nonce() {
        char[] nonce = new char[NONCE_LENGTH];
        for (int i = 0; i < NONCE_LENGTH; i++) {
            nonce[i] = NONCE_ALPHABET[random.nextInt(NONCE_ALPHABET.length)];
        }
        return new String(nonce);
    }
}
