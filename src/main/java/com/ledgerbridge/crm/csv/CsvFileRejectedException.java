package com.ledgerbridge.crm.csv;

/** A CSV order file that cannot be read at all (no header, duplicate or missing columns). */
public class CsvFileRejectedException extends RuntimeException {

    public CsvFileRejectedException(String message) {
        super(message);
    }
}
