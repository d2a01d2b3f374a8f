package com.ledgerbridge.gateway.stripe;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.gateways.stripe.* — whether Stripe is an active gateway, the webhook endpoint's signing secrets, which
 * Stripe account and mode are ours, and how the balance-transactions bill is read and downloaded. Checked at start-up:
 * a bad value stops the application with the key's name (never with a secret's value).
 *
 * @param enabled              Stripe events are received at {@code POST /webhooks/stripe}
 * @param endpointSecrets      the endpoint's signing secrets ({@code whsec_…}); several while a secret is rolled,
 *                             any one of them verifies
 * @param tolerance            how far the signature's timestamp may be from our clock, either way (default 300 s)
 * @param livemode             whether we take live events ({@code true}) or test-mode events ({@code false})
 * @param accountId            our connected account ({@code acct_…}) when the endpoint is a Connect endpoint; events of
 *                             other accounts are refused. Blank: only events of the platform account itself
 * @param referenceMetadataKey the PaymentIntent metadata key that carries our invoice number
 * @param bill                 reading the balance-transactions bill
 * @param download             downloading it through the API
 */
@ConfigurationProperties("ledgerbridge.gateways.stripe")
public record StripeProperties(boolean enabled, List<String> endpointSecrets, Duration tolerance, boolean livemode,
        String accountId, String referenceMetadataKey, Bill bill, Download download) {

    static final String PREFIX = "ledgerbridge.gateways.stripe.";
    static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

    public StripeProperties {
        endpointSecrets = endpointSecrets == null ? List.of()
                : endpointSecrets.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        tolerance = tolerance == null ? DEFAULT_TOLERANCE : tolerance;
        accountId = accountId == null || accountId.isBlank() ? null : accountId.strip();
        referenceMetadataKey = referenceMetadataKey == null ? "invoice_number" : referenceMetadataKey.strip();
        bill = bill == null ? new Bill(null) : bill;
        download = download == null ? new Download(false, null, null, 0, null, null) : download;
        if (enabled) {
            if (endpointSecrets.isEmpty()) {
                throw new IllegalArgumentException(PREFIX + "endpoint-secrets must name at least one signing secret "
                        + "(env STRIPE_WEBHOOK_SECRETS, comma-separated)");
            }
            for (int i = 0; i < endpointSecrets.size(); i++) {
                if (!endpointSecrets.get(i).startsWith("whsec_") || endpointSecrets.get(i).length() < 12) {
                    // the value itself is a secret: say which one, never what it is
                    throw new IllegalArgumentException(PREFIX + "endpoint-secrets[" + i + "] is not a webhook signing "
                            + "secret (expected whsec_…, as the Dashboard shows it)");
                }
            }
        }
        if (tolerance.isNegative() || tolerance.isZero() || tolerance.compareTo(Duration.ofHours(1)) > 0) {
            // zero would switch the check off in stripe-java; we never allow that
            throw new IllegalArgumentException(PREFIX + "tolerance must be between 1 s and 1 h, was " + tolerance);
        }
        if (accountId != null && !accountId.matches("acct_[A-Za-z0-9]+")) {
            throw new IllegalArgumentException(PREFIX + "account-id must be a Stripe account id (acct_…), was '"
                    + accountId + "'");
        }
        if (referenceMetadataKey.isEmpty() || referenceMetadataKey.length() > 40
                || !referenceMetadataKey.matches("[A-Za-z0-9_.\\-]+")) {
            // Stripe metadata keys are at most 40 characters; the bill names the column payment_metadata[<key>]
            throw new IllegalArgumentException(PREFIX + "reference-metadata-key must be a metadata key of at most 40 "
                    + "letters, digits, '_', '-' or '.', was '" + referenceMetadataKey + "'");
        }
        if (download.enabled() && !enabled) {
            throw new IllegalArgumentException(PREFIX + "download.enabled needs " + PREFIX + "enabled");
        }
    }

    /** Never prints the secrets (a record would). */
    @Override
    public String toString() {
        return "StripeProperties[enabled=" + enabled + ", endpointSecrets=" + endpointSecrets.size() + " (hidden)"
                + ", tolerance=" + tolerance + ", livemode=" + livemode + ", accountId=" + accountId
                + ", referenceMetadataKey=" + referenceMetadataKey + ", bill=" + bill + ", download=" + download + "]";
    }

    /**
     * Reading the balance-transactions bill.
     *
     * @param zone the zone whose calendar day a balance transaction's {@code created} falls on is its bill date (and
     *             the day a download asks for); default UTC, the zone Stripe's {@code *_utc} columns are in
     */
    public record Bill(String zone) {

        public Bill {
            zone = zone == null || zone.isBlank() ? "UTC" : zone.strip();
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(PREFIX + "bill.zone is not a time zone: '" + zone + "'");
            }
        }

        public ZoneId zoneId() {
            return ZoneId.of(zone);
        }
    }

    /**
     * Downloading a day's balance transactions ({@code GET /v1/balance_transactions}) into the bill format.
     *
     * @param enabled        a {@link StripeBalanceBillDownload} exists
     * @param apiBase        Stripe's API, {@code https://api.stripe.com} (a simulator in tests)
     * @param apiKey         a secret or restricted key with read access to balance transactions (env STRIPE_API_KEY);
     *                       never logged
     * @param pageSize       transactions per request, 1 to 100 (Stripe's maximum, the default)
     * @param connectTimeout how long to wait for a connection (default 10 s)
     * @param readTimeout    how long to wait for an answer (default 60 s)
     */
    public record Download(boolean enabled, URI apiBase, String apiKey, int pageSize, Duration connectTimeout,
            Duration readTimeout) {

        public Download {
            apiBase = apiBase == null ? URI.create("https://api.stripe.com") : apiBase;
            apiKey = apiKey == null ? "" : apiKey.strip();
            pageSize = pageSize == 0 ? 100 : pageSize;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
            if (pageSize < 1 || pageSize > 100) {
                throw new IllegalArgumentException(PREFIX + "download.page-size must be between 1 and 100, was "
                        + pageSize);
            }
            if (!("https".equals(apiBase.getScheme()) || "http".equals(apiBase.getScheme())) || apiBase.getHost() == null) {
                throw new IllegalArgumentException(PREFIX + "download.api-base must be an http(s) URL, was " + apiBase);
            }
            if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
                throw new IllegalArgumentException(PREFIX + "download.connect-timeout and read-timeout must be positive");
            }
            if (enabled && !(apiKey.startsWith("sk_") || apiKey.startsWith("rk_"))) {
                throw new IllegalArgumentException(PREFIX + "download.api-key must be a secret or restricted API key "
                        + "(sk_… or rk_…; env STRIPE_API_KEY)");
            }
        }

        @Override
        public String toString() {
            return "Download[enabled=" + enabled + ", apiBase=" + apiBase + ", apiKey=" + (apiKey.isEmpty() ? "unset"
                    : "(hidden)") + ", pageSize=" + pageSize + ", connectTimeout=" + connectTimeout + ", readTimeout="
                    + readTimeout + "]";
        }
    }
}
