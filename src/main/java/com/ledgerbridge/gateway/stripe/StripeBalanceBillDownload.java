package com.ledgerbridge.gateway.stripe;

import com.ledgerbridge.failure.RetryAfterHeader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.gateway.SettlementBillDownload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Downloads one day's balance transactions through Stripe's API ({@code GET /v1/balance_transactions}, the day's
 * {@code created} range in the bill zone, 100 a page, {@code starting_after} while {@code has_more}, with
 * {@code expand[]=data.source} so that a refund's and a dispute's charge is known) and writes them, page by page, as
 * the itemized balance report {@link StripeBalanceBillFormat} reads ({@link StripeBalanceCsv}): under a temporary
 * name, moved into place when complete. A day without transactions writes nothing.
 *
 * <p>HTTP goes through camel-http (the application's one outbound client configuration) with the secret key as bearer
 * token, never logged. A refused key (401, 403) or request (other 4xx) is a {@link PermanentFailure}; 429 (with its
 * Retry-After), 408, 5xx, a timeout or no connection a {@link TransientFailure}. For a Connect account the
 * {@code Stripe-Account} header names it, and the file name carries it.
 *
 * <p>Limits: the PaymentIntent's metadata is not reachable through this expansion, so the {@code payment_metadata}
 * column carries the <em>charge's</em> metadata (Stripe does not copy a PaymentIntent's metadata onto its charge),
 * and {@code automatic_payout_id} is not written (the list API does not give it per transaction).
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.stripe.download", name = "enabled", havingValue = "true")
public class StripeBalanceBillDownload implements SettlementBillDownload {

    private static final Logger log = LoggerFactory.getLogger(StripeBalanceBillDownload.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 300;

    private final String endpointUri;
    private final String requestDescription;
    private final String apiKey;
    private final String accountId;
    private final int pageSize;
    private final ZoneId zone;
    private final String referenceMetadataKey;
    private final List<String> columns;
    private final ProducerTemplate http;
    private final Clock clock;

    public StripeBalanceBillDownload(StripeProperties properties, ProducerTemplate http, Clock clock) {
        StripeProperties.Download download = properties.download();
        String base = download.apiBase().toString().replaceAll("/+$", "");
        // failures come back as a status to decide on here, not as an exception thrown inside camel-http
        this.endpointUri = base + "/v1/balance_transactions?throwExceptionOnFailure=false"
                + "&connectTimeout=" + download.connectTimeout().toMillis()
                + "&responseTimeout=" + download.readTimeout().toMillis()
                + "&soTimeout=" + download.readTimeout().toMillis();
        this.requestDescription = "GET " + base + "/v1/balance_transactions";
        this.apiKey = download.apiKey();
        this.accountId = properties.accountId();
        this.pageSize = download.pageSize();
        this.zone = properties.bill().zoneId();
        this.referenceMetadataKey = properties.referenceMetadataKey();
        this.columns = StripeBalanceCsv.columns(referenceMetadataKey, accountId != null);
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String gateway() {
        return StripePaymentEvents.GATEWAY;
    }

    /** The bill file's name: the day, and the Connect account when there is one. */
    String fileName(LocalDate billDate) {
        return "stripe-balance-" + (accountId == null ? "" : accountId + "-") + billDate + ".csv";
    }

    @Override
    public Optional<Path> download(LocalDate billDate, Path folder) {
        long from = billDate.atStartOfDay(zone).toEpochSecond();
        long until = billDate.plusDays(1).atStartOfDay(zone).toEpochSecond();
        Path target = folder.resolve(fileName(billDate));
        Path temporary = folder.resolve("." + target.getFileName() + ".part");
        int rows = 0;
        try {
            Files.createDirectories(folder);
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
                    CSVPrinter csv = new CSVPrinter(writer, StripeBalanceCsv.FORMAT)) {
                csv.printRecord(columns);
                String startingAfter = null;
                boolean hasMore = true;
                int page = 0;
                while (hasMore) {
                    JsonNode list = page(from, until, startingAfter, ++page);
                    JsonNode data = list.get("data");
                    for (JsonNode transaction : data) {
                        csv.printRecord(row(transaction));
                        rows++;
                    }
                    hasMore = list.path("has_more").asBoolean(false);
                    if (hasMore) {
                        String last = data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText(null);
                        if (last == null || last.equals(startingAfter)) {
                            throw new PermanentFailure(requestDescription + " page " + page + " says has_more but gives "
                                    + "no new last id to continue after");
                        }
                        startingAfter = last;
                    }
                }
            }
            if (rows == 0) {
                Files.deleteIfExists(temporary);
                log.info("Stripe has no balance transactions for {} ({}): no bill", billDate, zone);
                return Optional.empty();
            }
            move(temporary, target);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("could not write the Stripe bill " + target, e);
        } catch (RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
        log.info("Stripe bill for {} ({}): {} balance transactions in {}", billDate, zone, rows, target);
        return Optional.of(target);
    }

    private JsonNode page(long from, long until, String startingAfter, int page) {
        StringBuilder query = new StringBuilder()
                .append(encode("created[gte]")).append('=').append(from)
                .append('&').append(encode("created[lt]")).append('=').append(until)
                .append("&limit=").append(pageSize)
                .append('&').append(encode("expand[]")).append('=').append(encode("data.source"));
        if (startingAfter != null) {
            query.append("&starting_after=").append(encode(startingAfter));
        }
        Exchange response = http.send(endpointUri, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
            exchange.getIn().setHeader(Exchange.HTTP_QUERY, query.toString());
            exchange.getIn().setHeader("Accept", "application/json");
            exchange.getIn().setHeader("Authorization", "Bearer " + apiKey);
            if (accountId != null) {
                exchange.getIn().setHeader("Stripe-Account", accountId);
            }
        });
        if (response.getException() != null) {
            // no answer at all: refused connection, timeout, reset
            throw new TransientFailure(requestDescription + " page " + page + " failed: "
                    + redact(String.valueOf(response.getException())), response.getException());
        }
        int status = response.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = response.getMessage().getBody(byte[].class);
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (status < 200 || status > 299) {
            throw failure(status, response.getMessage().getHeader("Retry-After", String.class), text, page);
        }
        JsonNode list;
        try {
            list = JSON.readTree(text);
        } catch (IOException e) {
            throw new PermanentFailure(requestDescription + " page " + page + " answered 200 with a body that is not "
                    + "JSON: " + e.getMessage());
        }
        if (list == null || !"list".equals(list.path("object").asText()) || !list.path("data").isArray()) {
            throw new PermanentFailure(requestDescription + " page " + page + " answered 200 without a list of "
                    + "balance transactions");
        }
        return list;
    }

    private RuntimeException failure(int status, String retryAfter, String body, int page) {
        StringBuilder text = new StringBuilder("HTTP ").append(status).append(" from ").append(requestDescription)
                .append(" page ").append(page);
        if (status == 401 || status == 403) {
            text.append(" (Stripe refused the API key: check ledgerbridge.gateways.stripe.download.api-key, env "
                    + "STRIPE_API_KEY; it needs read access to balance transactions)");
        }
        if (status == 429) {
            text.append(" (rate limited").append(retryAfter == null ? "" : "; Retry-After " + retryAfter).append(')');
        }
        String message = errorMessage(body);
        if (message != null) {
            text.append("; Stripe says: ").append(message);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new TransientFailure(text.toString(), RetryAfterHeader.parse(retryAfter, clock), null);
        }
        return new PermanentFailure(text.toString());
    }

    /** Stripe's {@code error.message}, shortened, with anything key-like masked. */
    private static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        String message;
        try {
            message = JSON.readTree(body).path("error").path("message").asText(null);
        } catch (IOException e) {
            message = body;
        }
        if (message == null) {
            return null;
        }
        String flat = redact(message.replaceAll("\\s+", " ").strip());
        return flat.length() <= MAX_ERROR_TEXT ? flat : flat.substring(0, MAX_ERROR_TEXT) + "…";
    }

    private static String redact(String text) {
        return text.replaceAll("\\b(sk|rk|whsec)_[A-Za-z0-9_]+", "$1_****");
    }


    /** One balance transaction as a report row, in {@link #columns} order. */
    private List<String> row(JsonNode transaction) {
        JsonNode source = transaction.get("source");
        String sourceId = source == null || source.isNull() ? null
                : source.isObject() ? source.path("id").asText(null) : source.asText();
        String sourceType = source != null && source.isObject() ? source.path("object").asText("") : "";
        String chargeId = switch (sourceType) {
            case "charge" -> sourceId;
            case "refund", "dispute" -> StripeEvent.text(source, "charge");
            default -> null;
        };
        String customer = sourceType.equals("charge") ? StripeEvent.text(source, "customer") : null;
        String paymentIntent = source != null && source.isObject() ? StripeEvent.text(source, "payment_intent") : null;
        String reference = sourceType.equals("charge")
                ? StripeEvent.text(source.path("metadata"), referenceMetadataKey) : null;
        String currency = transaction.path("currency").asText("");
        List<String> row = new ArrayList<>(columns.size());
        row.add(transaction.path("id").asText(""));
        row.add(time(transaction, "created"));
        row.add(time(transaction, "available_on"));
        row.add(currency);
        row.add(major(transaction.path("amount"), currency));
        row.add(major(transaction.path("fee"), currency));
        row.add(major(transaction.path("net"), currency));
        row.add(transaction.path("reporting_category").asText(""));
        row.add(sourceId);
        row.add(transaction.path("description").asText(""));
        row.add(customer);
        row.add(chargeId);
        row.add(paymentIntent);
        row.add(reference);
        if (accountId != null) {
            row.add(accountId);
        }
        return row;
    }

    private static String time(JsonNode transaction, String field) {
        JsonNode value = transaction.get(field);
        return value != null && value.canConvertToLong() ? StripeBalanceCsv.time(Instant.ofEpochSecond(value.asLong()))
                : "";
    }

    /**
     * An API amount (smallest unit) in major units, as the reports write it: {@code 1234} USD is {@code 12.34},
     * {@code 5000} JPY is {@code 5000}, {@code 50000} ISK is {@code 500}. What cannot be converted is written as it
     * comes, for the reader to refuse that row by its line number.
     */
    private static String major(JsonNode amount, String currencyCode) {
        if (amount == null || !amount.isIntegralNumber()) {
            return amount == null || amount.isNull() ? "" : amount.asText();
        }
        try {
            Currency currency = StripeAmounts.currency(currencyCode);
            try {
                return StripeAmounts.money(amount.longValue(), currency).amount().toPlainString();
            } catch (IllegalArgumentException notWhole) {
                return BigDecimal.valueOf(amount.longValue(), StripeAmounts.stripeDecimals(currency)).toPlainString();
            }
        } catch (IllegalArgumentException unknownCurrency) {
            return amount.asText();
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the partial Stripe bill {}: {}", file, e.toString());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
