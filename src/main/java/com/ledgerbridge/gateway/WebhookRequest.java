package com.ledgerbridge.gateway;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A webhook request as the gateway sent it: the body as opaque bytes (gateways sign exact bytes, and some post
 * form bodies in GBK; see {@link RawWebhookBodyFilter}) and the HTTP headers, looked up case-insensitively.
 */
public record WebhookRequest(byte[] body, Map<String, String> headers) {

    public WebhookRequest {
        body = body == null ? new byte[0] : body;
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseInsensitive.putAll(headers);
        }
        headers = Collections.unmodifiableMap(caseInsensitive);
    }

    /** Keeps the headers whose values are text (the HTTP layer adds others of its own). */
    public static WebhookRequest of(byte[] body, Map<String, ?> headers) {
        TreeMap<String, String> text = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value instanceof String s) {
                    text.put(name, s);
                }
            });
        }
        return new WebhookRequest(body, text);
    }

    /** The header's value, or null. */
    public String header(String name) {
        return headers.get(Objects.requireNonNull(name, "name"));
    }
}
