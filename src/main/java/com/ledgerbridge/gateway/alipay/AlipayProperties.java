package com.ledgerbridge.gateway.alipay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.alipay.* — our merchant identity at Alipay and Alipay's public key. Key values are either
 * the key itself (bare base64 or PEM, as from the environment) or {@code file:<path>}.
 */
@ConfigurationProperties("ledgerbridge.alipay")
public record AlipayProperties(String appId, String sellerId, String publicKey, Sandbox sandbox) {

    /** Demo mode: a sandbox key pair stands in for Alipay's, so a user can simulate a payment. */
    public record Sandbox(boolean enabled, String privateKey, String webhookUrl) {
    }

    public String publicKeyText() {
        return resolve(publicKey, "ledgerbridge.alipay.public-key (ALIPAY_PUBLIC_KEY)");
    }

    static String resolve(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        if (value.startsWith("file:")) {
            Path file = Path.of(value.substring("file:".length()));
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + " from " + file, e);
            }
        }
        return value;
    }
}
