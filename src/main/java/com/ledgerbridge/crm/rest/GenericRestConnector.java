package com.ledgerbridge.crm.rest;

import com.ledgerbridge.crm.CrmConnector;
import com.ledgerbridge.crm.CrmProperties;
import com.ledgerbridge.crm.CrmSource;
import com.ledgerbridge.crm.CrmSourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Makes generic REST sources (type generic-rest) from their settings; the mapping file is read once, here. */
@Component
public class GenericRestConnector implements CrmConnector {

    private final ProducerTemplate http;
    private final Clock clock;

    public GenericRestConnector(ProducerTemplate http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public CrmSourceType type() {
        return CrmSourceType.GENERIC_REST;
    }

    @Override
    public CrmSource pullSource(String name, CrmProperties.Source settings) {
        String mapping;
        try {
            mapping = Files.readString(settings.mapping());
        } catch (IOException e) {
            throw new UncheckedIOException("ledgerbridge.crm.sources." + name + ".mapping: cannot read "
                    + settings.mapping(), e);
        }
        String base = settings.baseUrl().endsWith("/")
                ? settings.baseUrl().substring(0, settings.baseUrl().length() - 1) : settings.baseUrl();
        return new GenericRestSource(name, base + settings.ordersPath(), settings.token(), settings.pageSize(),
                mapping, http, clock);
    }
}
