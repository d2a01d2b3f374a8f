package com.ledgerbridge.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    /** The hash to configure for a token: SHA-256 of its UTF-8 bytes, 64 lower-case hex digits. */
    public static String sha256(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        byte[] presented = digest(token);
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

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Known(String name, byte[] sha256, List<GrantedAuthority> authorities) {
    }

    /**
     * Prints the hash to configure for a token: {@code java -cp target/classes com.ledgerbridge.security.ApiTokens
     * <token>}, or with no argument reads the token from standard input (so it stays out of the shell history).
     */
    public static void main(String[] args) throws java.io.IOException {
        String token = args.length > 0 ? args[0]
                : new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        System.out.println(sha256(token));
    }
}
