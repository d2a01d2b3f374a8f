package com.ledgerbridge.crm.csv;

import java.util.Arrays;

/**
 * Turns a character offset in a text into its physical line number (1-based), counting CR LF, LF and a
 * lone CR as one line break each, as the CSV parser does.
 */
final class PhysicalLines {

    private final String text;
    private final int[] lineStarts;

    PhysicalLines(String text) {
        this.text = text;
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
            }
            if (c == '\r' || c == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    /**
     * The line a record starting at {@code characterPosition} is on. The parser reports the position where
     * it began looking for the record, which is before any empty lines it skipped, so those are skipped here.
     */
    int lineOf(long characterPosition) {
        int position = (int) Math.min(characterPosition, text.length());
        while (position < text.length() && (text.charAt(position) == '\r' || text.charAt(position) == '\n')) {
            position++;
        }
        int found = Arrays.binarySearch(lineStarts, position);
        return found >= 0 ? found + 1 : -found - 1;
    }
}
