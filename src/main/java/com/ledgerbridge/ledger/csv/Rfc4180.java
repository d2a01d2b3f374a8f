package com.ledgerbridge.ledger.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: records end with CRLF; a field holding a comma, a double quote, CR or LF is enclosed in
 * double quotes, with inner quotes doubled. The reader also reports where each record starts and ends
 * and whether it was terminated, so that a record torn by a crash half-way through a write is recognised.
 */
public final class Rfc4180 {

    public static final String RECORD_END = "\r\n";

    private Rfc4180() {
    }

    /** One parsed record; {@code start}/{@code end} are char offsets into the parsed text, end exclusive. */
    public record Record(List<String> fields, int start, int end, boolean terminated) {
    }

    public static String format(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quote(fields.get(i)));
        }
        return line.append(RECORD_END).toString();
    }

    static String quote(String field) {
        if (field == null) {
            return "";
        }
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\r') >= 0
                || field.indexOf('\n') >= 0 || (!field.isEmpty()
                        && (Character.isWhitespace(field.charAt(0)) || Character.isWhitespace(field.charAt(field.length() - 1))));
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /**
     * Parses every record. The last record is {@code terminated == false} when the text stops inside it:
     * without its line break, inside an open quote, or between the CR and LF of its line break.
     * A lone LF (or CR) is accepted as a line break, for files that went through another tool.
     */
    public static List<Record> parse(String text) {
        List<Record> records = new ArrayList<>();
        int length = text.length();
        int i = 0;
        while (i < length) {
            int start = i;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean terminated = false;
            boolean torn = false;
            while (true) {
                if (i < length && text.charAt(i) == '"') {
                    i++;
                    boolean closed = false;
                    while (i < length) {
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < length && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                            } else {
                                i++;
                                closed = true;
                                break;
                            }
                        } else {
                            field.append(c);
                            i++;
                        }
                    }
                    if (!closed) {
                        torn = true;
                    }
                }
                // unquoted field, or anything after a closing quote up to the next delimiter
                while (!torn && i < length) {
                    char c = text.charAt(i);
                    if (c == ',' || c == '\r' || c == '\n') {
                        break;
                    }
                    field.append(c);
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                if (torn || i >= length) {
                    break;
                }
                char c = text.charAt(i);
                if (c == ',') {
                    i++;
                    if (i >= length) {
                        fields.add("");
                        break;
                    }
                    continue;
                }
                if (c == '\r') {
                    if (i + 1 < length && text.charAt(i + 1) == '\n') {
                        i += 2;
                        terminated = true;
                    } else if (i + 1 >= length) {
                        i++; // a CR at the very end: the write stopped between CR and LF
                    } else {
                        i++;
                        terminated = true;
                    }
                    break;
                }
                i++; // '\n'
                terminated = true;
                break;
            }
            records.add(new Record(List.copyOf(fields), start, i, terminated));
        }
        return records;
    }
}
