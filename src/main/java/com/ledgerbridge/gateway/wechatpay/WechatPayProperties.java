package com.ledgerbridge.gateway.wechatpay;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.gateways.wechatpay.* — WeChat Pay API v3: whether it is an active gateway, our merchant identity,
 * the keys that prove a notification came from WeChat Pay, the APIv3 key that decrypts it, and the settings of the
 * trade-bill download. Key values are the text itself (PEM) or {@code file:<path>}. Checked at start-up when
 * enabled: a missing or unreadable value stops the application naming its key (never showing a secret).
 *
 * @param enabled              notifications are received at {@code POST /webhooks/wechatpay}
 * @param mchId                our merchant id (mchid); notifications and bills of another merchant are refused
 * @param appId                our app id (appid); payment notifications for another app are refused
 * @param apiV3Key             the APIv3 key (32 characters) that decrypts notification resources; from the
 *                             environment only
 * @param publicKeyId          the WeChat Pay public key's id ({@code PUB_KEY_ID_…}), as notifications name it in
 *                             {@code Wechatpay-Serial}
 * @param publicKey            the WeChat Pay public key (微信支付公钥), PEM or {@code file:}
 * @param platformCertificates WeChat Pay platform certificates (平台证书), PEM or {@code file:} each; a notification
 *                             naming a certificate's serial (hex) is verified with it
 * @param timestampTolerance   how far {@code Wechatpay-Timestamp} may be from our clock, either way (default 300 s)
 * @param billDownload         the trade-bill download API
 */
@ConfigurationProperties("ledgerbridge.gateways.wechatpay")
public record WechatPayProperties(boolean enabled, String mchId, String appId, String apiV3Key, String publicKeyId,
        String publicKey, List<String> platformCertificates, Duration timestampTolerance, BillDownload billDownload) {

    static final String PREFIX = "ledgerbridge.gateways.wechatpay.";
    static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    static final int API_V3_KEY_BYTES = 32;

    public WechatPayProperties {
        platformCertificates = platformCertificates == null ? List.of() : List.copyOf(platformCertificates);
        timestampTolerance = timestampTolerance == null ? DEFAULT_TOLERANCE : timestampTolerance;
        billDownload = billDownload == null ? new BillDownload(false, null, null, null) : billDownload;
        if (enabled) {
            required(mchId, "mch-id");
            required(appId, "app-id");
            required(apiV3Key, "api-v3-key");
            if (apiV3Key.getBytes(StandardCharsets.UTF_8).length != API_V3_KEY_BYTES) {
                throw new IllegalArgumentException(PREFIX + "api-v3-key must be the 32-character APIv3 key set in the "
                        + "merchant platform (it is " + apiV3Key.length() + " characters)");
            }
            if (timestampTolerance.isNegative() || timestampTolerance.isZero()
                    || timestampTolerance.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(PREFIX + "timestamp-tolerance must be more than 0 and at most 1 day, "
                        + "got " + timestampTolerance);
            }
            boolean hasPublicKey = publicKey != null && !publicKey.isBlank();
            boolean hasPublicKeyId = publicKeyId != null && !publicKeyId.isBlank();
            if (hasPublicKey != hasPublicKeyId) {
                throw new IllegalArgumentException(PREFIX + (hasPublicKey ? "public-key-id" : "public-key")
                        + " must be set with " + PREFIX + (hasPublicKey ? "public-key" : "public-key-id"));
            }
            if (!hasPublicKey && platformCertificates.isEmpty()) {
                throw new IllegalArgumentException(PREFIX + "public-key (with public-key-id) or "
                        + PREFIX + "platform-certificates must be set: nothing could verify a notification");
            }
            // the fields are assigned only after this block: the checks get the values
            if (hasPublicKey) {
                parsePublicKey(publicKey);
            }
            parseCertificates(platformCertificates);
        }
        if (billDownload.enabled() && !enabled) {
            throw new IllegalArgumentException(PREFIX + "bill-download.enabled needs " + PREFIX + "enabled");
        }
    }

    /**
     * The trade-bill download ({@code GET /v3/bill/tradebill}), signed with our merchant API key.
     *
     * @param enabled            bills are downloaded through the API (else they are dropped into the folder by hand)
     * @param baseUrl            the API's address, {@code https://api.mch.weixin.qq.com} in production
     * @param merchantSerialNo   the serial number (hex) of our merchant API certificate
     * @param merchantPrivateKey our merchant API private key (apiclient_key.pem, PKCS#8), PEM or {@code file:}; from
     *                           the environment or a file only
     */
    public record BillDownload(boolean enabled, String baseUrl, String merchantSerialNo, String merchantPrivateKey) {

        public BillDownload {
            baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://api.mch.weixin.qq.com" : baseUrl.strip();
            if (enabled) {
                URI uri;
                try {
                    uri = URI.create(baseUrl);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PREFIX + "bill-download.base-url is not a URL: " + baseUrl);
                }
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                        || uri.getRawQuery() != null) {
                    throw new IllegalArgumentException(PREFIX + "bill-download.base-url must be an http(s) address "
                            + "without a query, got " + baseUrl);
                }
                required(merchantSerialNo, "bill-download.merchant-serial-no");
                if (!merchantSerialNo.matches("[0-9A-Fa-f]+")) {
                    throw new IllegalArgumentException(PREFIX + "bill-download.merchant-serial-no must be the "
                            + "certificate's serial number in hex");
                }
                required(merchantPrivateKey, "bill-download.merchant-private-key");
                try {
                    WechatPayKeys.privateKey(WechatPayKeys.resolve(merchantPrivateKey));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(PREFIX + "bill-download.merchant-private-key: " + e.getMessage());
                }
            }
        }

        /** The base URL without a trailing slash. */
        String apiBase() {
            return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        }

        @Override
        public String toString() {
            return "BillDownload[enabled=" + enabled + ", baseUrl=" + baseUrl + ", merchantSerialNo=" + merchantSerialNo
                    + ", merchantPrivateKey=" + (merchantPrivateKey == null ? "unset" : "(secret)") + "]";
        }
    }

    /** The WeChat Pay public key, or null when only platform certificates are configured. */
    java.security.PublicKey parsedPublicKey() {
        return parsePublicKey(publicKey);
    }

    private static java.security.PublicKey parsePublicKey(String publicKey) {
        if (publicKey == null || publicKey.isBlank()) {
            return null;
        }
        try {
            return WechatPayKeys.publicKey(WechatPayKeys.resolve(publicKey));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "public-key: " + e.getMessage());
        }
    }

    /** The platform certificates, each parsed; two with one serial number are refused. */
    List<X509Certificate> parsedPlatformCertificates() {
        return parseCertificates(platformCertificates);
    }

    private static List<X509Certificate> parseCertificates(List<String> platformCertificates) {
        List<X509Certificate> certificates = new ArrayList<>();
        Set<java.math.BigInteger> serials = new HashSet<>();
        for (int i = 0; i < platformCertificates.size(); i++) {
            String key = PREFIX + "platform-certificates[" + i + "]";
            X509Certificate certificate;
            try {
                certificate = WechatPayKeys.certificate(WechatPayKeys.resolve(platformCertificates.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
            if (!serials.add(certificate.getSerialNumber())) {
                throw new IllegalArgumentException(key + ": a second certificate with serial "
                        + certificate.getSerialNumber().toString(16).toUpperCase());
            }
            certificates.add(certificate);
        }
        return certificates;
    }

    private static void required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PREFIX + key + " must be set");
        }
    }

    @Override
    public String toString() {
        return "WechatPayProperties[enabled=" + enabled + ", mchId=" + mchId + ", appId=" + appId + ", apiV3Key="
                + (apiV3Key == null ? "unset" : "(secret)") + ", publicKeyId=" + publicKeyId + ", platformCertificates="
                + platformCertificates.size() + ", timestampTolerance=" + timestampTolerance + ", billDownload="
                + billDownload + "]";
    }
}
