package com.ledgerbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.security.SecurityProperties.Mode;
import com.ledgerbridge.security.SecurityProperties.Oidc;
import com.ledgerbridge.simulators.OidcProviderSimulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** JWTs from a simulated OpenID Connect provider: what is accepted, as whom, with which roles; what is refused. */
class OidcTokensTest {

    static final OidcProviderSimulator provider = new OidcProviderSimulator();

    @AfterAll
    static void stop() {
        provider.close();
    }

    static OidcTokens oidc(String issuer, String jwkSetUri, String audience, String rolesClaim, String prefix,
                           String principal) {
        return new OidcTokens(new SecurityProperties(Mode.OIDC, 2, List.of(),
                new Oidc(issuer, jwkSetUri, audience, rolesClaim, prefix, principal)));
    }

    static List<String> authorities(AbstractAuthenticationToken authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void aTokenFoundThroughDiscoveryAuthenticatesWithItsRoles() {
        OidcTokens oidc = oidc(provider.issuer(), null, null, "realm_access.roles", null, "preferred_username");
        String token = provider.token(Map.of("sub", "f81d4fae-7dec", "preferred_username", "li.na",
                "realm_access", Map.of("roles", List.of("offline_access", "operator", "approver-1"))));
        AbstractAuthenticationToken caller = oidc.authentication().convert(oidc.decoder().decode(token));
        assertThat(caller.getName()).isEqualTo("li.na");
        assertThat(authorities(caller)).containsExactly("ROLE_VIEWER", "ROLE_OPERATOR", "ROLE_APPROVER_1");
    }

    @Test
    void rolesFromAFlatClaimWithAPrefixAndTheSubjectAsPrincipal() {
        OidcTokens oidc = oidc(provider.issuer(), provider.jwkSetUri(), null, "roles", "ledgerbridge-", null);
        String token = provider.token(Map.of("sub", "user-42",
                "roles", List.of("ledgerbridge-viewer", "ledgerbridge-admin-typo", "admin")));
        AbstractAuthenticationToken caller = oidc.authentication().convert(oidc.decoder().decode(token));
        assertThat(caller.getName()).isEqualTo("user-42");
        // "admin" without the prefix belongs to another application
        assertThat(authorities(caller)).containsExactly("ROLE_VIEWER");
        // a space-separated string claim, and a namespaced claim name holding dots
        OidcTokens namespaced = oidc(provider.issuer(), provider.jwkSetUri(), null, "https://ledgerbridge.example/roles",
                null, null);
        String spaced = provider.token(Map.of("sub", "u", "https://ledgerbridge.example/roles", "viewer approver_2"));
        assertThat(authorities(namespaced.authentication().convert(namespaced.decoder().decode(spaced))))
                .containsExactly("ROLE_VIEWER", "ROLE_APPROVER_1", "ROLE_APPROVER_2");
    }

    @Test
    void aTokenWithoutRolesAuthenticatesButHoldsNothing() {
        OidcTokens oidc = oidc(provider.issuer(), provider.jwkSetUri(), null, null, null, null);
        AbstractAuthenticationToken caller = oidc.authentication()
                .convert(oidc.decoder().decode(provider.token(Map.of("sub", "nobody"))));
        assertThat(authorities(caller)).isEmpty();
    }

    @Test
    void expiredForgedForeignOrMisaddressedTokensAreRefused() {
        JwtDecoder decoder = oidc(provider.issuer(), provider.jwkSetUri(), "ledgerbridge", null, null, null).decoder();
        Map<String, Object> claims = Map.of("sub", "u", "aud", List.of("ledgerbridge"), "roles", List.of("ADMIN"));
        assertThat(decoder.decode(provider.token(claims)).getSubject()).isEqualTo("u");

        assertThatThrownBy(() -> decoder.decode(provider.expiredToken(claims))).isInstanceOf(JwtException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> decoder.decode(provider.forgedToken(claims))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(provider.token(Map.of("sub", "u", "aud", List.of("another-app")))))
                .isInstanceOf(JwtException.class).hasMessageContaining("aud");
        JwtDecoder otherIssuer = oidc("https://id.example.com/realms/other", provider.jwkSetUri(), null, null, null, null)
                .decoder();
        assertThatThrownBy(() -> otherIssuer.decode(provider.token(claims))).isInstanceOf(JwtException.class)
                .hasMessageContaining("iss");
        assertThatThrownBy(() -> decoder.decode("not.a.jwt")).isInstanceOf(JwtException.class);
    }
}
