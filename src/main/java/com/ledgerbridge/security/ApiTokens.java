package com.ledgerbridge.security;

import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Mode api-tokens: a bearer token is accepted when its SHA-256 is one of the configured hashes. Only hashes are
 * configured, so the settings (or a copy of them) give nobody a token. The presented token's hash is compared with
 * every configured hash in constant time, all of them every time, so the answer's timing says nothing about which
 * hash (or how much of one) matched.
 *
 * <p>The tokens are meant to be long random strings ({@code openssl rand -hex 32}); a plain SHA-256 is the right
 * hash for those (a password would need a slow, salted one).
 */
public final class ApiTokens implements OpaqueTokenIntrospector {

    static final String TOKEN_NAME = "token_name";

    private final List<Known> known;

    public ApiTokens(SecurityProperties settings) {
        OperatorRoles roles = settings.roles();
        this.known = settings.apiTokens().stream()
                .map(t -> new Known(t.name(), HexFormat.of().parseHex(t.sha256()), authorities(roles,
                        t.roles().stream().map(r -> roles.parse(r).orElseThrow()).toList())))
                .toList();
    }

    /** How many tokens are accepted. */
    public int size() {
        return known.size();
    }

    /** The hash to configure for a token ({@link TokenHash}). */
    public static String sha256(String token) {
        return TokenHash.sha256(token);
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        byte[] presented = TokenHash.digest(token);
        Known match = null;
        for (Known candidate : known) {
            if (MessageDigest.isEqual(candidate.sha256(), presented)) {
                match = candidate;
            }
        }
        if (match == null) {
            throw new BadOpaqueTokenException("the token is not one of the configured API tokens");
        }
        return new DefaultOAuth2AuthenticatedPrincipal(match.name(), Map.of(TOKEN_NAME, match.name()),
                match.authorities());
    }

    /** Spring Security authorities (ROLE_x) for the granted roles and every role they imply. */
    static List<GrantedAuthority> authorities(OperatorRoles roles, Collection<String> granted) {
        return roles.implied(granted).stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }

    private record Known(String name, byte[] sha256, List<GrantedAuthority> authorities) {
    }
}
