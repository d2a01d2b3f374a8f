package com.ledgerbridge.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Mode oidc: bearer tokens are JWTs from the configured OpenID Connect provider, checked for signature (the
 * provider's published keys), issuer, time (exp/nbf, with Spring Security's 60 s of clock skew) and, when set,
 * audience. The roles come from a configurable claim; the principal from another.
 */
public final class OidcTokens {

    private final SecurityProperties.Oidc settings;
    private final OperatorRoles roles;

    public OidcTokens(SecurityProperties properties) {
        this.settings = properties.oidc();
        this.roles = properties.roles();
    }

    /**
     * The decoder. With a jwk-set-uri the keys are fetched from there (and cached); with only an issuer-uri the
     * provider's discovery document is read on the first call, not at start-up, so the application starts while the
     * provider is down.
     */
    public JwtDecoder decoder() {
        if (settings.jwkSetUri() != null) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
            decoder.setJwtValidator(validator());
            return decoder;
        }
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
            decoder.setJwtValidator(validator());
            return decoder;
        });
    }

    OAuth2TokenValidator<Jwt> validator() {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(settings.issuerUri() != null ? JwtValidators.createDefaultWithIssuer(settings.issuerUri())
                : JwtValidators.createDefault());
        if (settings.audience() != null) {
            String audience = settings.audience();
            validators.add(new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** A verified JWT as an authenticated caller: its principal claim as the name, its roles and what they imply. */
    public Converter<Jwt, AbstractAuthenticationToken> authentication() {
        return jwt -> {
            String name = Optional.ofNullable(jwt.getClaimAsString(settings.principalClaim()))
                    .filter(s -> !s.isBlank())
                    .orElse(jwt.getSubject());
            return new JwtAuthenticationToken(jwt, ApiTokens.authorities(roles, grantedRoles(jwt.getClaims())), name);
        };
    }

    /** The roles the claims grant; claim values that are not roles (other applications' roles) are left out. */
    List<String> grantedRoles(Map<String, Object> claims) {
        Object value = claim(claims, settings.rolesClaim());
        List<String> values = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        } else if (value instanceof String text) {
            values.addAll(List.of(text.split("[\\s,]+")));
        }
        List<String> granted = new ArrayList<>();
        for (String v : values) {
            if (v.startsWith(settings.rolePrefix())) {
                roles.parse(v.substring(settings.rolePrefix().length())).ifPresent(granted::add);
            }
        }
        return granted;
    }

    /** A claim by its full name (names may hold dots: "https://example.com/roles"), else by a dotted path. */
    static Object claim(Map<String, Object> claims, String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        Object current = claims;
        for (String part : name.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }
}
