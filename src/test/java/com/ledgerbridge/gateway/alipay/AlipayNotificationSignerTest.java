package com.ledgerbridge.gateway.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AlipayNotificationSignerTest {

    private static final Path SANDBOX = Path.of("config/sandbox");

    private final AlipayNotificationSigner signer = new AlipayNotificationSigner(SdkOracle.ALIPAY_PRIVATE_KEY);

    @Test
    void signedNotificationVerifiesWithTheSdkAndWithOurVerifier() {
        Map<String, String> params = AlipaySignatureVerifierTest.utf8Notification();
        Map<String, String> signed = signer.sign(params);
        assertEquals("RSA2", signed.get("sign_type"));
        assertTrue(SdkOracle.sdkVerify(signed));
        assertTrue(new AlipaySignatureVerifier(SdkOracle.ALIPAY_PUBLIC_KEY).verify(signed).valid());
        // input untouched, order kept, sign_type then sign appended
        assertEquals(AlipaySignatureVerifierTest.utf8Notification(), params);
        List<String> keys = List.copyOf(signed.keySet());
        assertEquals(List.copyOf(params.keySet()), keys.subList(0, keys.size() - 2));
        assertEquals(List.of("sign_type", "sign"), keys.subList(keys.size() - 2, keys.size()));
    }

    @Test
    void signsInTheParametersCharset() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("charset", "GBK");
        params.put("subject", "测试商品");
        params.put("notify_id", "n1");
        Map<String, String> signed = signer.sign(params);
        assertTrue(SdkOracle.sdkVerify(signed));
        // the same signature does not hold for the UTF-8 bytes of the same text
        Map<String, String> asUtf8 = new LinkedHashMap<>(signed);
        asUtf8.put("charset", "utf-8");
        assertFalse(SdkOracle.sdkVerify(asUtf8));
    }

    @Test
    void replacesAnExistingSignature() {
        Map<String, String> params = new LinkedHashMap<>(AlipaySignatureVerifierTest.utf8Notification());
        params.put("sign_type", "RSA");
        params.put("sign", "stale");
        Map<String, String> signed = signer.sign(params);
        assertEquals("RSA2", signed.get("sign_type"));
        assertTrue(SdkOracle.sdkVerify(signed));
    }

    @Test
    void refusesNothingToSignAndUnknownCharset() {
        assertThrows(IllegalArgumentException.class, () -> signer.sign(Map.of("body", " ")));
        assertThrows(IllegalArgumentException.class, () -> signer.sign(Map.of("charset", "nope-42", "a", "b")));
        assertThrows(IllegalArgumentException.class, () -> new AlipayNotificationSigner("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"));
    }

    @Test
    void committedSandboxKeyPairMatches() throws IOException {
        String privatePem = Files.readString(SANDBOX.resolve("alipay-sandbox-gateway-private-key.pem"), StandardCharsets.US_ASCII);
        String publicPem = Files.readString(SANDBOX.resolve("alipay-sandbox-gateway-public-key.pem"), StandardCharsets.US_ASCII);
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8 PEM");
        assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----"), "X.509 PEM");

        Map<String, String> signed = new AlipayNotificationSigner(privatePem).sign(AlipaySignatureVerifierTest.utf8Notification());
        assertTrue(new AlipaySignatureVerifier(publicPem).verify(signed).valid());
        String bareBase64 = publicPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertTrue(SdkOracle.sdkVerify(signed, bareBase64), "SDK accepts the bare base64 sandbox public key");
        assertFalse(new AlipaySignatureVerifier(SdkOracle.ALIPAY_PUBLIC_KEY).verify(signed).valid());
    }
}
