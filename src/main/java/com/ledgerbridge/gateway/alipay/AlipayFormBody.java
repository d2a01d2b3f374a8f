package com.ledgerbridge.gateway.alipay;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

import com.ledgerbridge.gateway.alipay.InvalidNotificationException.Reason;

/**
 * Decodes the raw body of an Alipay asynchronous notification ({@code application/x-www-form-urlencoded} in
 * structure, whatever the Content-Type header claims).
 *
 * <p>The body is split on the ASCII bytes {@code &} and {@code =}; the {@code charset} parameter (ASCII; UTF-8
 * when absent or blank) then decides how every percent-decoded key and value is turned into text. Each key
 * and value is percent-decoded exactly once ({@code +} is a space), so values such as {@code passback_params}
 * that the merchant had encoded themselves stay percent-encoded, which is what Alipay signed.
 */
public final class AlipayFormBody {

    /** Name of the parameter that carries the character set of the values. */
    public static final String CHARSET_PARAM = "charset";

    private static final byte[] CHARSET_KEY = CHARSET_PARAM.getBytes(StandardCharsets.US_ASCII);
    private static final String PRINTABLE_ASCII;

    static {
        StringBuilder sb = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            sb.append(c);
        }
        PRINTABLE_ASCII = sb.toString();
    }

    private AlipayFormBody() {
    }

    /**
     * Decodes a raw notification body into its parameters, in body order.
     *
     * @throws InvalidNotificationException on malformed percent-encoding, an unknown or non-ASCII-compatible
     *         charset, bytes invalid in that charset, or a repeated parameter name
     */
    public static Map<String, String> decode(byte[] body) {
        Objects.requireNonNull(body, "body");
        List<byte[][]> pairs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    pairs.add(splitPair(body, start, i));
                }
                start = i + 1;
            }
        }

        Charset charset = findCharset(pairs);

        Map<String, String> params = new LinkedHashMap<>();
        for (byte[][] pair : pairs) {
            String key = toText(pair[0], charset, null);
            String value = toText(pair[1], charset, key);
            if (params.containsKey(key)) {
                throw new InvalidNotificationException(Reason.DUPLICATE_PARAMETER, key,
                        "parameter occurs more than once");
            }
            params.put(key, value);
        }
        return params;
    }

    /**
     * Builds a form body ({@code k=v&...}, keys and values percent-encoded in {@code charset}, space as
     * {@code +}) in the map's iteration order. The result is pure ASCII.
     *
     * @throws IllegalArgumentException when a key or value cannot be represented in {@code charset}
     */
    public static String encode(Map<String, String> params, Charset charset) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(charset, "charset");
        CharsetEncoder encoder = charset.newEncoder();
        StringJoiner body = new StringJoiner("&");
        for (Map.Entry<String, String> e : params.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "null key");
            String value = Objects.requireNonNull(e.getValue(), () -> "null value for " + key);
            if (!encoder.canEncode(key) || !encoder.canEncode(value)) {
                throw new IllegalArgumentException("parameter " + key + " cannot be encoded in " + charset.name());
            }
            body.add(URLEncoder.encode(key, charset) + "=" + URLEncoder.encode(value, charset));
        }
        return body.toString();
    }

    /**
     * Resolves a charset name as Alipay sends it ({@code utf-8}, {@code GBK}, {@code gb2312}, ...; any case).
     * Blank or absent means UTF-8.
     *
     * @throws InvalidNotificationException when the name is unknown or not ASCII-compatible
     */
    public static Charset resolveCharset(String name) {
        if (AlipaySignContent.isEmpty(name)) {
            return StandardCharsets.UTF_8;
        }
        Charset charset;
        try {
            charset = Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new InvalidNotificationException(Reason.UNKNOWN_CHARSET, CHARSET_PARAM,
                    "unknown charset '" + abbreviate(name) + "'");
        }
        if (!charset.canEncode() || !isAsciiCompatible(charset)) {
            throw new InvalidNotificationException(Reason.UNKNOWN_CHARSET, CHARSET_PARAM,
                    "charset '" + abbreviate(name) + "' is not ASCII-compatible");
        }
        return charset;
    }

    private static byte[][] splitPair(byte[] body, int from, int to) {
        int eq = -1;
        for (int i = from; i < to; i++) {
            if (body[i] == '=') {
                eq = i;
                break;
            }
        }
        byte[] rawKey;
        byte[] rawValue;
        if (eq < 0) {
            rawKey = Arrays.copyOfRange(body, from, to);
            rawValue = new byte[0];
        } else {
            rawKey = Arrays.copyOfRange(body, from, eq);
            rawValue = Arrays.copyOfRange(body, eq + 1, to);
        }
        byte[] key = percentDecode(rawKey, null);
        byte[] value = percentDecode(rawValue, asciiForMessage(key));
        return new byte[][] {key, value};
    }

    private static Charset findCharset(List<byte[][]> pairs) {
        byte[] found = null;
        for (byte[][] pair : pairs) {
            if (Arrays.equals(pair[0], CHARSET_KEY)) {
                if (found != null) {
                    throw new InvalidNotificationException(Reason.DUPLICATE_PARAMETER, CHARSET_PARAM,
                            "parameter occurs more than once");
                }
                found = pair[1];
            }
        }
        if (found == null) {
            return StandardCharsets.UTF_8;
        }
        for (byte b : found) {
            if (b < 0x20 || b > 0x7e) { // negative bytes are non-ASCII
                throw new InvalidNotificationException(Reason.UNKNOWN_CHARSET, CHARSET_PARAM,
                        "charset name is not printable ASCII");
            }
        }
        return resolveCharset(new String(found, StandardCharsets.US_ASCII));
    }

    private static byte[] percentDecode(byte[] raw, String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                int hi = i + 1 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
                int lo = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
                // a byte widens to a code point; only the ASCII hex digits 0-9, a-f, A-F give a digit >= 0
                if (hi < 0 || lo < 0) {
                    throw new InvalidNotificationException(Reason.MALFORMED_PERCENT_ENCODING, field,
                            "'%' at byte " + i + " is not followed by two hex digits");
                }
                out.write((hi << 4) | lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static String toText(byte[] bytes, Charset charset, String field) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidNotificationException(Reason.MALFORMED_CHARACTERS, field == null ? "(key)" : field,
                    "bytes are not valid " + charset.name());
        }
    }

    private static boolean isAsciiCompatible(Charset charset) {
        return PRINTABLE_ASCII.equals(new String(PRINTABLE_ASCII.getBytes(charset), StandardCharsets.US_ASCII));
    }

    private static String asciiForMessage(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (byte b : key) {
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
            if (sb.length() >= 40) {
                break;
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
