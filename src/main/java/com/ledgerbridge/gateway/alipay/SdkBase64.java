package com.ledgerbridge.gateway.alipay;

import java.nio.charset.StandardCharsets;

/**
 * Port of the base64 decoder the official Alipay SDK applies to {@code sign}
 * ({@code com.alipay.api.internal.util.codec.Base64.decodeBase64}, an old commons-codec copy), so that our
 * verdict matches the SDK's on every input, including odd ones: characters outside the base64 alphabet and
 * {@code =} are silently dropped (so line breaks and spaces are tolerated), and missing or misplaced padding
 * yields wrong bytes or an exception rather than a repaired result. The SDK takes the string's bytes in the
 * platform charset; this port pins UTF-8 (the JDK 18+ default), so any non-ASCII character is an error, as in
 * the SDK, where a negative byte indexes outside its lookup table.
 */
final class SdkBase64 {

    private static final byte PAD = '=';
    private static final byte[] ALPHABET = new byte[255];

    static {
        java.util.Arrays.fill(ALPHABET, (byte) -1);
        for (int c = 'A'; c <= 'Z'; c++) {
            ALPHABET[c] = (byte) (c - 'A');
        }
        for (int c = 'a'; c <= 'z'; c++) {
            ALPHABET[c] = (byte) (c - 'a' + 26);
        }
        for (int c = '0'; c <= '9'; c++) {
            ALPHABET[c] = (byte) (c - '0' + 52);
        }
        ALPHABET['+'] = 62;
        ALPHABET['/'] = 63;
    }

    private SdkBase64() {
    }

    /**
     * @throws IllegalArgumentException where the SDK would throw (non-ASCII input, inconsistent padding)
     */
    static byte[] decode(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[raw.length];
        int n = 0;
        for (byte b : raw) {
            if (b < 0) {
                throw new IllegalArgumentException("non-ASCII character in base64 text");
            }
            if (b == PAD || ALPHABET[b] != -1) {
                data[n++] = b;
            }
        }
        if (n == 0) {
            return new byte[0];
        }
        int quads = n / 4;
        int last = n;
        while (data[last - 1] == PAD) {
            if (--last == 0) {
                return new byte[0];
            }
        }
        int outLength = last - quads;
        if (outLength < 0) {
            throw new IllegalArgumentException("inconsistent base64 padding");
        }
        byte[] out = new byte[outLength];
        int o = 0;
        try {
            for (int i = 0; i < quads; i++) {
                int d = i * 4;
                byte m0 = data[d + 2];
                byte m1 = data[d + 3];
                byte b1 = ALPHABET[data[d]];
                byte b2 = ALPHABET[data[d + 1]];
                if (m0 != PAD && m1 != PAD) {
                    byte b3 = ALPHABET[m0];
                    byte b4 = ALPHABET[m1];
                    out[o] = (byte) (b1 << 2 | b2 >> 4);
                    out[o + 1] = (byte) (((b2 & 0xf) << 4) | ((b3 >> 2) & 0xf));
                    out[o + 2] = (byte) (b3 << 6 | b4);
                } else if (m0 == PAD) {
                    out[o] = (byte) (b1 << 2 | b2 >> 4);
                } else {
                    byte b3 = ALPHABET[m0];
                    out[o] = (byte) (b1 << 2 | b2 >> 4);
                    out[o + 1] = (byte) (((b2 & 0xf) << 4) | ((b3 >> 2) & 0xf));
                }
                o += 3;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("inconsistent base64 padding", e);
        }
        return out;
    }
}
