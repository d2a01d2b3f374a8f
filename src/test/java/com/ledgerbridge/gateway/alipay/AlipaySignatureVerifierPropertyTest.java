package com.ledgerbridge.gateway.alipay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random notifications signed by the official SDK, optionally tampered with: our verdict must equal the SDK's
 * rsaCheckV1 verdict and our canonical string the SDK's getSignCheckContentV1.
 */
class AlipaySignatureVerifierPropertyTest {

    private static final AlipaySignatureVerifier VERIFIER = new AlipaySignatureVerifier(SdkOracle.ALIPAY_PUBLIC_KEY);

    private static final List<String> REALISTIC_KEYS = List.of(
            "notify_time", "notify_type", "notify_id", "app_id", "auth_app_id", "version", "trade_no",
            "out_trade_no", "out_biz_no", "buyer_id", "buyer_logon_id", "seller_id", "seller_email", "trade_status",
            "total_amount", "receipt_amount", "invoice_amount", "buyer_pay_amount", "point_amount", "refund_fee",
            "send_back_fee", "subject", "body", "gmt_create", "gmt_payment", "gmt_refund", "gmt_close",
            "fund_bill_list", "passback_params", "voucher_detail_list", "alipay_cert_sn", "merchant_app_id");
    /** Keys the generator manages itself. */
    private static final Set<String> RESERVED = Set.of("sign", "sign_type", "charset");

    enum Tamper {
        NONE, REORDER, ADD_BLANK_FIELD, CHANGE_VALUE, ADD_FIELD, REMOVE_FIELD, SWAP_SIGN_TYPE, LOWERCASE_SIGN_TYPE,
        DROP_SIGN_TYPE, SWITCH_CHARSET, SIGN_LINE_BREAKS, SIGN_INSERT_JUNK, SIGN_STRIP_PADDING, SIGN_EXTRA_PADDING,
        SIGN_FLIP_CHAR, SIGN_TRUNCATE, SIGN_URL_SAFE, SIGN_NON_ASCII, SIGN_BLANK
    }

    record Case(String charset, String signType, Map<String, String> fields, Tamper tamper, int pick) {
    }

    @Property(tries = 400)
    void ourVerdictAndCanonicalStringEqualTheSdks(@ForAll("cases") Case c) {
        Map<String, String> unsigned = new LinkedHashMap<>();
        if (c.charset() != null) {
            unsigned.put("charset", c.charset());
        }
        unsigned.putAll(c.fields());
        Map<String, String> signed = SdkOracle.sdkSigned(unsigned, c.signType());
        Map<String, String> received = tamper(signed, c);

        boolean sdk = SdkOracle.sdkVerify(received);
        SignatureCheck ours = VERIFIER.verify(received);
        Statistics.label("tamper/verdict").collect(c.tamper(), sdk);

        assertEquals(SdkOracle.sdkContent(received), AlipaySignContent.of(received), "canonical string");
        assertEquals(sdk, ours.valid(), () -> "verdict differs; ours: " + ours.reason());

        // sanity, so that "both always false" cannot pass
        switch (c.tamper()) {
            case NONE, REORDER, ADD_BLANK_FIELD, SIGN_LINE_BREAKS, SIGN_INSERT_JUNK -> assertTrue(sdk, "should verify");
            case CHANGE_VALUE, ADD_FIELD, REMOVE_FIELD, SWAP_SIGN_TYPE, LOWERCASE_SIGN_TYPE, DROP_SIGN_TYPE,
                    SIGN_STRIP_PADDING, SIGN_FLIP_CHAR, SIGN_TRUNCATE, SIGN_NON_ASCII, SIGN_BLANK ->
                    assertFalse(sdk, "should not verify");
            default -> { } // SWITCH_CHARSET, SIGN_EXTRA_PADDING, SIGN_URL_SAFE depend on the data
        }
    }

    @Property(tries = 300)
    void formBodyRoundTripsEncodableParameters(@ForAll("cases") Case c) {
        Map<String, String> params = new LinkedHashMap<>();
        if (c.charset() != null) {
            params.put("charset", c.charset());
        }
        params.putAll(c.fields());
        Charset charset = AlipayFormBody.resolveCharset(c.charset());
        CharsetEncoder encoder = charset.newEncoder();
        params.values().removeIf(v -> !encoder.canEncode(v)); // lone surrogates cannot be sent at all
        String body = AlipayFormBody.encode(params, charset);
        assertEquals(params, AlipayFormBody.decode(body.getBytes(StandardCharsets.US_ASCII)));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> charset = Arbitraries.of("utf-8", "UTF-8", "GBK", "gbk", "GB18030", "gb2312", "", " ")
                .injectNull(0.1);
        Arbitrary<String> signType = Arbitraries.of("RSA2", "RSA2", "RSA2", "RSA");
        Arbitrary<Map<String, String>> fields = Arbitraries.maps(keys(), values()).ofMaxSize(14);
        Arbitrary<String> notifyId = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(34);
        return Combinators.combine(charset, signType, fields, notifyId, Arbitraries.of(Tamper.class),
                        Arbitraries.integers().between(0, 10_000))
                .as((cs, st, f, nid, t, pick) -> {
                    Map<String, String> m = new LinkedHashMap<>(f);
                    m.put("notify_id", nid); // at least one signed field: the SDK refuses to sign empty content
                    return new Case(cs, st, encodable(m, cs), t, pick);
                });
    }

    private static Arbitrary<String> keys() {
        Arbitrary<String> extra = Arbitraries.strings().withCharRange('a', 'z').withChars('_', 'A', 'Z', '0', '9')
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> odd = Arbitraries.of(" ", "\t", "Sign", "SIGN", "sign_Type", "Charset", "aB", "a_b", "ab",
                "B", "_", "z9", "键");
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.of(REALISTIC_KEYS)),
                        net.jqwik.api.Tuple.of(3, extra),
                        net.jqwik.api.Tuple.of(1, odd))
                .filter(k -> !RESERVED.contains(k));
    }

    private static Arbitrary<String> values() {
        Arbitrary<String> blank = Arbitraries.strings()
                .withChars(' ', '\t', '\n', '\r', '\u000b', '\u001f', '\u3000', '\u2028').ofMinLength(1).ofMaxLength(4);
        Arbitrary<String> almostBlank = Arbitraries.of("\u00a0", " \u00a0 ", "\u2007", "\u202f", "\ufeff");
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(24);
        Arbitrary<String> formish = Arbitraries.strings().alpha().numeric().withChars(" &=%+.-_:/{}\"[],")
                .ofMaxLength(24);
        Arbitrary<String> chinese = Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').withChars(' ', '2', '.')
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMaxLength(10);
        Arbitrary<String> amount = Arbitraries.bigDecimals().between(java.math.BigDecimal.ZERO,
                new java.math.BigDecimal("99999.99")).ofScale(2).map(java.math.BigDecimal::toPlainString);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(2, blank),
                net.jqwik.api.Tuple.of(1, almostBlank),
                net.jqwik.api.Tuple.of(3, ascii),
                net.jqwik.api.Tuple.of(3, formish),
                net.jqwik.api.Tuple.of(3, chinese),
                net.jqwik.api.Tuple.of(2, anyUnicode),
                net.jqwik.api.Tuple.of(2, amount));
    }

    /** For GB charsets, replaces characters the charset cannot hold with 'x' (Alipay could not have sent them). */
    private static Map<String, String> encodable(Map<String, String> fields, String charsetName) {
        // resolved here without production code, so that a bug there cannot shape the test data
        Charset charset = charsetName == null || charsetName.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(charsetName);
        if (charset.equals(StandardCharsets.UTF_8)) {
            return fields;
        }
        CharsetEncoder encoder = charset.newEncoder();
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> out.put(clean(k, encoder), clean(v, encoder)));
        return out;
    }

    private static String clean(String s, CharsetEncoder encoder) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            sb.append(encoder.canEncode(ch) ? ch : "x");
        });
        return sb.toString();
    }

    private static Map<String, String> tamper(Map<String, String> signed, Case c) {
        Map<String, String> m = new LinkedHashMap<>(signed);
        List<String> signedKeys = new ArrayList<>();
        m.forEach((k, v) -> {
            if (!AlipaySignContent.isEmpty(k) && !AlipaySignContent.isEmpty(v) && !k.equals("sign")
                    && !k.equals("sign_type")) {
                signedKeys.add(k);
            }
        });
        String target = signedKeys.get(c.pick() % signedKeys.size()); // notify_id guarantees one
        String sign = m.get("sign");
        int at = c.pick() % sign.length();
        switch (c.tamper()) {
            case NONE -> { }
            case REORDER -> {
                List<String> keys = new ArrayList<>(m.keySet());
                Collections.shuffle(keys, new java.util.Random(c.pick()));
                Map<String, String> r = new LinkedHashMap<>();
                keys.forEach(k -> r.put(k, signed.get(k)));
                m = r;
            }
            case ADD_BLANK_FIELD -> m.put("zz_added_" + c.pick(), c.pick() % 2 == 0 ? "" : " \u3000");
            case CHANGE_VALUE -> m.put(target, m.get(target) + "1");
            case ADD_FIELD -> m.put("zz_added_" + c.pick(), "1");
            case REMOVE_FIELD -> m.remove(target);
            case SWAP_SIGN_TYPE -> m.put("sign_type", "RSA2".equals(m.get("sign_type")) ? "RSA" : "RSA2");
            case LOWERCASE_SIGN_TYPE -> m.put("sign_type", m.get("sign_type").toLowerCase());
            case DROP_SIGN_TYPE -> m.remove("sign_type");
            case SWITCH_CHARSET -> m.put("charset", "GBK".equalsIgnoreCase(m.get("charset")) ? "utf-8" : "GBK");
            case SIGN_LINE_BREAKS -> m.put("sign", sign.replaceAll("(.{64})", "$1\r\n"));
            case SIGN_INSERT_JUNK -> m.put("sign", sign.substring(0, at) + " .*-_" + sign.substring(at));
            case SIGN_STRIP_PADDING -> m.put("sign", sign.replace("=", ""));
            case SIGN_EXTRA_PADDING -> m.put("sign", sign + (c.pick() % 2 == 0 ? "=" : "A"));
            case SIGN_FLIP_CHAR -> {
                // not the last 3 characters: "X==" keeps only X's top 2 bits, so some flips there are harmless
                int i = c.pick() % (sign.length() - 3);
                m.put("sign", sign.substring(0, i) + (sign.charAt(i) == 'A' ? 'B' : 'A') + sign.substring(i + 1));
            }
            case SIGN_TRUNCATE -> m.put("sign", sign.substring(0, at));
            case SIGN_URL_SAFE -> m.put("sign", sign.replace('+', '-').replace('/', '_'));
            case SIGN_NON_ASCII -> m.put("sign", sign.substring(0, at) + "é" + sign.substring(at));
            case SIGN_BLANK -> m.put("sign", c.pick() % 2 == 0 ? "" : "\t ");
        }
        return m;
    }
}
