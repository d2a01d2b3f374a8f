package com.ledgerbridge.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The answers to a refused call, as JSON that says why (never a stack trace): {@code {"status":401,"error":
 * "unauthorized","message":...}}. 401 when there is no token or it was not accepted (with the standard
 * {@code WWW-Authenticate: Bearer ...} header), 403 when the caller's roles are too low, or the area is switched off.
 * Tokens are never echoed or logged.
 */
public final class AccessRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(AccessRefusals.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OperationsAccess access;
    private final BearerTokenAuthenticationEntryPoint bearerChallenge = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

    public AccessRefusals(OperationsAccess access) {
        this.access = access;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        OperationsAccess.Access required = access.required(request);
        if (required.kind() == OperationsAccess.Kind.DENIED) {
            write(request, response, 403, "forbidden", required.why());
            return;
        }
        bearerChallenge.commence(request, response, failure);
        String message = failure instanceof OAuth2AuthenticationException refused
                ? "the bearer token was not accepted: " + (refused.getError().getDescription() != null
                        ? refused.getError().getDescription() : refused.getError().getErrorCode())
                : request.getMethod() + " " + request.getRequestURI() + " needs a bearer token (Authorization: Bearer "
                        + "<token>) of a caller with role " + required.role();
        write(request, response, 401, "unauthorized", message);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        OperationsAccess.Access required = access.required(request);
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (required.kind() == OperationsAccess.Kind.DENIED) {
            write(request, response, 403, "forbidden", required.why());
            return;
        }
        bearerDenied.handle(request, response, denied);
        List<String> held = caller == null ? List.of() : caller.getAuthorities().stream()
                .map(a -> a.getAuthority().replaceFirst("^ROLE_", ""))
                .toList();
        String message = request.getMethod() + " " + request.getRequestURI() + " needs role " + required.role()
                + "; " + (caller == null ? "the caller" : "'" + caller.getName() + "'") + " has " + held;
        write(request, response, 403, "forbidden", message);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String error,
                              String message) throws IOException {
        log.debug("refused {} {}: {} {}", request.getMethod(), request.getRequestURI(), status, message);
        if (response.isCommitted()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status);
        body.put("error", error);
        body.put("message", message);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
