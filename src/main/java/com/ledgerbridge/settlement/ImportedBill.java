package com.ledgerbridge.settlement;

import java.time.LocalDate;
import java.util.List;

/**
 * What importing one bill file did.
 *
 * @param duplicate true when the same content was imported before: nothing new was stored
 * @param dates     the business days its lines cover, each reconciled next
 * @param lines     good lines read
 * @param newLines  of them, lines stored now (the others were stored by an earlier or overlapping file)
 * @param rejected  lines refused, each recorded with its line number and reason
 * @param readMillis  time spent reading the file through the format and loading its lines
 * @param storeMillis time spent storing the loaded lines that were new
 */
public record ImportedBill(String gateway, long billId, String fileName, boolean duplicate, List<LocalDate> dates,
        long lines, long newLines, long rejected, long readMillis, long storeMillis) {

    public ImportedBill {
        dates = List.copyOf(dates);
    }
}
