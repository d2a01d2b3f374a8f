package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.util.List;

/** The few JSON pieces decisions are rendered with: fixed field order, no whitespace, so the bytes are canonical. */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    static void string(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(s, from, i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
                from = i + 1;
            }
        }
        out.append(s, from, s.length());
        out.append('"');
    }

    /** {@code "name":} then the string value. */
    static void field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":");
        string(out, value);
    }

    static void field(StringBuilder out, String name, Enum<?> value) {
        field(out, name, value == null ? null : value.name());
    }

    static void field(StringBuilder out, String name, long value) {
        out.append('"').append(name).append("\":").append(value);
    }

    /** A money amount as its plain decimal text (the currency is given beside it). */
    static void field(StringBuilder out, String name, Money value) {
        field(out, name, value == null ? null : value.amount().toPlainString());
    }

    static void strings(StringBuilder out, String name, List<String> values) {
        out.append('"').append(name).append("\":[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, values.get(i));
        }
        out.append(']');
    }
}
