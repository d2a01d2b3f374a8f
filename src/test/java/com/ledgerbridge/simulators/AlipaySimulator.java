package com.ledgerbridge.simulators;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays Alipay.
 *
 * <p>Notifications: builds trade notifications as Alipay documents them and signs them with the official Alipay SDK
 * (test scope only), using a key pair made for the test run. Our side gets the public half as "Alipay's public key".
 *
 * <p>Open API ({@link #startOpenApi}, on WireMock): {@code POST /gateway.do} answers
 * {@code alipay.data.dataservice.bill.downloadurl.query} as Alipay documents it. The request's signature is checked
 * with the app's public key by the SDK ({@code rsaCheckV2}: everything but {@code sign} is signed), as are the system
 * parameters; the answer is the method's response object signed with "Alipay's" key (the SDK's {@code rsaSign}), with
 * {@code alipay_cert_sn} in certificate mode. A day with a bill gets {@code bill_download_url}, a URL on the same
 * server valid for 30 seconds; a day without one gets {@code 40004 isp.bill_not_exist}; a foreign app id
 * {@code 40002 isv.invalid-app-id}; a bad signature {@code 40002 isv.invalid-signature} (neither signed, as the SDK
 * allows for errors). {@code GET /downloadBillFile.resource} serves the zip, answers an expired or unknown token with
 * {@code 下载超时，请重新下载}, and refuses a request without an explicit User-Agent with 403 (as the bill CDN did for a
 * client library's default agent). Failure modes: {@link #failGatewayWith}, {@link #answerServiceUnavailable},
 * {@link #expireBillUrls}, {@link #signAnswersWithAnotherKey}, {@link #escapeSlashesInAnswers}.
 */
public final class AlipaySimulator implements AutoCloseable {

    public static final String APP_ID = "2021000000000001";
    public static final String SELLER_ID = "2088000000000001";
    public static final String GATEWAY_PATH = "/gateway.do";
    public static final String BILL_PATH = "/downloadBillFile.resource";
    public static final String BILL_METHOD = "alipay.data.dataservice.bill.downloadurl.query";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration URL_LIFETIME = Duration.ofSeconds(30);

    private final String privateKey;
    private final String publicKey;
    private OpenApi openApi;
    private WireMockServer server;

    public AlipaySimulator() {
        this(generate());
    }

    /** With the given key pair as "Alipay's" (e.g. one a test certificate was issued for). */
    public AlipaySimulator(KeyPair alipayKeys) {
        privateKey = Base64.getEncoder().encodeToString(alipayKeys.getPrivate().getEncoded());
        publicKey = Base64.getEncoder().encodeToString(alipayKeys.getPublic().getEncoded());
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String publicKey() {
        return publicKey;
    }

    /** A TRADE_SUCCESS notification as Alipay sends it for a paid trade (unsigned). */
    public Map<String, String> paymentNotification(String outTradeNo, String totalAmount, String charset) {
        String now = LocalDateTime.now(BEIJING).format(TIME);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("gmt_create", now);
        p.put("charset", charset);
        p.put("seller_email", "merchant@example.com");
        p.put("subject", "发票 " + outTradeNo);
        p.put("buyer_id", "2088102177846880");
        p.put("invoice_amount", totalAmount);
        p.put("notify_id", UUID.randomUUID().toString().replace("-", ""));
        p.put("fund_bill_list", "[{\"amount\":\"" + totalAmount + "\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
        p.put("notify_type", "trade_status_sync");
        p.put("trade_status", "TRADE_SUCCESS");
        p.put("receipt_amount", totalAmount);
        p.put("app_id", APP_ID);
        p.put("buyer_pay_amount", totalAmount);
        p.put("seller_id", SELLER_ID);
        p.put("gmt_payment", now);
        p.put("notify_time", now);
        p.put("version", "1.0");
        p.put("out_trade_no", outTradeNo);
        p.put("total_amount", totalAmount);
        p.put("trade_no", "2026" + Math.abs(UUID.randomUUID().getMostSignificantBits()));
        p.put("buyer_logon_id", "159****5620");
        p.put("point_amount", "0.00");
        return p;
    }

    /** Signs with the official SDK: RSA2 over the V1 content, in the notification's charset. */
    public Map<String, String> signed(Map<String, String> params) {
        try {
            String content = AlipaySignature.getSignCheckContentV1(new LinkedHashMap<>(params));
            String sign = AlipaySignature.rsaSign(content, privateKey, params.get("charset"), "RSA2");
            Map<String, String> signed = new LinkedHashMap<>(params);
            signed.put("sign", sign);
            signed.put("sign_type", "RSA2");
            return signed;
        } catch (AlipayApiException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The form body, percent-encoded in the notification's own charset, as Alipay posts it. */
    public static String formBody(Map<String, String> params) {
        Charset charset = Charset.forName(params.get("charset"));
        StringJoiner body = new StringJoiner("&");
        params.forEach((k, v) -> body.add(URLEncoder.encode(k, charset) + "=" + URLEncoder.encode(v, charset)));
        return body.toString();
    }

    // ---- open API --------------------------------------------------------------------------------------

    /**
     * Starts the open API for one app.
     *
     * @param appId        the app it serves; others get {@code isv.invalid-app-id}
     * @param appPublicKey the app's public key (bare base64), which checks request signatures
     * @param pid          the merchant's PID, for the bill URL's {@code userId}
     */
    public AlipaySimulator startOpenApi(String appId, String appPublicKey, String pid) {
        openApi = new OpenApi(appId, appPublicKey, pid, privateKey);
        server = new WireMockServer(wireMockConfig().dynamicPort().extensions(openApi));
        server.start();
        server.stubFor(any(urlPathEqualTo(GATEWAY_PATH)).willReturn(aResponse().withTransformers(OpenApi.NAME)));
        server.stubFor(any(urlPathEqualTo(BILL_PATH)).willReturn(aResponse().withTransformers(OpenApi.NAME)));
        return this;
    }

    /** The gateway URL, as {@code ledgerbridge.gateways.alipay.download.gateway-url}. */
    public String gatewayUrl() {
        return "http://localhost:" + server.port() + GATEWAY_PATH;
    }

    /** Alipay has this zip as the trade bill of {@code day}. */
    public void bill(LocalDate day, byte[] zip) {
        openApi.bills.put(day, zip);
    }

    /** Certificate mode: requests must name these SNs, answers name {@code alipayCertSn}. */
    public void certificateMode(String appCertSn, String rootCertSn, String alipayCertSn) {
        openApi.appCertSn = appCertSn;
        openApi.rootCertSn = rootCertSn;
        openApi.alipayCertSn = alipayCertSn;
    }

    /** Every gateway request answers this HTTP status (a proxy or Alipay in trouble). */
    public void failGatewayWith(int status) {
        openApi.gatewayStatus = status;
    }

    /** Every gateway request gets {@code 20000 isp.unknow-error} (service unavailable), signed. */
    public void answerServiceUnavailable() {
        openApi.serviceUnavailable = true;
    }

    /** Bill URLs are expired by the time they are fetched. */
    public void expireBillUrls() {
        openApi.urlLifetime = Duration.ZERO;
    }

    /** Answers are signed with a key that is not Alipay's (a forged or tampered answer). */
    public void signAnswersWithAnotherKey() {
        openApi.signingKey = Base64.getEncoder().encodeToString(generate().getPrivate().getEncoded());
    }

    /** Answers write {@code /} as {@code \/} in JSON strings while Alipay signed the text with {@code /}. */
    public void escapeSlashesInAnswers() {
        openApi.escapeSlashes = true;
    }

    /** Every request the open API got (gateway and bill), in order. */
    public List<LoggedRequest> requests() {
        return server.getAllServeEvents().stream().map(ServeEvent::getRequest)
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    /** What the open API made of each gateway request: the sub code it answered, or "OK". */
    public List<String> verdicts() {
        return List.copyOf(openApi.verdicts);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }

    static final class OpenApi implements ResponseDefinitionTransformerV2 {

        static final String NAME = "alipay-open-api";

        private final String appId;
        private final String appPublicKey;
        private final String userId;
        final Map<LocalDate, byte[]> bills = new ConcurrentHashMap<>();
        private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
        final List<String> verdicts = new CopyOnWriteArrayList<>();
        volatile String signingKey;
        volatile String appCertSn;
        volatile String rootCertSn;
        volatile String alipayCertSn;
        volatile int gatewayStatus;
        volatile boolean serviceUnavailable;
        volatile boolean escapeSlashes;
        volatile Duration urlLifetime = URL_LIFETIME;

        record Issued(LocalDate day, Instant at) {
        }

        OpenApi(String appId, String appPublicKey, String pid, String signingKey) {
            this.appId = appId;
            this.appPublicKey = appPublicKey;
            this.userId = pid + "0156";
            this.signingKey = signingKey;
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
            return request.getUrl().startsWith(BILL_PATH) ? bill(request) : gateway(request);
        }

        private ResponseDefinition gateway(LoggedRequest request) {
            if (gatewayStatus != 0) {
                verdicts.add("HTTP " + gatewayStatus);
                return aResponse().withStatus(gatewayStatus).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>" + gatewayStatus + " Bad Gateway</body></html>").build();
            }
            Map<String, String> params = new HashMap<>(query(request.getUrl()));
            String contentType = request.getHeader("Content-Type");
            if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
                params.putAll(form(request.getBodyAsString()));
            }
            String method = params.getOrDefault("method", "");
            String node = method.isEmpty() ? "error_response" : method.replace('.', '_') + "_response";
            if (!appId.equals(params.get("app_id"))) {
                return answer(node, error("40002", "Invalid Arguments", "isv.invalid-app-id", "无效的AppID参数"), false);
            }
            for (String required : List.of("method", "charset", "sign_type", "sign", "timestamp", "version")) {
                if (params.get(required) == null || params.get(required).isBlank()) {
                    return answer(node, error("40001", "Missing Required Arguments", "isv.missing-" + required,
                            "缺少" + required + "参数"), false);
                }
            }
            if (!"RSA2".equals(params.get("sign_type"))) {
                return answer(node, error("40002", "Invalid Arguments", "isv.invalid-signature-type", "无效的签名类型"), false);
            }
            if (!signatureHolds(params)) {
                return answer(node, error("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错"), false);
            }
            if (!recent(params.get("timestamp"))) {
                return answer(node, error("40002", "Invalid Arguments", "isv.invalid-timestamp", "非法的时间戳参数"), false);
            }
            if (appCertSn != null && !(appCertSn.equals(params.get("app_cert_sn"))
                    && rootCertSn.equals(params.get("alipay_root_cert_sn")))) {
                return answer(node, error("40002", "Invalid Arguments", "isv.app-cert-sn-invalid", "应用公钥证书序列号无效"),
                        false);
            }
            if (!BILL_METHOD.equals(method)) {
                return answer(node, error("40002", "Invalid Arguments", "isv.invalid-method", "不存在的方法名"), false);
            }
            if (serviceUnavailable) {
                return answer(node, error("20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙"), true);
            }
            JsonNode biz;
            try {
                biz = JSON.readTree(params.getOrDefault("biz_content", "{}"));
            } catch (IOException e) {
                return answer(node, error("40002", "Invalid Arguments", "isv.invalid-biz-content", "业务参数格式错误"), true);
            }
            if (!"trade".equals(biz.path("bill_type").asText())) {
                return answer(node, error("40004", "Business Failed", "isv.invalid-bill-type", "账单类型不正确"), true);
            }
            LocalDate day;
            try {
                day = LocalDate.parse(biz.path("bill_date").asText());
            } catch (RuntimeException e) {
                return answer(node, error("40004", "Business Failed", "isv.invalid-bill-date", "参数不合法"), true);
            }
            if (!bills.containsKey(day)) {
                return answer(node, error("40004", "Business Failed", "isp.bill_not_exist", "账单不存在"), true);
            }
            String token = UUID.randomUUID().toString().replace("-", "");
            tokens.put(token, new Issued(day, Instant.now()));
            String file = userId + "_" + day.format(DateTimeFormatter.BASIC_ISO_DATE) + ".csv.zip";
            String url = "http://" + request.getHost() + ":" + request.getPort() + BILL_PATH + "?bizType=trade&userId="
                    + userId + "&fileType=csv.zip&bizDates=" + day.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + "&downloadFileName=" + file + "&timestamp=" + System.currentTimeMillis() + "&token=" + token;
            ObjectNode ok = JSON.createObjectNode();
            ok.put("code", "10000");
            ok.put("msg", "Success");
            ok.put("bill_download_url", url);
            return answer(node, ok, true);
        }

        /** Within 15 minutes of now, Beijing time. */
        private static boolean recent(String timestamp) {
            try {
                LocalDateTime sent = LocalDateTime.parse(timestamp, TIME);
                return Duration.between(sent, LocalDateTime.now(BEIJING)).abs().compareTo(Duration.ofMinutes(15)) <= 0;
            } catch (RuntimeException e) {
                return false;
            }
        }

        private boolean signatureHolds(Map<String, String> params) {
            try {
                // a request signs everything but sign (sign_type included): the SDK's V2 check
                return AlipaySignature.rsaCheckV2(new HashMap<>(params), appPublicKey, "utf-8", "RSA2");
            } catch (AlipayApiException e) {
                return false;
            }
        }

        private static ObjectNode error(String code, String msg, String subCode, String subMsg) {
            ObjectNode error = JSON.createObjectNode();
            error.put("code", code);
            error.put("msg", msg);
            error.put("sub_code", subCode);
            error.put("sub_msg", subMsg);
            return error;
        }

        private ResponseDefinition answer(String node, ObjectNode response, boolean sign) {
            verdicts.add(response.has("sub_code") ? response.get("sub_code").asText() : "OK");
            String content = response.toString();
            StringBuilder body = new StringBuilder("{\"").append(node).append("\":")
                    .append(escapeSlashes ? content.replace("/", "\\/") : content);
            if (sign) {
                try {
                    body.append(",\"sign\":\"").append(AlipaySignature.rsaSign(content, signingKey, "utf-8", "RSA2"))
                            .append('"');
                } catch (AlipayApiException e) {
                    throw new IllegalStateException(e);
                }
                if (alipayCertSn != null) {
                    body.append(",\"alipay_cert_sn\":\"").append(alipayCertSn).append('"');
                }
            }
            body.append('}');
            return aResponse().withStatus(200).withHeader("Content-Type", "text/html;charset=utf-8")
                    .withBody(body.toString().getBytes(StandardCharsets.UTF_8)).build();
        }

        private ResponseDefinition bill(LoggedRequest request) {
            String agent = request.getHeader("User-Agent");
            if (agent == null || agent.isBlank() || agent.startsWith("Apache-HttpClient") || agent.startsWith("Java-http")
                    || agent.startsWith("Go-http-client")) {
                return aResponse().withStatus(403).withHeader("Content-Type", "text/html")
                        .withBody("<html><body>403 Forbidden</body></html>").build();
            }
            Map<String, String> query = query(request.getUrl());
            Issued issued = tokens.remove(query.getOrDefault("token", ""));
            if (issued == null || Instant.now().isAfter(issued.at().plus(urlLifetime))) {
                ResponseDefinitionBuilder expired = aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/html;charset=GBK")
                        .withBody("下载超时，请重新下载".getBytes(Charset.forName("GBK")));
                return expired.build();
            }
            return aResponse().withStatus(200).withHeader("Content-Type", "application/oct-stream")
                    .withHeader("Content-Disposition", "attachment; filename=" + query.get("downloadFileName"))
                    .withBody(bills.get(issued.day())).build();
        }

        private static Map<String, String> query(String url) {
            int q = url.indexOf('?');
            return q < 0 ? Map.of() : form(url.substring(q + 1));
        }

        private static Map<String, String> form(String encoded) {
            Map<String, String> params = new LinkedHashMap<>();
            if (encoded == null || encoded.isEmpty()) {
                return params;
            }
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
            return params;
        }
    }
}
