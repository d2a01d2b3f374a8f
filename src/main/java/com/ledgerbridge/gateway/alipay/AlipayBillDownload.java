package com.ledgerbridge.gateway.alipay;

import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.gateway.SettlementBillDownload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Downloads a day's trade bill: {@code alipay.data.dataservice.bill.downloadurl.query} ({@code bill_type=trade},
 * {@code bill_date}) answers a {@code bill_download_url}, valid for 30 seconds, which is fetched at once (with an
 * explicit User-Agent: the bill CDN has refused client libraries' defaults) and written into the folder under a
 * temporary name, then moved into place as {@code alipay-trade-<bill date>.csv.zip}.
 *
 * <ul>
 * <li>No bill for the day ({@code sub_code} {@code isp.bill_not_exist}, or {@code NO_BILL_DATA} /
 * {@code BILL_NOT_EXIST} as seen elsewhere): empty.</li>
 * <li>Transient (retried by routes/error-handling.camel.yaml): no answer, HTTP 408/429/5xx, {@code code 20000}
 * (service unavailable) or a {@code SYSTEM_ERROR} sub code, an answer that is not the API's JSON, and a bill URL that
 * expired before it was fetched ({@code 下载超时，请重新下载}): the retry asks for a new URL.</li>
 * <li>Permanent: every other refusal ({@code 40002 isv.invalid-app-id}, {@code isv.invalid-signature},
 * {@code 40006} no permission, other HTTP 4xx), an answer whose signature does not hold, a bill that is not a
 * zip.</li>
 * </ul>
 * HTTP goes through camel-http (the application's one outbound client configuration), with a fresh exchange that
 * carries only the request's own headers.
 */
@Component
@ConditionalOnProperty(prefix = "ledgerbridge.gateways.alipay.download", name = "enabled", havingValue = "true")
public class AlipayBillDownload implements SettlementBillDownload {

    static final String METHOD = "alipay.data.dataservice.bill.downloadurl.query";
    private static final Logger log = LoggerFactory.getLogger(AlipayBillDownload.class);
    private static final Set<String> NO_BILL = Set.of("isp.bill_not_exist", "no_bill_data", "bill_not_exist");
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final int MAX_TEXT = 300;

    private final AlipayOpenApi api;
    private final String gatewayEndpoint;
    private final String gatewayUrl;
    private final String userAgent;
    private final ProducerTemplate http;

    @Autowired
    public AlipayBillDownload(AlipayProperties properties, ProducerTemplate http, Clock clock) {
        this(AlipayOpenApi.of(properties, clock), properties.download().gatewayUrl(), properties.download().userAgent(),
                http);
    }

    AlipayBillDownload(AlipayOpenApi api, String gatewayUrl, String userAgent, ProducerTemplate http) {
        this.api = api;
        this.gatewayUrl = gatewayUrl;
        // failures come back as a status to decide on here, not as an exception thrown inside camel-http
        this.gatewayEndpoint = gatewayUrl + "?throwExceptionOnFailure=false";
        this.userAgent = userAgent;
        this.http = http;
    }

    @Override
    public String gateway() {
        return AlipayPaymentEvents.GATEWAY;
    }

    @Override
    public Optional<Path> download(LocalDate billDate, Path folder) {
        AlipayOpenApi.SignedRequest request = api.request(METHOD,
                Map.of("bill_type", "trade", "bill_date", billDate.format(DateTimeFormatter.ISO_LOCAL_DATE)));
        Exchange response = http.send(gatewayEndpoint, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getIn().setHeader(Exchange.HTTP_QUERY, request.query());
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded;charset=utf-8");
            exchange.getIn().setHeader("User-Agent", userAgent);
            exchange.getIn().setBody(request.formBody());
        });
        String what = METHOD + " for " + billDate + " at " + gatewayUrl;
        String body = new String(answer(response, what), StandardCharsets.UTF_8);
        AlipayOpenApi.Answer answer;
        try {
            answer = api.read(request, body);
        } catch (AlipayOpenApi.UnreadableAnswer e) {
            if (e.isSignatureProblem()) {
                throw new PermanentFailure(what + ": " + e.getMessage() + " (check ledgerbridge.gateways.alipay."
                        + "public-key or certificate.alipay-certs)");
            }
            throw new TransientFailure(what + ": " + e.getMessage() + ": " + oneLine(body));
        }
        if (!answer.isSuccess()) {
            return refused(answer, what);
        }
        String url = answer.text("bill_download_url");
        if (url == null || url.isBlank()) {
            throw new PermanentFailure(what + ": a successful answer without bill_download_url");
        }
        return Optional.of(fetch(url, billDate, folder));
    }

    private Optional<Path> refused(AlipayOpenApi.Answer answer, String what) {
        String subCode = answer.subCode() == null ? "" : answer.subCode();
        if (NO_BILL.contains(subCode.toLowerCase(java.util.Locale.ROOT))) {
            log.info("Alipay has no trade bill: {}", answer.describe());
            return Optional.empty();
        }
        String text = what + " refused: " + answer.describe();
        if ("20000".equals(answer.code()) || subCode.toUpperCase(java.util.Locale.ROOT).contains("SYSTEM_ERROR")) {
            throw new TransientFailure(text);
        }
        if (subCode.contains("invalid-app-id")) {
            text += " (check ledgerbridge.gateways.alipay.app-id)";
        } else if (subCode.contains("signature")) {
            text += " (check ledgerbridge.gateways.alipay.download.app-private-key against the app public key "
                    + "uploaded to Alipay)";
        }
        throw new PermanentFailure(text);
    }

    /** GETs the bill at once (its URL lives 30 s) and writes it atomically into the folder. */
    private Path fetch(String url, LocalDate billDate, Path folder) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new PermanentFailure("Alipay's bill_download_url is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
            throw new PermanentFailure("Alipay's bill_download_url is not an http(s) URL");
        }
        String endpoint = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + "?throwExceptionOnFailure=false";
        String what = "GET of the trade bill for " + billDate + " from " + uri.getHost();
        Exchange response = http.send(endpoint, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
            if (uri.getRawQuery() != null) {
                exchange.getIn().setHeader(Exchange.HTTP_QUERY, uri.getRawQuery());
            }
            exchange.getIn().setHeader("User-Agent", userAgent);
        });
        failIfNoAnswer(response, what);
        int status = status(response);
        InputStream content = response.getMessage().getBody(InputStream.class);
        if (status < 200 || status > 299) {
            throw httpFailure(status, text(content), what);
        }
        if (content == null) {
            throw new PermanentFailure(what + ": an empty answer, not a zip");
        }
        try {
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, ".alipay-trade-" + billDate + "-", ".part");
            try {
                byte[] head = content.readNBytes(ZIP_MAGIC.length);
                if (!Arrays.equals(head, ZIP_MAGIC)) {
                    throw notAZip(head, content, what);
                }
                try (OutputStream out = Files.newOutputStream(partial)) {
                    out.write(head);
                    content.transferTo(out);
                }
                Path target = folder.resolve("alipay-trade-" + billDate + ".csv.zip");
                move(partial, target);
                log.info("Alipay trade bill for {} written to {} ({} bytes)", billDate, target, Files.size(target));
                return target;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new TransientFailure(what + ": " + e, e);
        }
    }

    private static RuntimeException notAZip(byte[] head, InputStream rest, String what) throws IOException {
        byte[] more = rest.readNBytes(MAX_TEXT);
        byte[] all = new byte[head.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        String utf8 = new String(all, StandardCharsets.UTF_8);
        String gbk = new String(all, AlipayTradeBillFormat.GBK);
        if (utf8.contains("超时") || gbk.contains("超时") || utf8.contains("过期") || gbk.contains("过期")) {
            return new TransientFailure(what + ": the bill URL expired before it was fetched (Alipay keeps it 30 s); "
                    + "a new one is asked for on the next try: " + oneLine(utf8.contains("超时") ? utf8 : gbk));
        }
        return new PermanentFailure(what + ": the answer is not a zip: " + oneLine(utf8));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] answer(Exchange response, String what) {
        failIfNoAnswer(response, what);
        int status = status(response);
        byte[] body = response.getMessage().getBody(byte[].class);
        if (status < 200 || status > 299) {
            throw httpFailure(status, body == null ? "" : new String(body, StandardCharsets.UTF_8), what);
        }
        return body == null ? new byte[0] : body;
    }

    private static void failIfNoAnswer(Exchange response, String what) {
        if (response.getException() != null) {
            // no answer at all: refused connection, timeout, reset
            throw new TransientFailure(what + " failed: " + response.getException(), response.getException());
        }
    }

    private static int status(Exchange response) {
        return response.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    private static RuntimeException httpFailure(int status, String body, String what) {
        String text = "HTTP " + status + " from " + what + (body == null || body.isBlank() ? "" : ": " + oneLine(body));
        if (status == 408 || status == 429 || status >= 500) {
            return new TransientFailure(text);
        }
        if (body != null && body.contains("超时")) {
            return new TransientFailure(text + " (the bill URL expired; a new one is asked for on the next try)");
        }
        return new PermanentFailure(text);
    }

    private static String text(InputStream content) {
        if (content == null) {
            return "";
        }
        try {
            return new String(content.readNBytes(MAX_TEXT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_TEXT ? flat : flat.substring(0, MAX_TEXT) + "…";
    }
}
