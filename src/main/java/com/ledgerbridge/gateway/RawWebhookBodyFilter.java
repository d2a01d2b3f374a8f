package com.ledgerbridge.gateway;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gateways sign the exact bytes they send, and Alipay posts form bodies in GBK as well as UTF-8 under
 * a Content-Type that is not even well-formed. The HTTP layer would parse (and URL-decode, in the wrong
 * charset) any form body it sees, so for webhook requests the body is presented as opaque bytes: the
 * gateway's own handler decodes it exactly once, in the charset the notification declares.
 */
@Component
public class RawWebhookBodyFilter extends OncePerRequestFilter {

    static final String OPAQUE = "application/octet-stream";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new OpaqueBodyRequest(request), response);
    }

    private static final class OpaqueBodyRequest extends HttpServletRequestWrapper {

        OpaqueBodyRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContentType() {
            return OPAQUE;
        }

        @Override
        public String getHeader(String name) {
            return "content-type".equalsIgnoreCase(name) ? OPAQUE : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "content-type".equalsIgnoreCase(name) ? Collections.enumeration(List.of(OPAQUE))
                    : super.getHeaders(name);
        }
    }
}
