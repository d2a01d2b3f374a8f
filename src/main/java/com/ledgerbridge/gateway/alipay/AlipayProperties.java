package com.ledgerbridge.gateway.alipay;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.gateways.alipay.* — whether Alipay is an active gateway, our merchant identity at Alipay, how
 * Alipay's signatures are checked (its public key, or its certificates), and the daily bill download. Key and
 * certificate values are the text itself (bare base64 or PEM, as from the environment) or {@code file:<path>}.
 * Checked at start-up: a missing id, a key that does not parse, or a certificate that is expired or does not chain
 * to Alipay's root stops the application with the setting's name.
 *
 * @param enabled     Alipay notifications are received at {@code POST /webhooks/alipay}
 * @param appId       our app id; notifications for another app are refused
 * @param sellerId    our merchant (seller) id, the PID {@code 2088…}; notifications for another seller and bills of
 *                    another account are refused
 * @param mode        {@code public-key} (default: {@code public-key} is Alipay's public key) or {@code certificate}
 *                    (Alipay's public-key certificate and root bundle, in {@code certificate})
 * @param publicKey   public-key mode: Alipay's public key (支付宝公钥), not our app's
 * @param certificate certificate mode: Alipay's certificates
 * @param sandbox     demo mode: a sandbox key pair stands in for Alipay's
 * @param download    the daily trade bill download through Alipay's open API
 */
@ConfigurationProperties("ledgerbridge.gateways.alipay")
public record AlipayProperties(boolean enabled, String appId, String sellerId, Mode mode, String publicKey,
        Certificate certificate, Sandbox sandbox, Download download) {

    static final String PREFIX = "ledgerbridge.gateways.alipay.";

    /** How Alipay's signatures are verified. */
    public enum Mode {
        /** With the Alipay public key from the open platform console. */
        PUBLIC_KEY,
        /** With the key of Alipay's public-key certificate, checked against Alipay's root certificates. */
        CERTIFICATE
    }

    public AlipayProperties {
        mode = mode == null ? Mode.PUBLIC_KEY : mode;
        sandbox = sandbox == null ? new Sandbox(false, null, null) : sandbox;
        download = download == null ? new Download(false, null, null, null) : download;
        if (enabled) {
            required(appId, PREFIX + "app-id");
            required(sellerId, PREFIX + "seller-id");
            if (mode == Mode.PUBLIC_KEY) {
                try {
                    AlipayKeys.publicKey(resolve(publicKey, PREFIX + "public-key"));
                } catch (IllegalArgumentException e) {
                    throw named(PREFIX + "public-key", e);
                }
            } else {
                if (certificate == null) {
                    throw new IllegalArgumentException(PREFIX + "certificate.alipay-certs and " + PREFIX
                            + "certificate.root-certs must be set in certificate mode");
                }
                certificate.alipayCertificates(Instant.now());
                if (download.enabled()) {
                    certificate.appCertificate();
                }
            }
        }
        if (sandbox.enabled() && !enabled) {
            throw new IllegalArgumentException(PREFIX + "sandbox.enabled needs " + PREFIX + "enabled: the sandbox pays "
                    + "through the Alipay webhook");
        }
        if (download.enabled() && !enabled) {
            throw new IllegalArgumentException(PREFIX + "download.enabled needs " + PREFIX + "enabled (the app id, "
                    + "seller id and Alipay's key or certificates)");
        }
    }

    /**
     * Certificate mode (公钥证书模式).
     *
     * @param alipayCerts Alipay's public-key certificate {@code alipayCertPublicKey_RSA2.crt} (PEM, with the
     *                    intermediates Alipay ships in it); during a certificate rotation both the old and the new
     *                    one, told apart by the {@code alipay_cert_sn} Alipay sends
     * @param rootCerts   Alipay's root certificate bundle {@code alipayRootCert.crt}
     * @param appCert     our app's public-key certificate {@code appCertPublicKey_<app id>.crt}; needed only by the
     *                    bill download, whose requests name its SN ({@code app_cert_sn})
     */
    public record Certificate(List<String> alipayCerts, String rootCerts, String appCert) {

        public Certificate {
            alipayCerts = alipayCerts == null ? List.of() : List.copyOf(alipayCerts);
        }

        /** Alipay's root certificates; the ones the JDK cannot read (SM2) are left out. */
        public List<X509Certificate> roots() {
            String key = PREFIX + "certificate.root-certs";
            try {
                return AlipayCertificates.readPem(resolve(rootCerts, key), true);
            } catch (IllegalArgumentException e) {
                throw named(key, e);
            }
        }

        /**
         * Alipay's signing certificates, each checked to be valid at {@code now} and to chain to a root.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public List<X509Certificate> alipayCertificates(Instant now) {
            String key = PREFIX + "certificate.alipay-certs";
            if (alipayCerts.isEmpty()) {
                throw new IllegalArgumentException(key + " must be set in certificate mode");
            }
            List<X509Certificate> roots = roots();
            List<X509Certificate> signing = new ArrayList<>();
            for (int i = 0; i < alipayCerts.size(); i++) {
                String itemKey = key + "[" + i + "]";
                try {
                    signing.add(AlipayCertificates.checkChain(
                            AlipayCertificates.readPem(resolve(alipayCerts.get(i), itemKey), false), roots, now));
                } catch (IllegalArgumentException e) {
                    throw named(itemKey, e);
                }
            }
            return List.copyOf(signing);
        }

        /** Our app's certificate (its first one). */
        public X509Certificate appCertificate() {
            String key = PREFIX + "certificate.app-cert";
            try {
                return AlipayCertificates.readPem(resolve(appCert, key), false).get(0);
            } catch (IllegalArgumentException e) {
                throw named(key, e);
            }
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

    /**
     * The daily trade bill through {@code alipay.data.dataservice.bill.downloadurl.query}.
     *
     * @param enabled       whether the bill download is offered ({@code AlipayBillDownload})
     * @param gatewayUrl    Alipay's open API gateway (default {@value #PRODUCTION_GATEWAY}; the sandbox is
     *                      {@code https://openapi-sandbox.dl.alipaydev.com/gateway.do})
     * @param appPrivateKey our app's private key (应用私钥, PKCS#8), which signs the requests; from the environment
     * @param userAgent     sent with every request (the bill CDN has refused client libraries' default agents)
     */
    public record Download(boolean enabled, String gatewayUrl, String appPrivateKey, String userAgent) {

        public static final String PRODUCTION_GATEWAY = "https://openapi.alipay.com/gateway.do";
        public static final String DEFAULT_USER_AGENT = "Ledgerbridge/0.1 (settlement bill download)";

        public Download {
            gatewayUrl = gatewayUrl == null || gatewayUrl.isBlank() ? PRODUCTION_GATEWAY : gatewayUrl.strip();
            userAgent = userAgent == null || userAgent.isBlank() ? DEFAULT_USER_AGENT : userAgent.strip();
            if (enabled) {
                try {
                    URI uri = new URI(gatewayUrl);
                    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                            || uri.getQuery() != null) {
                        throw new URISyntaxException(gatewayUrl, "not an http(s) URL without a query");
                    }
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException(PREFIX + "download.gateway-url: " + e.getReason());
                }
                try {
                    AlipayKeys.privateKey(resolve(appPrivateKey, PREFIX + "download.app-private-key"));
                } catch (IllegalArgumentException e) {
                    throw named(PREFIX + "download.app-private-key", e);
                }
            }
        }

        String appPrivateKeyText() {
            return resolve(appPrivateKey, PREFIX + "download.app-private-key");
        }
    }

    public String publicKeyText() {
        return resolve(publicKey, PREFIX + "public-key");
    }

    /** The key or certificate text itself, or the content of the file a {@code file:<path>} value names. */
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

    /**
     * The failure with the setting's name in front, once; without the cause, whose message it repeats, so that the
     * root cause of a failed start-up names the setting.
     */
    private static IllegalArgumentException named(String key, IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith(PREFIX) ? e : new IllegalArgumentException(key + ": " + message);
    }

    private static void required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }
}
