package com.ledgerbridge.simulators;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WeChat Pay's API v3 bill download on WireMock, as documented for {@code GET /v3/bill/tradebill} and the file
 * download it points to:
 * <ul>
 * <li>every request must carry {@code Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,signature=…,
 * timestamp=…,serial_no=…} signed with the merchant's API key over {@code METHOD\nURL\ntimestamp\nnonce\nbody\n};
 * it is checked with the merchant's public key (wrong key, merchant, serial, a stale timestamp: {@code 401
 * SIGN_ERROR});</li>
 * <li>{@code bill_date} must be {@code yyyy-MM-dd} and {@code bill_type} ALL/SUCCESS/REFUND ({@code 400
 * PARAM_ERROR}); a day without a bill answers {@code 400 NO_STATEMENT_EXIST}, one being made
 * {@code 400 STATEMENT_CREATING}; a bill answers {@code {"hash_type":"SHA1","hash_value":…,"download_url":…}};</li>
 * <li>every JSON answer is signed as WeChat Pay signs its answers ({@code Wechatpay-Timestamp/Nonce/Signature/
 * Serial}) with the platform key; the file itself is not (as with the real API);</li>
 * <li>the download address serves the bill's bytes; an unknown or expired token answers {@code 400
 * INVALID_REQUEST}.</li>
 * </ul>
 * Failure modes for tests: {@link #failNext}, {@link #delayAnswers}, {@link #corruptDownloads},
 * {@link #expireDownloads}, {@link #signAnswersWith}.
 */
public final class WechatPaySimulator implements AutoCloseable {

    public static final String MERCHANT_SERIAL_NO = "3775B6A45ACD588826D15E583A95F5DD00000001";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "WECHATPAY2-SHA256-RSA2048 mchid=\"([^\"]*)\",nonce_str=\"([^\"]*)\",signature=\"([^\"]*)\","
                    + "timestamp=\"([^\"]*)\",serial_no=\"([^\"]*)\"");

    private final Api api;
    private final WireMockServer server;

    /**
     * @param mchId             the merchant whose requests are accepted
     * @param merchantPublicKey the public half of the merchant's API key (what WeChat Pay keeps for the merchant)
     * @param platformKeyId     what answers name in {@code Wechatpay-Serial} (the WeChat Pay public key id)
     * @param platformKey       the key answers are signed with (WeChat Pay's)
     */
    public WechatPaySimulator(String mchId, PublicKey merchantPublicKey, String platformKeyId, PrivateKey platformKey) {
        api = new Api(mchId, merchantPublicKey, platformKeyId, platformKey);
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(api));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Api.NAME)));
    }

    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /** Publishes {@code content} as the trade bill of {@code day}. */
    public void bill(LocalDate day, byte[] content) {
        api.bills.put(day, content);
        api.creating.remove(day);
    }

    /** {@code day}'s bill is still being made. */
    public void creating(LocalDate day) {
        api.creating.add(day);
    }

    /** The next {@code times} requests (of either kind) answer {@code status} with {@code code}; later ones are normal. */
    public void failNext(int times, int status, String code) {
        api.failures.set(times);
        api.failureStatus = status;
        api.failureCode = code;
    }

    /** Answers come after {@code millis}. */
    public void delayAnswers(int millis) {
        api.delayMillis = millis;
    }

    /** The file arrives with one byte changed (its announced hash stays right). */
    public void corruptDownloads(boolean corrupt) {
        api.corrupt = corrupt;
    }

    /** Download addresses are expired by the time they are used. */
    public void expireDownloads(boolean expire) {
        api.expire = expire;
    }

    /** JSON answers are signed with {@code key} instead of the platform key (an impostor). */
    public void signAnswersWith(PrivateKey key) {
        api.answerKey = key;
    }

    /** Every request received, oldest first: method, URL and the status it got. */
    public List<String> exchanges() {
        return List.copyOf(api.log);
    }

    @Override
    public void close() {
        server.stop();
    }

    /** The API's behaviour. */
    static final class Api implements ResponseDefinitionTransformerV2 {

        static final String NAME = "wechatpay-api";

        final String mchId;
        final PublicKey merchantPublicKey;
        final String platformKeyId;
        final Map<LocalDate, byte[]> bills = new ConcurrentHashMap<>();
        final Set<LocalDate> creating = ConcurrentHashMap.newKeySet();
        final Map<String, LocalDate> tokens = new ConcurrentHashMap<>();
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        volatile int failureStatus;
        volatile String failureCode;
        volatile int delayMillis;
        volatile boolean corrupt;
        volatile boolean expire;
        volatile PrivateKey answerKey;

        Api(String mchId, PublicKey merchantPublicKey, String platformKeyId, PrivateKey platformKey) {
            this.mchId = mchId;
            this.merchantPublicKey = merchantPublicKey;
            this.platformKeyId = platformKeyId;
            this.answerKey = platformKey;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            ResponseDefinitionBuilder answer = answer(request);
            if (delayMillis > 0) {
                answer = answer.withFixedDelay(delayMillis);
            }
            ResponseDefinition definition = answer.build();
            log.add(request.getMethod().getName() + " " + request.getUrl() + " -> " + definition.getStatus());
            return definition;
        }

        private ResponseDefinitionBuilder answer(LoggedRequest request) {
            String refusal = authorizationProblem(request);
            if (refusal != null) {
                return json(401, error("SIGN_ERROR", refusal));
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ResponseDefinitionBuilder failed = json(failureStatus, error(failureCode, "simulated failure"));
                return failureStatus == 429 ? failed.withHeader("Retry-After", "7") : failed;
            }
            String path = request.getUrl().split("\\?", 2)[0];
            if ("GET".equals(request.getMethod().getName()) && "/v3/bill/tradebill".equals(path)) {
                return tradeBill(request);
            }
            if ("GET".equals(request.getMethod().getName()) && "/v3/billdownload/file".equals(path)) {
                return file(request);
            }
            return json(404, error("RESOURCE_NOT_EXISTS", "no such API: " + path));
        }

        /** Why the request's Authorization is refused, or null when it is the merchant's valid signature. */
        private String authorizationProblem(LoggedRequest request) {
            String header = request.getHeader("Authorization");
            if (header == null) {
                return "no Authorization";
            }
            Matcher m = AUTHORIZATION.matcher(header);
            if (!m.matches()) {
                return "Authorization is not WECHATPAY2-SHA256-RSA2048 mchid,nonce_str,signature,timestamp,serial_no";
            }
            if (!mchId.equals(m.group(1))) {
                return "mchid " + m.group(1) + " is not this merchant";
            }
            if (!MERCHANT_SERIAL_NO.equals(m.group(5))) {
                return "serial_no " + m.group(5) + " is not the merchant's certificate";
            }
            long timestamp;
            try {
                timestamp = Long.parseLong(m.group(4));
            } catch (NumberFormatException e) {
                return "timestamp is not a number";
            }
            if (Duration.between(Instant.ofEpochSecond(timestamp), Instant.now()).abs().toMinutes() >= 5) {
                return "timestamp expired";
            }
            String body = request.getBodyAsString() == null ? "" : request.getBodyAsString();
            String message = request.getMethod().getName() + "\n" + request.getUrl() + "\n" + m.group(4) + "\n"
                    + m.group(2) + "\n" + body + "\n";
            try {
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(merchantPublicKey);
                verifier.update(message.getBytes(StandardCharsets.UTF_8));
                if (!verifier.verify(Base64.getDecoder().decode(m.group(3)))) {
                    return "signature does not verify";
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return "signature unreadable";
            }
            return null;
        }

        private ResponseDefinitionBuilder tradeBill(LoggedRequest request) {
            String date = request.queryParameter("bill_date").isPresent()
                    ? request.queryParameter("bill_date").firstValue() : "";
            String type = request.queryParameter("bill_type").isPresent()
                    ? request.queryParameter("bill_type").firstValue() : "ALL";
            LocalDate day;
            try {
                day = LocalDate.parse(date, DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeParseException e) {
                return json(400, error("PARAM_ERROR", "bill_date must be yyyy-MM-dd"));
            }
            if (!Set.of("ALL", "SUCCESS", "REFUND").contains(type)) {
                return json(400, error("PARAM_ERROR", "bill_type " + type));
            }
            if (creating.contains(day)) {
                return json(400, error("STATEMENT_CREATING", "账单生成中"));
            }
            byte[] bill = bills.get(day);
            if (bill == null) {
                return json(400, error("NO_STATEMENT_EXIST", "账单文件不存在"));
            }
            String token = UUID.randomUUID().toString().replace("-", "");
            tokens.put(token, day);
            ObjectNode body = JSON.createObjectNode();
            body.put("hash_type", "SHA1");
            body.put("hash_value", sha1(bill));
            body.put("download_url", "http://localhost:" + request.getPort() + "/v3/billdownload/file?token=" + token);
            return json(200, body);
        }

        private ResponseDefinitionBuilder file(LoggedRequest request) {
            String token = request.queryParameter("token").isPresent() ? request.queryParameter("token").firstValue() : "";
            LocalDate day = tokens.get(token);
            if (day == null || expire) {
                return json(400, error("INVALID_REQUEST", "下载链接已失效"));
            }
            byte[] bill = bills.get(day).clone();
            if (corrupt && bill.length > 0) {
                bill[bill.length / 2] ^= 0x01;
            }
            return aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream").withBody(bill);
        }

        /** A JSON answer, signed as WeChat Pay signs its answers. */
        private ResponseDefinitionBuilder json(int status, ObjectNode body) {
            String text = body.toString();
            String timestamp = String.valueOf(Instant.now().getEpochSecond());
            String nonce = UUID.randomUUID().toString().replace("-", "");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json; charset=utf-8");
            headers.put("Request-ID", UUID.randomUUID().toString());
            headers.put("Wechatpay-Timestamp", timestamp);
            headers.put("Wechatpay-Nonce", nonce);
            headers.put("Wechatpay-Serial", platformKeyId);
            headers.put("Wechatpay-Signature", WechatPayNotifier.sign(timestamp + "\n" + nonce + "\n" + text + "\n",
                    answerKey));
            ResponseDefinitionBuilder answer = aResponse().withStatus(status).withBody(text);
            headers.forEach(answer::withHeader);
            return answer;
        }

        private static ObjectNode error(String code, String message) {
            return JSON.createObjectNode().put("code", code).put("message", message);
        }

        private static String sha1(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
