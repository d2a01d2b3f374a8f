package com.ledgerbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.security.SecurityProperties.ApiToken;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

class ApiTokensTest {

    static SecurityProperties settings(ApiToken... tokens) {
        return new SecurityProperties(SecurityProperties.Mode.API_TOKENS, 2, List.of(tokens), null);
    }

    @Test
    void theHashIsTheSha256OfTheTokensUtf8Bytes() {
        // `printf %s "demo-operator-token-sandbox-only" | sha256sum`, as README says to make one
        assertThat(ApiTokens.sha256("demo-operator-token-sandbox-only"))
                .isEqualTo("6c2a4f209bbd32ba8023a9bf68522533b975bc957ea9f52f792ee4599fd3ef02");
        // and `printf %s "" | sha256sum`
        assertThat(ApiTokens.sha256("")).isEqualTo(SecurityProperties.EMPTY_SHA256);
    }

    @Test
    void aConfiguredTokenAuthenticatesItsPrincipalWithItsRolesAndWhatTheyImply() {
        ApiTokens tokens = new ApiTokens(settings(
                new ApiToken("vera", ApiTokens.sha256("token-of-vera-0001"), List.of("viewer")),
                new ApiToken("anna", ApiTokens.sha256("token-of-anna-0002").toUpperCase(), List.of("APPROVER_2"))));
        OAuth2AuthenticatedPrincipal anna = tokens.introspect("token-of-anna-0002");
        assertThat(anna.getName()).isEqualTo("anna");
        assertThat(anna.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_VIEWER", "ROLE_APPROVER_1", "ROLE_APPROVER_2");
        assertThat(tokens.introspect("token-of-vera-0001").getName()).isEqualTo("vera");
    }

    @Test
    void anythingElseIsRefused() {
        ApiTokens tokens = new ApiTokens(settings(
                new ApiToken("vera", ApiTokens.sha256("token-of-vera-0001"), List.of("VIEWER"))));
        for (String wrong : List.of("token-of-vera-000", "token-of-vera-00011", "TOKEN-OF-VERA-0001", "",
                ApiTokens.sha256("token-of-vera-0001"))) {
            assertThatThrownBy(() -> tokens.introspect(wrong)).as(wrong).isInstanceOf(BadOpaqueTokenException.class)
                    .hasMessageNotContaining(wrong.isEmpty() ? "\u0000" : wrong);
        }
        assertThatThrownBy(() -> new ApiTokens(settings()).introspect("token-of-vera-0001"))
                .isInstanceOf(BadOpaqueTokenException.class);
    }

    @Test
    void settingsNeverShowAHash() {
        String hash = ApiTokens.sha256("token-of-vera-0001");
        SecurityProperties settings = settings(new ApiToken("vera", hash, List.of("VIEWER")));
        assertThat(settings.toString()).contains("vera").doesNotContain(hash);
        assertThat(settings.apiTokens().get(0).toString()).doesNotContain(hash);
    }
}
