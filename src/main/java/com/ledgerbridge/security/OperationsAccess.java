package com.ledgerbridge.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which role each HTTP endpoint needs: one ordered rule table, first match wins. The security filter chain decides
 * with it, the refusals explain with it, and the OpenAPI document states it per operation, so the three never
 * disagree. Rules go by path pattern and method, so endpoints added under an area (e.g. /operations/settlement/**)
 * are covered the day they land: reading (GET) is VIEWER, acting (POST, PUT, PATCH, DELETE) is OPERATOR.
 * An endpoint that needs more (an approval level, ADMIN) gets its own rule above the general ones.
 */
public final class OperationsAccess implements AuthorizationManager<RequestAuthorizationContext> {

    /** What a rule grants. */
    public enum Kind {
        /** anyone, without a token */
        PUBLIC,
        /** nobody (a switched-off area) */
        DENIED,
        /** callers holding the rule's role */
        ROLE
    }

    /** A rule's verdict for a request. */
    public record Access(Kind kind, String role, String why) {

        static Access open(String why) {
            return new Access(Kind.PUBLIC, null, why);
        }

        static Access denied(String why) {
            return new Access(Kind.DENIED, null, why);
        }

        static Access role(String role) {
            return new Access(Kind.ROLE, role, null);
        }
    }

    /** One rule: these methods (empty: any) on paths matching this pattern. */
    public record Rule(Set<String> methods, PathPattern pattern, Access access) {

        boolean matches(String method, PathContainer path) {
            return (methods.isEmpty() || methods.contains(method)) && pattern.matches(path);
        }
    }

    static final Set<String> READ = Set.of("GET", "HEAD");
    static final Set<String> WRITE = Set.of("POST", "PUT", "PATCH", "DELETE");
    static final Set<String> ANY = Set.of();

    /** Where the OpenAPI document and Swagger UI are served (springdoc settings in config/application.yml). */
    public static final String OPENAPI_PATH = "/operations/openapi.json";
    public static final String SWAGGER_UI_PATH = "/operations/swagger-ui.html";

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final List<Rule> rules;

    /** @param sandboxOpen whether a sandbox is enabled (ledgerbridge.gateways.alipay.sandbox.enabled) */
    public OperationsAccess(boolean sandboxOpen) {
        List<Rule> table = new ArrayList<>();
        // payment gateways cannot send our tokens: each notification is verified by the gateway's own signature
        table.add(rule(ANY, "/webhooks/**", Access.open("gateway webhooks are verified by the gateway's signature")));
        table.add(rule(READ, "/actuator/health", Access.open("health checks")));
        table.add(rule(READ, "/actuator/health/**", Access.open("health checks")));
        table.add(rule(ANY, "/actuator/**", Access.role(OperatorRoles.ADMIN)));
        // the API's description is no secret; Swagger UI needs it before anyone has typed a token
        table.add(rule(READ, OPENAPI_PATH, Access.open("the API description")));
        table.add(rule(READ, OPENAPI_PATH + "/**", Access.open("the API description")));
        table.add(rule(READ, "/operations/openapi.json.yaml", Access.open("the API description")));
        table.add(rule(READ, SWAGGER_UI_PATH, Access.open("the API description")));
        table.add(rule(READ, "/operations/swagger-ui/**", Access.open("the API description")));
        // the audit trail: reading and verifying it is for viewers too (an auditor checks what admins cannot hide)
        table.add(rule(READ, "/operations/audit/**", Access.role(OperatorRoles.VIEWER)));
        // exception workbench approvals: the route needs the lowest level; the level due is checked per action
        table.add(rule(WRITE, "/operations/workbench/actions/*/approve", Access.role(OperatorRoles.approver(1))));
        // receivables reports: reading ageing, statements and reminders is for viewers; disputing a statement line,
        // resolving a dispute and running reminders now are operator actions (routes/reports.camel.yaml)
        table.add(rule(READ, "/operations/reports/**", Access.role(OperatorRoles.VIEWER)));
        table.add(rule(WRITE, "/operations/reports/**", Access.role(OperatorRoles.OPERATOR)));
        // matching replays: a dry run stores decisions but books nothing; starting one is an operator's, reading viewers'
        table.add(rule(READ, "/operations/matching/replays/**", Access.role(OperatorRoles.VIEWER)));
        table.add(rule(WRITE, "/operations/matching/replays", Access.role(OperatorRoles.OPERATOR)));
        table.add(rule(WRITE, "/operations/matching/replays/*", Access.role(OperatorRoles.OPERATOR)));
        table.add(rule(READ, "/operations/**", Access.role(OperatorRoles.VIEWER)));
        table.add(rule(WRITE, "/operations/**", Access.role(OperatorRoles.OPERATOR)));
        table.add(rule(ANY, "/sandbox/alipay/**", sandboxOpen
                ? Access.open("the sandbox (demo mode)")
                : Access.denied("the sandbox is switched off (ledgerbridge.gateways.alipay.sandbox.enabled)")));
        table.add(rule(ANY, "/sandbox/**", Access.denied("no such sandbox is enabled")));
        table.add(rule(ANY, "/error", Access.open("error answers")));
        // anything not named above (a new area, another method) is for administrators until it gets its own rule
        table.add(rule(ANY, "/**", Access.role(OperatorRoles.ADMIN)));
        this.rules = List.copyOf(table);
    }

    private static Rule rule(Set<String> methods, String pattern, Access access) {
        return new Rule(methods, PathPatternParser.defaultInstance.parse(pattern), access);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The access rule for a method on a path (the path within the application, e.g. /operations/ledger/dead-letters). */
    public Access required(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        String m = method.toUpperCase(Locale.ROOT);
        for (Rule rule : rules) {
            if (rule.matches(m, container)) {
                return rule.access();
            }
        }
        throw new IllegalStateException("the rule table ends with a rule for every path");
    }

    public Access required(HttpServletRequest request) {
        return required(request.getMethod(), PATHS.getPathWithinApplication(request));
    }

    @Override
    @SuppressWarnings("deprecation")
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Access access = required(context.getRequest());
        return new AuthorizationDecision(switch (access.kind()) {
            case PUBLIC -> true;
            case DENIED -> false;
            case ROLE -> holds(authentication.get(), access.role());
        });
    }

    /** Whether an authenticated caller holds the role (its implied roles were added when it was authenticated). */
    public static boolean holds(Authentication caller, String role) {
        if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
            return false;
        }
        String authority = "ROLE_" + role;
        return caller.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }
}
