package com.ledgerbridge.domain.reconciliation.matching;

import com.ledgerbridge.domain.money.Money;
import java.util.List;
import java.util.function.BiConsumer;

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

    /** Starts a JSON object on {@code out}: fields in the order they are written, commas between them. */
    static Obj object(StringBuilder out) {
        return new Obj(out);
    }

    /** A JSON object being written; {@link #end()} closes it. */
    static final class Obj {
        private final StringBuilder out;
        private boolean first = true;

        private Obj(StringBuilder out) {
            this.out = out;
            out.append('{');
        }

        private void separate() {
            if (!first) {
                out.append(',');
            }
            first = false;
        }

        Obj field(String name, String value) {
            separate();
            Json.field(out, name, value);
            return this;
        }

        Obj field(String name, Enum<?> value) {
            separate();
            Json.field(out, name, value);
            return this;
        }

        Obj field(String name, long value) {
            separate();
            Json.field(out, name, value);
            return this;
        }

        Obj field(String name, Money value) {
            separate();
            Json.field(out, name, value);
            return this;
        }

        Obj strings(String name, List<String> values) {
            separate();
            Json.strings(out, name, values);
            return this;
        }

        /** {@code "name":[...]}, each element written by {@code element}. */
        <T> Obj array(String name, List<T> values, BiConsumer<T, StringBuilder> element) {
            separate();
            out.append('"').append(name).append("\":[");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                element.accept(values.get(i), out);
            }
            out.append(']');
            return this;
        }

        /** {@code "name":} then what {@code value} writes ({@code null} when it is null). */
        <T> Obj value(String name, T value, BiConsumer<T, StringBuilder> writer) {
            separate();
            out.append('"').append(name).append("\":");
            if (value == null) {
                out.append("null");
            } else {
                writer.accept(value, out);
            }
            return this;
        }

        void end() {
            out.append('}');
        }
    }
}
