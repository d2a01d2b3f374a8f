package com.ledgerbridge.crm.csv;

import com.ledgerbridge.crm.CrmConnector;
import com.ledgerbridge.crm.CrmFileSource;
import com.ledgerbridge.crm.CrmProperties;
import com.ledgerbridge.crm.CrmSourceType;
import org.springframework.stereotype.Component;

/** Makes CSV drop-folder sources (type csv) from their settings. */
@Component
public class CsvConnector implements CrmConnector {

    @Override
    public CrmSourceType type() {
        return CrmSourceType.CSV;
    }

    @Override
    public CrmFileSource fileSource(String name, CrmProperties.Source settings) {
        return new CsvDropSource(name, settings.charset(), settings.batchSize());
    }
}
