package com.ledgerbridge.crm.csv;

import org.apache.camel.dataformat.csv.CsvRecordConverter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

/** Lets Camel CSV unmarshal into {@link CsvRow}s (values plus start offset) instead of bare lists. */
@Component("csvRowConverter")
public class CsvRowConverter implements CsvRecordConverter<CsvRow> {

    @Override
    public CsvRow convertRecord(CSVRecord record) {
        return CsvRow.of(record);
    }
}
