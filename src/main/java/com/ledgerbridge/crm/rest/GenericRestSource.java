package com.ledgerbridge.crm.rest;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.ledgerbridge.crm.CrmCursor;
import com.ledgerbridge.crm.CrmSource;
import com.ledgerbridge.crm.SourcePage;
import com.ledgerbridge.crm.rest.MappedPage.RejectedOrder;
import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A CRM speaking the generic REST contract (mappings/crm/generic-rest/README.md): pages by number under one
 * inclusive {@code modifiedSince} per pull, bearer token, orders mapped by the source's JSONata file. HTTP goes
 * through camel-http (the application's one outbound client configuration), called with a fresh exchange that
 * carries only the request's own headers.
 */
public final class GenericRestSource implements CrmSource {

    private static final Logger log = LoggerFactory.getLogger(GenericRestSource.class);

    private final String name;
    private final String endpointUri;
    private final String requestDescription;
    private final String token;
    private final String tokenKey;
    private final int pageSize;
    private final String mapping;
    private final ProducerTemplate http;
    private final Clock clock;

    GenericRestSource(String name, String url, String token, int pageSize, String mapping, ProducerTemplate http,
            Clock clock) {
        this.name = name;
        // failures come back as a status to decide on here, not as an exception thrown inside camel-http
        this.endpointUri = url + (url.contains("?") ? "&" : "?") + "throwExceptionOnFailure=false";
        this.requestDescription = "GET " + url;
        this.token = token;
        this.tokenKey = "ledgerbridge.crm.sources." + name + ".token";
        this.pageSize = pageSize;
        this.mapping = mapping;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SourcePage fetch(CrmCursor cursor) {
        byte[] body = get(cursor);
        JsonNode document = PageContract.read(new ByteArrayInputStream(body), cursor.page()).document();
        MappedPage mapped = CanonicalOrderReader.read(name, map(document));
        for (RejectedOrder reject : mapped.rejects()) {
            MDC.put("correlationId", "crm:" + name + ":" + reject.crmOrderId() + "/" + reject.crmVersion());
            log.warn("CRM pull {}: order {} version {} on page {} rejected, not stored: {}", name, reject.crmOrderId(),
                    reject.crmVersion(), cursor.page(), String.join("; ", reject.reasons()));
        }
        MDC.put("correlationId", "crm:" + name + ":page-" + cursor.page());
        boolean hasMore = document.path("page").path("hasMore").asBoolean();
        return new SourcePage(mapped.orders(), mapped.rejectReport(), mapped.orders().size() + mapped.rejects().size(),
                cursor.next(mapped.highest()), hasMore);
    }

    private byte[] get(CrmCursor cursor) {
        String query = "modifiedSince=" + encode(DateTimeFormatter.ISO_INSTANT.format(cursor.modifiedSince()))
                + "&page=" + cursor.page() + "&pageSize=" + pageSize;
        Exchange response = http.send(endpointUri, exchange -> {
            exchange.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
            exchange.getIn().setHeader(Exchange.HTTP_QUERY, query);
            exchange.getIn().setHeader("Accept", "application/json");
            exchange.getIn().setHeader("Authorization", "Bearer " + token);
        });
        if (response.getException() != null) {
            // no answer at all: refused connection, timeout, reset
            throw new TransientFailure(requestDescription + " page " + cursor.page() + " failed: "
                    + response.getException(), response.getException());
        }
        int status = response.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = response.getMessage().getBody(byte[].class);
        if (status < 200 || status > 299) {
            String text = body == null ? null : new String(body, StandardCharsets.UTF_8);
            throw CrmHttpFailures.of(status, response.getMessage().getHeader("Retry-After", String.class), text,
                    requestDescription, tokenKey, clock);
        }
        return body == null ? new byte[0] : body;
    }

    /** Runs the source's JSONata mapping over the page (the JSONata engine camel-jsonata runs). */
    private JsonNode map(JsonNode document) {
        Object output;
        try {
            Object input = CanonicalOrderReader.JSON.convertValue(document, Object.class);
            output = Jsonata.jsonata(mapping).evaluate(input);
        } catch (RuntimeException e) {
            throw new PermanentFailure("the mapping for CRM source " + name + " failed on page: " + e.getMessage(), e);
        }
        return CanonicalOrderReader.JSON.valueToTree(output);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
