package com.ledgerbridge.gateway.alipay;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;

/** The official Alipay SDK as a test oracle, plus throwaway key pairs generated per test run. */
final class SdkOracle {

    static final KeyPair ALIPAY_KEYS = generate();
    static final KeyPair OTHER_KEYS = generate();
    static final String ALIPAY_PUBLIC_KEY = publicKey(ALIPAY_KEYS);
    static final String ALIPAY_PRIVATE_KEY = privateKey(ALIPAY_KEYS);

    private SdkOracle() {
    }

    static String publicKey(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    static String privateKey(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    }

    /** {@code params} plus {@code sign_type} and a {@code sign} made by the SDK over its V1 content. */
    static Map<String, String> sdkSigned(Map<String, String> params, String signType, String privateKey) {
        Map<String, String> signed = new LinkedHashMap<>(params);
        try {
            String content = AlipaySignature.getSignCheckContentV1(new HashMap<>(signed));
            String sign = AlipaySignature.rsaSign(content, privateKey, signed.get("charset"), signType);
            signed.put("sign_type", signType);
            signed.put("sign", sign);
            return signed;
        } catch (AlipayApiException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> sdkSigned(Map<String, String> params, String signType) {
        return sdkSigned(params, signType, ALIPAY_PRIVATE_KEY);
    }

    /**
     * How merchants call the SDK on a notification: {@code rsaCheckV1(params, key, charset, sign_type)} with the
     * notification's own charset and sign type, on a copy (the SDK removes sign/sign_type from the map).
     * An {@link AlipayApiException} is a rejection.
     */
    static boolean sdkVerify(Map<String, String> params, String publicKey) {
        try {
            return AlipaySignature.rsaCheckV1(new HashMap<>(params), publicKey, params.get("charset"),
                    params.get("sign_type"));
        } catch (AlipayApiException e) {
            return false;
        }
    }

    static boolean sdkVerify(Map<String, String> params) {
        return sdkVerify(params, ALIPAY_PUBLIC_KEY);
    }

    static String sdkContent(Map<String, String> params) {
        return AlipaySignature.getSignCheckContentV1(new HashMap<>(params));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
