package com.ledgerbridge.simulators;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * An OpenID Connect provider as a resource server sees one (OpenID Connect Discovery 1.0, RFC 7517): its discovery
 * document at {@code <issuer>/.well-known/openid-configuration} naming its issuer and {@code jwks_uri}, and the JWK
 * set there with the public half of its signing key (RS256, with a kid). Tokens are signed JWTs with the claims a
 * test gives, as Keycloak or any other provider would issue them. A second key, never published, signs forgeries.
 */
public final class OidcProviderSimulator implements AutoCloseable {

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
    private final RSAKey signingKey;
    private final RSAKey unpublishedKey;

    public OidcProviderSimulator() {
        try {
            signingKey = new RSAKeyGenerator(2048).keyID("test-signing-key-" + UUID.randomUUID()).generate();
            unpublishedKey = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        server.start();
        server.stubFor(get(urlPathEqualTo("/realms/ledgerbridge/.well-known/openid-configuration"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"issuer":"%s","jwks_uri":"%s","authorization_endpoint":"%s/protocol/openid-connect/auth",
                         "token_endpoint":"%s/protocol/openid-connect/token","subject_types_supported":["public"],
                         "id_token_signing_alg_values_supported":["RS256"],"response_types_supported":["code"]}
                        """.formatted(issuer(), jwkSetUri(), issuer(), issuer()))));
        server.stubFor(get(urlPathEqualTo("/realms/ledgerbridge/protocol/openid-connect/certs"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(new JWKSet(signingKey.toPublicJWK()).toString())));
    }

    public String issuer() {
        return "http://localhost:" + server.port() + "/realms/ledgerbridge";
    }

    public String jwkSetUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** A token from this provider: iss, iat, exp (in an hour) and jti set, then the given claims. */
    public String token(Map<String, Object> claims) {
        return sign(signingKey, claims, Instant.now().plus(Duration.ofHours(1)));
    }

    /** A token that expired ten minutes ago (beyond the 60 s of allowed clock skew). */
    public String expiredToken(Map<String, Object> claims) {
        return sign(signingKey, claims, Instant.now().minus(Duration.ofMinutes(10)));
    }

    /** A token with the right kid and claims, signed with a key the provider never published. */
    public String forgedToken(Map<String, Object> claims) {
        return sign(unpublishedKey, claims, Instant.now().plus(Duration.ofHours(1)));
    }

    private String sign(RSAKey key, Map<String, Object> claims, Instant expires) {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .issueTime(Date.from(expires.minus(Duration.ofHours(1))))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach(set::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                set.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop();
    }
}
