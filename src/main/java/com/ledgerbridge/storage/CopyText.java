package com.ledgerbridge.storage;

/**
 * PostgreSQL COPY text format, one field at a time: null as {@code \N}; backslash, tab, newline and carriage return
 * escaped, so a value can never end a field or a row early (PostgreSQL docs, "COPY", text format).
 */
final class CopyText {

    private CopyText() {
    }

    /** Appends {@code value} to {@code row} as one COPY text field (without the tab that separates fields). */
    static StringBuilder field(StringBuilder row, String value) {
        if (value == null) {
            return row.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
        return row;
    }
}
