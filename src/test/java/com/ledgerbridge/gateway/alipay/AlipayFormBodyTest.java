package com.ledgerbridge.gateway.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.ledgerbridge.gateway.alipay.InvalidNotificationException.Reason;

class AlipayFormBodyTest {

    private static Map<String, String> decode(String body) {
        return AlipayFormBody.decode(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static InvalidNotificationException rejected(String body) {
        return assertThrows(InvalidNotificationException.class, () -> decode(body));
    }

    @Test
    void gbkBodyIsDecodedWithTheCharsetParameterWhereverItStands() {
        // 测试 = B2E2 CAD4 in GBK; 大乐透 = B4F3 C0D6 CDB8
        Map<String, String> p = decode("subject=%B2%E2%CA%D4&body=%B4%F3%C0%D6%CD%B8&charset=GBK&total_amount=2.00");
        assertEquals("测试", p.get("subject"));
        assertEquals("大乐透", p.get("body"));
        assertEquals(List.of("subject", "body", "charset", "total_amount"), List.copyOf(p.keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GBK", "gbk", "GB2312", "gb18030", "GB18030"})
    void gbFamilyCharsetNamesAreCaseInsensitive(String name) {
        assertEquals("测试", decode("charset=" + name + "&subject=%B2%E2%CA%D4").get("subject"));
    }

    @Test
    void utf8ByNameAndByDefault() {
        assertEquals("测试", decode("charset=utf-8&subject=%E6%B5%8B%E8%AF%95").get("subject"));
        assertEquals("测试", decode("charset=UTF-8&subject=%E6%B5%8B%E8%AF%95").get("subject"));
        assertEquals("测试", decode("subject=%E6%B5%8B%E8%AF%95").get("subject"));
        assertEquals("测试", decode("charset=&subject=%E6%B5%8B%E8%AF%95").get("subject"));
    }

    @Test
    void plusIsSpaceAndPercent2BIsPlus() {
        Map<String, String> p = decode("body=a+b%2Bc&notify_time=2026-11-22+10%3A00%3A00");
        assertEquals("a b+c", p.get("body"));
        assertEquals("2026-11-22 10:00:00", p.get("notify_time"));
    }

    @Test
    void valuesAreDecodedExactlyOnce() {
        Map<String, String> p = decode("passback_params=%257B%2522user_id%2522%253A42%257D&sign=ab%2Bcd%2F%3D%3D");
        assertEquals("%7B%22user_id%22%3A42%7D", p.get("passback_params"));
        assertEquals("ab+cd/==", p.get("sign"));
    }

    @Test
    void emptySegmentsAndMissingEqualsSign() {
        Map<String, String> p = decode("&a=1&&b=&c&d=x=y&");
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(p.keySet()));
        assertEquals("", p.get("b"));
        assertEquals("", p.get("c"));
        assertEquals("x=y", p.get("d"));
        assertEquals(Map.of(), decode(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%2", "a=%zz", "a=%G1", "a=%%41", "a%=1", "a=1%2&b=2"})
    void malformedPercentEncodingIsRejected(String body) {
        assertEquals(Reason.MALFORMED_PERCENT_ENCODING, rejected(body).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"charset=foo-bar-123", "charset=UTF-16", "charset=utf%2D32", "charset=%E6%B5%8B", "charset=x%20y"})
    void unknownOrUnusableCharsetIsRejected(String body) {
        InvalidNotificationException e = rejected(body + "&a=1");
        assertEquals(Reason.UNKNOWN_CHARSET, e.reason());
        assertEquals("charset", e.field());
    }

    @Test
    void bytesInvalidInTheDeclaredCharsetAreRejected() {
        // GBK bytes under a UTF-8 declaration: the classic mojibake source
        InvalidNotificationException e = rejected("charset=utf-8&subject=%B2%E2%CA%D4");
        assertEquals(Reason.MALFORMED_CHARACTERS, e.reason());
        assertEquals("subject", e.field());
    }

    @Test
    void duplicateParametersAreRejected() {
        assertEquals(Reason.DUPLICATE_PARAMETER, rejected("total_amount=1.00&total_amount=2.00").reason());
        assertEquals(Reason.DUPLICATE_PARAMETER, rejected("a=1&a=1").reason());
        assertEquals(Reason.DUPLICATE_PARAMETER, rejected("charset=GBK&charset=utf-8").reason());
    }

    @Test
    void encodeThenDecodeRoundTrips() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("charset", "GBK");
        p.put("subject", "大乐透 2.1 & 测试=+%");
        p.put("passback_params", "%7B%22a%22%3A1%7D");
        p.put("empty", "");
        String body = AlipayFormBody.encode(p, Charset.forName("GBK"));
        assertEquals("charset=GBK&subject=%B4%F3%C0%D6%CD%B8+2.1+%26+%B2%E2%CA%D4%3D%2B%25"
                + "&passback_params=%257B%2522a%2522%253A1%257D&empty=", body);
        assertEquals(p, AlipayFormBody.decode(body.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void encodeRefusesTextTheCharsetCannotHold() {
        assertThrows(IllegalArgumentException.class,
                () -> AlipayFormBody.encode(Map.of("subject", "emoji \uD83D\uDE00"), Charset.forName("GBK")));
    }
}
