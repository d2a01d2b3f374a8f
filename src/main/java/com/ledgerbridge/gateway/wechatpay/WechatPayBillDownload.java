package com.ledgerbridge.gateway.wechatpay;

import com.ledgerbridge.failure.RetryAfterHeader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.gateway.SettlementBillDownload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Downloads a day's trade bill through the WeChat Pay API v3, in two signed GETs (camel-http, the application's one
 * outbound client configuration):
 * <ol>
 * <li>{@code GET /v3/bill/tradebill?bill_date=yyyy-MM-dd&bill_type=ALL} answers
 * {@code {"hash_type":"SHA1","hash_value":…,"download_url":…}}; the answer must carry WeChat Pay's valid signature
 * (as the official SDK checks every API answer), so that the hash and address are WeChat Pay's own;</li>
 * <li>{@code GET <download_url>} streams the file into the folder under a temporary name; its SHA-1 must equal
 * {@code hash_value}; then it is moved into place as {@code wechatpay-<mchid>-tradebill-<date>.csv}.</li>
 * </ol>
 * Outcomes: {@code 400 NO_STATEMENT_EXIST} (no trades that day) is no bill; {@code 400 STATEMENT_CREATING} (not
 * ready yet), 408, 429, 5xx, no answer, an expired download address, and a file whose hash differs are transient;
 * 401/403 (our key or serial refused, no permission), other 4xx and an answer not signed by WeChat Pay are permanent.
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.wechatpay", name = {"enabled", "bill-download.enabled"},
        havingValue = "true")
public class WechatPayBillDownload implements SettlementBillDownload {

    private static final Logger log = LoggerFactory.getLogger(WechatPayBillDownload.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "Ledgerbridge (WeChat Pay APIv3 trade bill download)";
    private static final String TRADE_BILL_PATH = "/v3/bill/tradebill";
    private static final int MAX_BODY = 500;

    private final String apiBase;
    private final String endpointUri;
    private final String mchId;
    private final WechatPayRequestSigner signer;
    private final WechatPaySignatures signatures;
    private final ProducerTemplate http;
    private final Clock clock;

    public WechatPayBillDownload(WechatPayProperties properties, ProducerTemplate http, Clock clock) {
        WechatPayProperties.BillDownload settings = properties.billDownload();
        this.apiBase = settings.apiBase();
        // failures come back as a status to decide on here, not as an exception thrown inside camel-http; the answer
        // is the network stream itself (no stream cache: a bill is never held in memory), open until the exchange
        // completes; each call names its own address (Exchange.HTTP_URI), so one endpoint serves every day and token
        this.endpointUri = apiBase + TRADE_BILL_PATH + "?throwExceptionOnFailure=false&disableStreamCache=true";
        this.mchId = properties.mchId();
        this.signer = new WechatPayRequestSigner(properties.mchId(), settings.merchantSerialNo(),
                WechatPayKeys.privateKey(WechatPayKeys.resolve(settings.merchantPrivateKey())), clock);
        this.signatures = WechatPaySignatures.of(properties, clock);
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String gateway() {
        return WechatPayNotificationReader.GATEWAY;
    }

    @Override
    public Optional<Path> download(LocalDate billDate, Path folder) {
        String date = billDate.format(DateTimeFormatter.ISO_LOCAL_DATE);
        String url = apiBase + TRADE_BILL_PATH + "?bill_date=" + date + "&bill_type=ALL";
        Optional<BillAddress> address = call(url, "application/json", answer -> billAddress(answer, date));
        return address.map(a -> call(a.downloadUrl(), "*/*", answer -> save(answer, a, date, folder)));
    }

    /** Step 1: where the bill is and its hash, or empty when there is no bill that day. */
    private Optional<BillAddress> billAddress(Exchange answer, String date) {
        int status = status(answer);
        byte[] body = bytes(answer);
        if (status != 200) {
            String code = errorCode(body);
            if (status == 400 && "NO_STATEMENT_EXIST".equals(code)) {
                log.info("WeChat Pay has no trade bill for {} (no trades that day)", date);
                return Optional.empty();
            }
            if (status == 400 && "STATEMENT_CREATING".equals(code)) {
                throw new TransientFailure("WeChat Pay is still making the trade bill for " + date
                        + " (STATEMENT_CREATING); it is ready from the next morning");
            }
            throw failure(status, answer, body, "GET " + TRADE_BILL_PATH + " for " + date);
        }
        WechatPaySignatures.Check check = signatures.verify(new WechatPaySignatures.Signed(
                header(answer, WechatPaySignatures.TIMESTAMP), header(answer, WechatPaySignatures.NONCE),
                header(answer, WechatPaySignatures.SIGNATURE), header(answer, WechatPaySignatures.SERIAL),
                header(answer, WechatPaySignatures.SIGNATURE_TYPE_HEADER), body));
        if (!check.valid()) {
            throw new PermanentFailure("the answer to GET " + TRADE_BILL_PATH + " for " + date
                    + " is not signed by WeChat Pay (" + check.reason() + ": " + check.detail() + "); check "
                    + WechatPayProperties.PREFIX + "public-key / platform-certificates");
        }
        return Optional.of(address(body, date));
    }

    private record BillAddress(String hashValue, String downloadUrl) {
    }

    private static BillAddress address(byte[] body, String date) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new PermanentFailure("the answer to GET " + TRADE_BILL_PATH + " for " + date + " is not JSON");
        }
        String hashType = json.path("hash_type").asText("");
        String hashValue = json.path("hash_value").asText("");
        String downloadUrl = json.path("download_url").asText("");
        if (!"SHA1".equals(hashType) || !hashValue.matches("[0-9a-fA-F]{40}")
                || !(downloadUrl.startsWith("https://") || downloadUrl.startsWith("http://"))) {
            throw new PermanentFailure("the answer to GET " + TRADE_BILL_PATH + " for " + date + " lacks a SHA1 "
                    + "hash_value or a download_url: " + oneLine(new String(body, StandardCharsets.UTF_8)));
        }
        return new BillAddress(hashValue, downloadUrl);
    }

    /** Step 2: the file, streamed into the folder while the answer is still open. */
    private Path save(Exchange answer, BillAddress address, String date, Path folder) {
        int status = status(answer);
        if (status != 200) {
            byte[] body = bytes(answer);
            if (status == 400 || status == 404) {
                // the address lives for a short while only; the next try asks for a new one
                throw new TransientFailure("the trade bill address for " + date + " was refused (HTTP " + status
                        + ", expired?): " + oneLine(new String(body, StandardCharsets.UTF_8)));
            }
            throw failure(status, answer, body, "GET the trade bill file for " + date);
        }
        Path target = folder.resolve("wechatpay-" + mchId + "-tradebill-" + date + ".csv");
        Path partial = null;
        try (InputStream body = answer.getMessage().getBody(InputStream.class)) {
            Files.createDirectories(folder);
            // a dot name the bill import does not pick up while it is being written
            partial = Files.createTempFile(folder, ".wechatpay-tradebill-" + date + "-", ".part");
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            long size = Files.copy(body == null ? InputStream.nullInputStream() : new DigestInputStream(body, sha1),
                    partial, StandardCopyOption.REPLACE_EXISTING);
            String hash = HexFormat.of().formatHex(sha1.digest());
            if (!hash.equalsIgnoreCase(address.hashValue())) {
                throw new TransientFailure("the trade bill for " + date + " arrived damaged: SHA-1 " + hash
                        + ", WeChat Pay announced " + address.hashValue() + " (" + size + " bytes)");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            partial = null;
            log.info("WeChat Pay trade bill for {} downloaded: {} ({} bytes)", date, target.getFileName(), size);
            return target;
        } catch (IOException e) {
            throw new TransientFailure("the trade bill for " + date + " could not be written to " + folder + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    log.warn("Could not remove the partial download {}: {}", partial, e.toString());
                }
            }
        }
    }

    /** One signed GET; {@code onAnswer} reads the answer while it is still open (before the exchange completes). */
    private <T> T call(String url, String accept, Function<Exchange, T> onAnswer) {
        URI uri = URI.create(url);
        String canonical = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> refusal = new AtomicReference<>();
        Exchange done = http.send(http.getCamelContext().getEndpoint(endpointUri), ExchangePattern.InOut, exchange -> {
            Message in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, "GET");
            in.setHeader(Exchange.HTTP_URI, url);
            in.setHeader("Accept", accept);
            in.setHeader("User-Agent", USER_AGENT);
            in.setHeader("Authorization", signer.authorization("GET", canonical, ""));
        }, answer -> {
            if (answer.getException() == null) {
                try {
                    result.set(onAnswer.apply(answer));
                } catch (RuntimeException e) {
                    refusal.set(e);
                }
            }
        });
        if (refusal.get() != null) {
            throw refusal.get();
        }
        if (done.getException() != null) {
            // no answer at all: refused connection, timeout, reset
            throw new TransientFailure("GET " + uri.getRawPath() + " at WeChat Pay failed: " + done.getException(),
                    done.getException());
        }
        return result.get();
    }

    private RuntimeException failure(int status, Exchange answer, byte[] body, String request) {
        StringBuilder text = new StringBuilder("HTTP ").append(status).append(" from WeChat Pay for ").append(request);
        if (status == 401 || status == 403) {
            text.append(" (our request was refused: check ").append(WechatPayProperties.PREFIX)
                    .append("bill-download.merchant-serial-no and merchant-private-key, and the account's permissions)");
        }
        if (body.length > 0) {
            text.append("; response: ").append(oneLine(new String(body, StandardCharsets.UTF_8)));
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new TransientFailure(text.toString(), RetryAfterHeader.parse(header(answer, "Retry-After"), clock), null);
        }
        return new PermanentFailure(text.toString());
    }


    private static int status(Exchange answer) {
        return answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    private static byte[] bytes(Exchange answer) {
        try (InputStream body = answer.getMessage().getBody(InputStream.class)) {
            return body == null ? new byte[0] : body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(Exchange answer, String name) {
        return answer.getMessage().getHeader(name, String.class);
    }

    private static String errorCode(byte[] body) {
        try {
            return JSON.readTree(body).path("code").asText(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_BODY ? flat : flat.substring(0, MAX_BODY) + "…";
    }
}
