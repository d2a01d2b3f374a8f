package com.ledgerbridge.gateway.alipay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The protocol of Alipay's open API gateway ({@code gateway.do}) as the official Java SDK speaks it, without its
 * HTTP: requests signed with our app's private key, responses checked with Alipay's key.
 *
 * <ul>
 * <li>Request: the system parameters ({@code app_id, method, format=json, charset=utf-8, sign_type=RSA2, timestamp}
 * in Beijing time, {@code version=1.0}; in certificate mode also {@code app_cert_sn} and {@code alipay_root_cert_sn})
 * and {@code biz_content} are signed together ({@link AlipaySignContent#ofRequest}: all but {@code sign}, sorted)
 * with SHA256withRSA; the system parameters and {@code sign} travel in the query string, {@code biz_content} in the
 * form body.</li>
 * <li>Response: JSON {@code {"<method with _>_response": {...}, "sign": "...", "alipay_cert_sn": "..."}} (or
 * {@code error_response}). The signed text is the response object exactly as it stands in the body, found the
 * SDK's way (from the first brace after the node's name to its matching brace; the node's name may not occur again
 * after it). As in the SDK, a successful answer ({@code code} 10000) must carry a valid signature; an error answer is
 * checked when it carries one; a text that fails is tried once more with {@code \/} read as {@code /}.</li>
 * </ul>
 */
public final class AlipayOpenApi {

    static final String SUCCESS_CODE = "10000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String appId;
    private final PrivateKey appPrivateKey;
    private final PublicKey alipayPublicKey;
    private final Map<String, PublicKey> alipayCertKeys;
    private final String appCertSn;
    private final String rootCertSn;
    private final Clock clock;

    private AlipayOpenApi(String appId, PrivateKey appPrivateKey, PublicKey alipayPublicKey,
            Map<String, PublicKey> alipayCertKeys, String appCertSn, String rootCertSn, Clock clock) {
        this.appId = Objects.requireNonNull(appId, "appId");
        this.appPrivateKey = Objects.requireNonNull(appPrivateKey, "appPrivateKey");
        this.alipayPublicKey = alipayPublicKey;
        this.alipayCertKeys = alipayCertKeys;
        this.appCertSn = appCertSn;
        this.rootCertSn = rootCertSn;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Public-key mode. */
    public static AlipayOpenApi withPublicKey(String appId, String appPrivateKey, String alipayPublicKey, Clock clock) {
        return new AlipayOpenApi(appId, AlipayKeys.privateKey(appPrivateKey), AlipayKeys.publicKey(alipayPublicKey),
                null, null, null, clock);
    }

    /**
     * Certificate mode: responses are checked with the certificate they name ({@code alipay_cert_sn}); requests name
     * our app's certificate and Alipay's roots by SN.
     */
    public static AlipayOpenApi withCertificates(String appId, String appPrivateKey, List<X509Certificate> alipayCerts,
            X509Certificate appCert, List<X509Certificate> roots, Clock clock) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        alipayCerts.forEach(c -> keys.put(AlipayCertificates.certSn(c), c.getPublicKey()));
        return new AlipayOpenApi(appId, AlipayKeys.privateKey(appPrivateKey), null, Collections.unmodifiableMap(keys),
                AlipayCertificates.certSn(appCert), AlipayCertificates.rootCertSn(roots), clock);
    }

    /** From the settings (the download's private key, the mode's Alipay key or certificates). */
    public static AlipayOpenApi of(AlipayProperties properties, Clock clock) {
        String privateKey = properties.download().appPrivateKeyText();
        return switch (properties.mode()) {
            case PUBLIC_KEY -> withPublicKey(properties.appId(), privateKey, properties.publicKeyText(), clock);
            case CERTIFICATE -> withCertificates(properties.appId(), privateKey,
                    properties.certificate().alipayCertificates(clock.instant()),
                    properties.certificate().appCertificate(), properties.certificate().roots(), clock);
        };
    }

    /** A signed request: {@code query} goes after {@code gateway.do?}, {@code formBody} is the POST body. */
    public record SignedRequest(String method, Map<String, String> parameters, String query, String formBody) {
    }

    /** Signs a call of {@code method} with {@code bizContent} (JSON fields of the business request). */
    public SignedRequest request(String method, Map<String, String> bizContent) {
        ObjectNode biz = JSON.createObjectNode();
        bizContent.forEach(biz::put);
        Map<String, String> system = new LinkedHashMap<>();
        system.put("app_id", appId);
        system.put("method", method);
        system.put("format", "json");
        system.put("charset", "utf-8");
        system.put("sign_type", "RSA2");
        system.put("timestamp", LocalDateTime.now(clock.withZone(AlipayNotificationParser.ALIPAY_ZONE)).format(TIMESTAMP));
        system.put("version", "1.0");
        if (appCertSn != null) {
            system.put("app_cert_sn", appCertSn);
            system.put("alipay_root_cert_sn", rootCertSn);
        }
        Map<String, String> all = new LinkedHashMap<>(system);
        all.put("biz_content", biz.toString());
        String sign = sign(AlipaySignContent.ofRequest(all));
        system.put("sign", sign);
        all.put("sign", sign);
        return new SignedRequest(method, Collections.unmodifiableMap(all), formEncode(system),
                formEncode(Map.of("biz_content", biz.toString())));
    }

    private String sign(String content) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(appPrivateKey);
            signature.update(content.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    private static String formEncode(Map<String, String> params) {
        StringJoiner joined = new StringJoiner("&");
        params.forEach((k, v) -> joined.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    /**
     * What the gateway answered.
     *
     * @param code     {@code 10000} on success; {@code 20000} service unavailable, {@code 20001} bad auth token,
     *                 {@code 40001} missing parameter, {@code 40002} invalid parameter (bad app id or signature),
     *                 {@code 40004} business failure, {@code 40006} no permission
     * @param response the response object
     */
    public record Answer(String code, String msg, String subCode, String subMsg, JsonNode response) {

        public boolean isSuccess() {
            return SUCCESS_CODE.equals(code);
        }

        /** The response's text field, or null. */
        public String text(String field) {
            JsonNode value = response.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        /** Code, message and sub code for an operator. */
        public String describe() {
            return "code " + code + " (" + msg + ")" + (subCode == null ? "" : ", sub_code " + subCode + " (" + subMsg + ")");
        }
    }

    /** Why an answer cannot be used. */
    public static final class UnreadableAnswer extends RuntimeException {

        private final boolean signature;

        UnreadableAnswer(String message, boolean signature) {
            super(message);
            this.signature = signature;
        }

        /** The answer was read but its signature does not hold (as opposed to: not an answer at all). */
        public boolean isSignatureProblem() {
            return signature;
        }
    }

    /**
     * Reads and checks the gateway's answer to {@code request}.
     *
     * @throws UnreadableAnswer when it is not such an answer, or its signature does not verify with Alipay's key
     */
    public Answer read(SignedRequest request, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnreadableAnswer("the answer is not JSON", false);
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableAnswer("the answer is not a JSON object", false);
        }
        String node = request.method().replace('.', '_') + "_response";
        if (!root.has(node)) {
            node = root.has("error_response") ? "error_response" : null;
        }
        if (node == null || !root.get(node).isObject()) {
            throw new UnreadableAnswer("the answer has no " + request.method().replace('.', '_') + "_response object",
                    false);
        }
        JsonNode response = root.get(node);
        Answer answer = new Answer(text(response, "code"), text(response, "msg"), text(response, "sub_code"),
                text(response, "sub_msg"), response);
        String sign = text(root, "sign");
        if (answer.isSuccess() || !AlipaySignContent.isEmpty(sign)) {
            if (AlipaySignContent.isEmpty(sign)) {
                throw new UnreadableAnswer("a successful answer without a signature", true);
            }
            String signed = signedText(body, node);
            if (signed == null) {
                throw new UnreadableAnswer("the signed response text cannot be found (or is there twice)", true);
            }
            PublicKey key = keyFor(text(root, "alipay_cert_sn"));
            if (!verifies(signed, sign, key) && !(signed.contains("\\/") && verifies(signed.replace("\\/", "/"), sign, key))) {
                throw new UnreadableAnswer("the answer's signature does not verify with Alipay's "
                        + (alipayCertKeys == null ? "public key" : "certificate"), true);
            }
        }
        return answer;
    }

    private PublicKey keyFor(String certSn) {
        if (alipayCertKeys == null) {
            return alipayPublicKey;
        }
        if (AlipaySignContent.isEmpty(certSn)) {
            if (alipayCertKeys.size() == 1) {
                return alipayCertKeys.values().iterator().next();
            }
            throw new UnreadableAnswer("the answer names no alipay_cert_sn and several certificates are configured", true);
        }
        PublicKey key = alipayCertKeys.get(certSn);
        if (key == null) {
            throw new UnreadableAnswer("the answer is signed with Alipay certificate " + certSn
                    + ", which is not configured (Alipay rotated its certificate? add the new one)", true);
        }
        return key;
    }

    private static boolean verifies(String content, String sign, PublicKey key) {
        try {
            byte[] signature = AlipaySignatureVerifier.signatureBytes(sign);
            if (signature == null) {
                return false;
            }
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update(content.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The response object's text as it stands in {@code body}, found as the SDK finds it: from the first {@code {}
     * (or {@code "}) after the first occurrence of the node's name to its matching end, quotes and escapes respected;
     * null when not found or when the name occurs again after it (a response smuggled in twice).
     */
    static String signedText(String body, String node) {
        int at = body.indexOf(node);
        if (at <= 0) {
            return null;
        }
        int begin = at + node.length() + 2; // past the name's closing quote and the colon, as the SDK skips them
        while (begin < body.length() && body.charAt(begin) != '{' && body.charAt(begin) != '"') {
            begin++;
        }
        if (begin >= body.length()) {
            return null;
        }
        int end = body.charAt(begin) == '{' ? objectEnd(body, begin) : stringEnd(body, begin);
        if (body.lastIndexOf(node) > end) {
            return null;
        }
        return body.substring(begin, end);
    }

    private static int objectEnd(String body, int begin) {
        int depth = 0;
        boolean inString = false;
        int escapes = 0;
        for (int i = begin; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' && escapes % 2 == 0) {
                inString = !inString;
            } else if (c == '{' && !inString) {
                depth++;
            } else if (c == '}' && !inString) {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            escapes = c == '\\' ? escapes + 1 : 0;
        }
        return body.length();
    }

    private static int stringEnd(String body, int begin) {
        for (int i = begin + 1; i < body.length(); i++) {
            if (body.charAt(i) == '"') {
                return i + 1;
            }
        }
        return body.length();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
