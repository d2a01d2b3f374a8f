package com.ledgerbridge.gateway;

import java.util.Base64;

/** Key material as gateways hand it out: PEM (BEGIN/END lines) or bare base64, with any line breaks. */
public final class PemText {

    private PemText() {
    }

    /**
     * The DER bytes inside {@code text}.
     *
     * @param what what the text should be, for the message (e.g. {@code "Alipay public key"}); never the text itself
     */
    public static byte[] der(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty " + what);
        }
        StringBuilder base64 = new StringBuilder(text.length());
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("-----")) {
                continue; // PEM BEGIN/END line
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (!Character.isWhitespace(c)) {
                    base64.append(c);
                }
            }
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64");
        }
    }
}
