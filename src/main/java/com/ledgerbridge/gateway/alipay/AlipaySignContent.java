package com.ledgerbridge.gateway.alipay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The string Alipay signs in a notification, built by the V1 rule of the official Java SDK
 * ({@code AlipaySignature.getSignCheckContentV1}): drop {@code sign} and {@code sign_type}, sort the remaining
 * keys in Java {@code String} order, skip pairs whose key or value is null, empty or whitespace-only, and join
 * the rest as {@code key=value} with {@code &}. Values are used verbatim (already form-decoded once).
 */
public final class AlipaySignContent {

    public static final String SIGN = "sign";
    public static final String SIGN_TYPE = "sign_type";

    private AlipaySignContent() {
    }

    /** The V1 canonical string of {@code params}; the map is not modified. */
    public static String of(Map<String, String> params) {
        return join(params, true);
    }

    /**
     * The string we sign in a request to Alipay's open API, as the SDK signs it ({@code AlipaySignature.getSignContent}
     * over the request's parameters): the same rule, except that only {@code sign} is left out ({@code sign_type} is
     * signed).
     */
    public static String ofRequest(Map<String, String> params) {
        return join(params, false);
    }

    private static String join(Map<String, String> params, boolean withoutSignType) {
        Objects.requireNonNull(params, "params");
        List<String> keys = new ArrayList<>(params.size());
        for (String key : params.keySet()) {
            if (key != null && !SIGN.equals(key) && !(withoutSignType && SIGN_TYPE.equals(key))) {
                keys.add(key);
            }
        }
        Collections.sort(keys);
        StringBuilder content = new StringBuilder();
        for (String key : keys) {
            String value = params.get(key);
            if (isEmpty(key) || isEmpty(value)) {
                continue;
            }
            if (content.length() > 0) {
                content.append('&');
            }
            content.append(key).append('=').append(value);
        }
        return content.toString();
    }

    /**
     * The SDK's notion of "empty" ({@code com.alipay.api.internal.util.StringUtils.isEmpty}): null, zero length,
     * or every UTF-16 unit {@link Character#isWhitespace(char) whitespace}. Note that U+00A0 is not whitespace
     * for Java while U+3000 is.
     */
    static boolean isEmpty(String s) {
        if (s == null || s.isEmpty()) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
