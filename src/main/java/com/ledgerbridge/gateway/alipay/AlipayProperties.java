package com.ledgerbridge.gateway.alipay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.gateways.alipay.* — whether Alipay is an active gateway, our merchant identity at Alipay and
 * Alipay's public key. Key values are the key itself (bare base64 or PEM, as from the environment) or
 * {@code file:<path>}. Checked at start-up: a missing id or a key that does not parse stops the application
 * with the key's name.
 *
 * @param enabled   Alipay notifications are received at {@code POST /webhooks/alipay}
 * @param appId     our app id; notifications for another app are refused
 * @param sellerId  our merchant (seller) id; notifications for another seller are refused
 * @param publicKey Alipay's public key (支付宝公钥), not our app's
 * @param sandbox   demo mode: a sandbox key pair stands in for Alipay's
 */
@ConfigurationProperties("ledgerbridge.gateways.alipay")
public record AlipayProperties(boolean enabled, String appId, String sellerId, String publicKey, Sandbox sandbox) {

    static final String PREFIX = "ledgerbridge.gateways.alipay.";

    public AlipayProperties {
        sandbox = sandbox == null ? new Sandbox(false, null, null) : sandbox;
        if (enabled) {
            required(appId, PREFIX + "app-id");
            required(sellerId, PREFIX + "seller-id");
            try {
                AlipayKeys.publicKey(resolve(publicKey, PREFIX + "public-key"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + "public-key: " + e.getMessage(), e);
            }
        }
        if (sandbox.enabled() && !enabled) {
            throw new IllegalArgumentException(PREFIX + "sandbox.enabled needs " + PREFIX + "enabled: the sandbox pays "
                    + "through the Alipay webhook");
        }
    }

    /**
     * Demo mode: {@code POST /sandbox/alipay/pay} signs a notification with a sandbox private key that stands in
     * for Alipay's and sends it to our own webhook.
     *
     * @param enabled    never in production
     * @param privateKey the sandbox private key (PKCS#8), whose public half is configured as Alipay's public key
     * @param webhookUrl our own Alipay webhook
     */
    public record Sandbox(boolean enabled, String privateKey, String webhookUrl) {

        public Sandbox {
            if (enabled) {
                required(webhookUrl, PREFIX + "sandbox.webhook-url");
                try {
                    AlipayKeys.privateKey(resolve(privateKey, PREFIX + "sandbox.private-key"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PREFIX + "sandbox.private-key: " + e.getMessage(), e);
                }
            }
        }

        String privateKeyText() {
            return resolve(privateKey, PREFIX + "sandbox.private-key");
        }
    }

    public String publicKeyText() {
        return resolve(publicKey, PREFIX + "public-key");
    }

    /** The key text itself, or the content of the file a {@code file:<path>} value names. */
    static String resolve(String value, String key) {
        required(value, key);
        if (!value.startsWith("file:")) {
            return value;
        }
        Path file = Path.of(value.substring("file:".length()));
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static void required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }
}
