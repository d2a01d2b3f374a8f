package com.ledgerbridge.gateway.alipay;

import java.nio.charset.Charset;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs notification parameters the way Alipay does (V1 canonical string, RSA2 = SHA256withRSA, in the
 * parameters' own {@code charset}), so that sandbox mode can simulate a payment notification. Use only with
 * the public sandbox key in {@code config/sandbox/}; production never signs notifications.
 */
public final class AlipayNotificationSigner {

    private final PrivateKey privateKey;

    /**
     * @param pkcs8PrivateKey PKCS#8 RSA private key, bare base64 or {@code -----BEGIN PRIVATE KEY-----} PEM
     * @throws IllegalArgumentException when the key cannot be parsed
     */
    public AlipayNotificationSigner(String pkcs8PrivateKey) {
        this.privateKey = AlipayKeys.privateKey(pkcs8PrivateKey);
    }

    /**
     * Returns a new map: {@code params} in their order (any old {@code sign}/{@code sign_type} dropped), then
     * {@code sign_type=RSA2} and {@code sign}. The argument is not modified.
     *
     * @throws IllegalArgumentException when there is nothing to sign or the {@code charset} is unknown
     */
    public Map<String, String> sign(Map<String, String> params) {
        Objects.requireNonNull(params, "params");
        Map<String, String> signed = new LinkedHashMap<>(params);
        signed.remove(AlipaySignContent.SIGN);
        signed.remove(AlipaySignContent.SIGN_TYPE);
        String content = AlipaySignContent.of(signed);
        if (content.isEmpty()) {
            throw new IllegalArgumentException("no non-empty parameter to sign");
        }
        Charset charset = AlipaySignatureVerifier.charset(signed.get(AlipayFormBody.CHARSET_PARAM));
        if (charset == null) {
            throw new IllegalArgumentException("unknown charset parameter");
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(content.getBytes(charset));
            signed.put(AlipaySignContent.SIGN_TYPE, "RSA2");
            signed.put(AlipaySignContent.SIGN, Base64.getEncoder().encodeToString(signature.sign()));
            return signed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }
}
