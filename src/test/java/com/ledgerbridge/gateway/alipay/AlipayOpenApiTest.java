package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.alipay.api.AlipayApiException;
import com.alipay.api.SignItem;
import com.alipay.api.internal.parser.json.JsonConverter;
import com.alipay.api.internal.util.AlipaySignature;
import com.alipay.api.request.AlipayDataDataserviceBillDownloadurlQueryRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our open API protocol against the SDK's: the request's signed text and signature, the answer's signed text. */
class AlipayOpenApiTest {

    static final KeyPair APP = TestCertificates.rsa();
    static final KeyPair ALIPAY = TestCertificates.rsa();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T01:30:00Z"), ZoneOffset.UTC);
    static final String METHOD = "alipay.data.dataservice.bill.downloadurl.query";

    final AlipayOpenApi api = AlipayOpenApi.withPublicKey("2021000000000001", SdkOracle.privateKey(APP),
            SdkOracle.publicKey(ALIPAY), CLOCK);

    static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void aRequestIsSignedAsTheSdkSignsOneAndCarriesItsParametersWhereTheSdkPutsThem() throws AlipayApiException {
        AlipayOpenApi.SignedRequest request = api.request(METHOD, Map.of("bill_type", "trade", "bill_date", "2026-11-22"));

        Map<String, String> query = form(request.query());
        Map<String, String> body = form(request.formBody());
        assertThat(query).containsEntry("app_id", "2021000000000001").containsEntry("method", METHOD)
                .containsEntry("charset", "utf-8").containsEntry("sign_type", "RSA2").containsEntry("version", "1.0")
                .containsEntry("format", "json").containsEntry("timestamp", "2026-11-23 09:30:00")
                .containsKey("sign").doesNotContainKey("biz_content");
        assertThat(body).containsOnlyKeys("biz_content");
        assertThat(body.get("biz_content")).contains("\"bill_type\":\"trade\"").contains("\"bill_date\":\"2026-11-22\"");
        Map<String, String> all = new HashMap<>(query);
        all.putAll(body);
        Map<String, String> beforeSigning = new HashMap<>(all);
        beforeSigning.remove("sign");
        // the SDK builds the text before sign exists; we leave sign out of a map that has it
        assertThat(AlipaySignContent.ofRequest(all)).isEqualTo(AlipaySignature.getSignContent(beforeSigning));
        assertThat(AlipaySignature.rsaCheckV2(new HashMap<>(all), SdkOracle.publicKey(APP), "utf-8", "RSA2")).isTrue();
        // sign_type is signed: changing it breaks the signature
        all.put("sign_type", "RSA");
        assertThat(AlipaySignature.rsaCheckV2(new HashMap<>(all), SdkOracle.publicKey(APP), "utf-8", "RSA2")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"alipay_data_dataservice_bill_downloadurl_query_response\":{\"code\":\"10000\",\"msg\":\"Success\",\"bill_download_url\":\"http://x/y?a=1&b={2}\"},\"sign\":\"SIGN\"}",
            "{\"alipay_data_dataservice_bill_downloadurl_query_response\" : {\"code\":\"10000\",\"nested\":{\"q\":\"say \\\"}\\\" \\\\\"},\"msg\":\"ok\"},\"sign\":\"SIGN\",\"alipay_cert_sn\":\"abc\"}",
            "{\"sign\":\"SIGN\",\"alipay_data_dataservice_bill_downloadurl_query_response\":{\"code\":\"40004\",\"sub_msg\":\"账单不存在\"}}",
            "{\"error_response\":{\"code\":\"40002\",\"msg\":\"Invalid Arguments\"},\"sign\":\"SIGN\"}"})
    void theAnswersSignedTextIsFoundAsTheSdkFindsIt(String body) throws AlipayApiException {
        AlipayDataDataserviceBillDownloadurlQueryRequest request = new AlipayDataDataserviceBillDownloadurlQueryRequest();
        SignItem sdk = new JsonConverter().getSignItem(request, body);
        String node = body.contains("error_response") ? "error_response"
                : "alipay_data_dataservice_bill_downloadurl_query_response";

        assertThat(AlipayOpenApi.signedText(body, node)).isEqualTo(sdk.getSignSourceDate()).isNotBlank();
    }

    @Test
    void aResponseSmuggledInTwiceIsRefusedAsTheSdkRefusesIt() {
        String body = "{\"alipay_data_dataservice_bill_downloadurl_query_response\":{\"code\":\"10000\"},"
                + "\"sign\":\"SIGN\",\"x\":{\"alipay_data_dataservice_bill_downloadurl_query_response\":{}}}";

        assertThat(AlipayOpenApi.signedText(body, "alipay_data_dataservice_bill_downloadurl_query_response")).isNull();
        assertThat(catchThrowable(() -> new JsonConverter().getSignItem(
                new AlipayDataDataserviceBillDownloadurlQueryRequest(), body))).isInstanceOf(AlipayApiException.class);
    }

    @Test
    void anAnswerIsCheckedWithAlipaysKeyAndAnErrorWithoutSignatureIsReadAsTheSdkReadsIt() throws AlipayApiException {
        AlipayOpenApi.SignedRequest request = api.request(METHOD, Map.of("bill_type", "trade", "bill_date", "2026-11-22"));
        String content = "{\"code\":\"10000\",\"msg\":\"Success\",\"bill_download_url\":\"https://example.com/b?t=1\"}";
        String sign = AlipaySignature.rsaSign(content, SdkOracle.privateKey(ALIPAY), "utf-8", "RSA2");
        String node = "alipay_data_dataservice_bill_downloadurl_query_response";

        AlipayOpenApi.Answer answer = api.read(request, "{\"" + node + "\":" + content + ",\"sign\":\"" + sign + "\"}");
        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.text("bill_download_url")).isEqualTo("https://example.com/b?t=1");

        String tampered = "{\"" + node + "\":" + content.replace("b?t=1", "b?t=2") + ",\"sign\":\"" + sign + "\"}";
        assertThat(catchThrowable(() -> api.read(request, tampered)))
                .isInstanceOfSatisfying(AlipayOpenApi.UnreadableAnswer.class, e -> assertThat(e.isSignatureProblem()).isTrue());
        String unsigned = "{\"" + node + "\":" + content + "}";
        assertThat(catchThrowable(() -> api.read(request, unsigned))).isInstanceOf(AlipayOpenApi.UnreadableAnswer.class);

        AlipayOpenApi.Answer unsignedError = api.read(request, "{\"error_response\":{\"code\":\"40002\",\"msg\":"
                + "\"Invalid Arguments\",\"sub_code\":\"isv.invalid-app-id\",\"sub_msg\":\"无效的AppID参数\"}}");
        assertThat(unsignedError.describe()).isEqualTo(
                "code 40002 (Invalid Arguments), sub_code isv.invalid-app-id (无效的AppID参数)");
        assertThat(catchThrowable(() -> api.read(request, "<html>502 Bad Gateway</html>")))
                .isInstanceOfSatisfying(AlipayOpenApi.UnreadableAnswer.class,
                        e -> assertThat(e.isSignatureProblem()).isFalse());
    }
}
