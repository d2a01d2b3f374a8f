package com.ledgerbridge.gateway.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Our reading of {@code sign} (commons-codec behind a shape check) against the SDK's own old base64 copy
 * ({@code com.alipay.api.internal.util.codec.Base64}), the oracle.
 */
class AlipaySignatureBytesPropertyTest {

    /** Whatever the text, when we read bytes they are the bytes the SDK reads. */
    @Property(tries = 3000)
    void whatWeReadIsWhatTheSdkReads(@ForAll("signLike") String sign) {
        byte[] ours = AlipaySignatureVerifier.signatureBytes(sign);
        Statistics.label("read").collect(ours != null);
        if (ours != null) {
            assertThat(ours).isEqualTo(sdkDecode(sign));
        }
        // not vacuous: a good share of the texts are read
        Statistics.label("read").coverage(c -> c.check(true).percentage(p -> p > 3));
    }

    /** What Alipay sends, wrapped or sprinkled with characters the SDK drops, reads back as the signed bytes. */
    @Property(tries = 500)
    void encodedBytesWithDroppedCharactersReadBack(@ForAll byte[] bytes, @ForAll @IntRange(max = 10_000) int at,
            @ForAll("dropped") String junk) {
        String text = Base64.getEncoder().encodeToString(bytes);
        int i = text.isEmpty() ? 0 : at % text.length();
        String sprinkled = text.substring(0, i) + junk + text.substring(i);
        assertThat(AlipaySignatureVerifier.signatureBytes(sprinkled)).isEqualTo(bytes);
    }

    @Property(tries = 200)
    void textsTheSdkMisreadsAreNotRead(@ForAll byte[] bytes) {
        String text = Base64.getEncoder().encodeToString(bytes);
        if (text.endsWith("=")) { // commons-codec alone would repair the missing padding; the SDK does not
            assertThat(AlipaySignatureVerifier.signatureBytes(text.replace("=", ""))).isNull();
        }
        // commons-codec alone would stop at the first '=' and ignore the rest
        assertThat(AlipaySignatureVerifier.signatureBytes(text + "====")).isNull();
    }

    @Provide
    Arbitrary<String> signLike() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.chars().with(
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray())),
                net.jqwik.api.Tuple.of(3, Arbitraries.just('=')),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().with(" \r\n\t-_.*".toCharArray())),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().with("é签".toCharArray())));
        return chars.list().ofMaxSize(24).map(list -> {
            StringBuilder sb = new StringBuilder();
            list.forEach(sb::append);
            return sb.toString();
        });
    }

    @Provide
    Arbitrary<String> dropped() {
        return Arbitraries.strings().withChars(" \r\n\t-_.*!#".toCharArray()).ofMaxLength(6);
    }

    /** The SDK's decoding, or null where it throws. */
    private static byte[] sdkDecode(String sign) {
        try {
            return com.alipay.api.internal.util.codec.Base64.decodeBase64(sign.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
