package com.ledgerbridge.crm.csv;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.sample-data.* — the demo orders copied into a CSV source's inbox on the first start.
 *
 * @param enabled   copy the sample once (off in production)
 * @param ordersCsv the sample file
 * @param source    the CSV source (ledgerbridge.crm.sources.&lt;name&gt;) whose inbox receives it
 */
@ConfigurationProperties("ledgerbridge.sample-data")
public record SampleDataProperties(boolean enabled, Path ordersCsv, String source) {

    public SampleDataProperties {
        if (enabled && ordersCsv == null) {
            throw new IllegalArgumentException("ledgerbridge.sample-data.orders-csv must be set when sample data is enabled");
        }
        if (enabled && (source == null || source.isBlank())) {
            throw new IllegalArgumentException("ledgerbridge.sample-data.source must name a CSV source when sample data is enabled");
        }
    }
}
