package com.ledgerbridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.security.OperationsAccess.Access;
import com.ledgerbridge.security.OperationsAccess.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** The rule table, endpoint by endpoint, as README "Security and access" lists it. */
class OperationsAccessTest {

    final OperationsAccess sandboxOn = new OperationsAccess(true);
    final OperationsAccess sandboxOff = new OperationsAccess(false);

    String role(String method, String path) {
        Access access = sandboxOff.required(method, path);
        return access.kind() == Kind.ROLE ? access.role() : access.kind().name();
    }

    @Test
    void everyExistingOperationsEndpointHasItsRole() {
        assertThat(role("GET", "/operations/ledger/dead-letters")).isEqualTo("VIEWER");
        assertThat(role("POST", "/operations/ledger/dead-letters/redrive")).isEqualTo("OPERATOR");
        assertThat(role("GET", "/operations/reconciliation/exceptions")).isEqualTo("VIEWER");
        assertThat(role("GET", "/operations/payments/alipay/2026012345")).isEqualTo("VIEWER");
        assertThat(role("GET", "/operations/audit/verify")).isEqualTo("VIEWER");
        assertThat(role("GET", "/operations/audit/entries")).isEqualTo("VIEWER");
        assertThat(role("POST", "/operations/matching/replays")).isEqualTo("OPERATOR");
        assertThat(role("GET", "/operations/matching/replays/7")).isEqualTo("VIEWER");
        assertThat(role("GET", "/operations/matching/replays/7/decisions")).isEqualTo("VIEWER");
        assertThat(role("GET", "/operations/matching/replays/7/comparison")).isEqualTo("VIEWER");
        assertThat(role("DELETE", "/operations/matching/replays/7")).isEqualTo("OPERATOR");
    }

    @Test
    void settlementEndpointsAreCoveredByTheirPathsBeforeTheyLand() {
        for (String path : List.of("/operations/settlement/reports", "/operations/settlement/reports/alipay/2026-01-05/discrepancies",
                "/operations/settlement/reports/alipay/2026-01-05/discrepancies.csv", "/operations/settlement/imports",
                "/operations/settlement/imports/17/rejected-lines")) {
            assertThat(role("GET", path)).as(path).isEqualTo("VIEWER");
        }
        assertThat(role("POST", "/operations/settlement/alipay/download")).isEqualTo("OPERATOR");
        assertThat(role("POST", "/operations/settlement/wechatpay/reconcile")).isEqualTo("OPERATOR");
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            assertThat(role(method, "/operations/anything/new")).isEqualTo("OPERATOR");
        }
    }

    @Test
    void openAndClosedAreas() {
        assertThat(role("POST", "/webhooks/alipay")).isEqualTo("PUBLIC");
        assertThat(role("POST", "/webhooks/stripe")).isEqualTo("PUBLIC");
        assertThat(role("GET", "/actuator/health")).isEqualTo("PUBLIC");
        assertThat(role("GET", "/actuator/health/liveness")).isEqualTo("PUBLIC");
        assertThat(role("GET", "/actuator/info")).isEqualTo("ADMIN");
        assertThat(role("POST", "/actuator/health")).isEqualTo("ADMIN");
        assertThat(role("GET", "/operations/openapi.json")).isEqualTo("PUBLIC");
        assertThat(role("GET", "/operations/openapi.json/swagger-config")).isEqualTo("PUBLIC");
        assertThat(role("GET", "/operations/swagger-ui/index.html")).isEqualTo("PUBLIC");
        assertThat(role("POST", "/operations/openapi.json")).isEqualTo("OPERATOR");
        // anything not named is for administrators
        assertThat(role("GET", "/")).isEqualTo("ADMIN");
        assertThat(role("GET", "/reports/ageing")).isEqualTo("ADMIN");
        assertThat(role("OPTIONS", "/operations/ledger/dead-letters")).isEqualTo("ADMIN");
        // paths are case-sensitive: another spelling is not the operations area, and is no less guarded
        assertThat(role("GET", "/OPERATIONS/ledger/dead-letters")).isEqualTo("ADMIN");
    }

    @Test
    void theSandboxIsOpenOnlyWhenEnabled() {
        assertThat(sandboxOn.required("POST", "/sandbox/alipay/pay").kind()).isEqualTo(Kind.PUBLIC);
        assertThat(sandboxOff.required("POST", "/sandbox/alipay/pay").kind()).isEqualTo(Kind.DENIED);
        assertThat(sandboxOn.required("POST", "/sandbox/wechatpay/pay").kind()).isEqualTo(Kind.DENIED);
    }

    @Test
    void decisionsFollowTheCallersRoles() {
        assertThat(allows("GET", "/operations/ledger/dead-letters", caller("VIEWER"))).isTrue();
        assertThat(allows("POST", "/operations/ledger/dead-letters/redrive", caller("VIEWER"))).isFalse();
        assertThat(allows("POST", "/operations/ledger/dead-letters/redrive", caller("VIEWER", "OPERATOR"))).isTrue();
        assertThat(allows("GET", "/operations/ledger/dead-letters", null)).isFalse();
        assertThat(allows("GET", "/operations/ledger/dead-letters",
                new AnonymousAuthenticationToken("key", "anonymous", AuthorityUtils.createAuthorityList("ROLE_VIEWER"))))
                .as("an anonymous caller holds nothing, whatever it claims").isFalse();
        assertThat(allows("POST", "/webhooks/alipay", null)).isTrue();
        assertThat(allows("GET", "/actuator/info", caller("VIEWER", "OPERATOR"))).isFalse();
        assertThat(allows("GET", "/actuator/info", caller("ADMIN"))).isTrue();
    }

    boolean allows(String method, String path, Authentication caller) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        @SuppressWarnings("deprecation")
        boolean granted = sandboxOff.check(() -> caller, new RequestAuthorizationContext(request)).isGranted();
        return granted;
    }

    static Authentication caller(String... roles) {
        TestingAuthenticationToken token = new TestingAuthenticationToken("someone", null,
                java.util.Arrays.stream(roles).map(r -> "ROLE_" + r).toArray(String[]::new));
        token.setAuthenticated(true);
        return token;
    }
}
