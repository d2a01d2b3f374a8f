package com.ledgerbridge.security;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * ledgerbridge.security.* — how callers of the operations API (/operations/**, /actuator/** but health) prove who
 * they are, and which roles there are. Checked at start-up: a bad value stops the application naming the key.
 *
 * @param mode           api-tokens (hashed tokens listed here) or oidc (JWTs from an OpenID Connect provider)
 * @param approverLevels how many approval levels (roles APPROVER_1 .. APPROVER_n), 1-9; default 2
 * @param apiTokens      mode api-tokens: the accepted tokens, as SHA-256 hashes, each with its principal and roles.
 *                       None at all refuses every operations call.
 * @param oidc           mode oidc: the provider and the claims read
 */
@ConfigurationProperties("ledgerbridge.security")
public record SecurityProperties(Mode mode, Integer approverLevels, List<ApiToken> apiTokens, Oidc oidc) {

    static final String PREFIX = "ledgerbridge.security.";
    /** SHA-256 of nothing: a hash of an empty token is a configuration mistake. */
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public enum Mode { API_TOKENS, OIDC }

    public SecurityProperties {
        if (mode == null) {
            throw new IllegalArgumentException(PREFIX + "mode must be api-tokens or oidc");
        }
        approverLevels = approverLevels == null ? 2 : approverLevels;
        if (approverLevels < 1 || approverLevels > OperatorRoles.MAX_APPROVER_LEVELS) {
            throw new IllegalArgumentException(PREFIX + "approver-levels must be 1-" + OperatorRoles.MAX_APPROVER_LEVELS
                    + ", was " + approverLevels);
        }
        apiTokens = apiTokens == null ? List.of() : List.copyOf(apiTokens);
        OperatorRoles roles = new OperatorRoles(approverLevels);
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < apiTokens.size(); i++) {
            ApiToken token = apiTokens.get(i);
            String key = PREFIX + "api-tokens[" + i + "].";
            if (token.name() == null || !token.name().matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")) {
                throw new IllegalArgumentException(key + "name must be 1-100 of A-Z, a-z, 0-9, '.', '_', '@', '-' "
                        + "(it is the principal recorded in the audit trail)");
            }
            if (!names.add(token.name())) {
                throw new IllegalArgumentException(key + "name '" + token.name() + "' is given to two tokens");
            }
            // the value itself is never repeated in a message: it might be a token pasted here by mistake
            if (token.sha256() == null || !token.sha256().matches("[0-9A-Fa-f]{64}")) {
                throw new IllegalArgumentException(key + "sha256 must be the SHA-256 of the token as 64 hex digits "
                        + "(README, \"Security and access\"); a token itself is never configured");
            }
            if (token.sha256().equalsIgnoreCase(EMPTY_SHA256)) {
                throw new IllegalArgumentException(key + "sha256 is the hash of an empty token");
            }
            if (!hashes.add(token.sha256().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(key + "sha256 is the same as another token's");
            }
            if (token.roles() == null || token.roles().isEmpty()) {
                throw new IllegalArgumentException(key + "roles must name at least one of " + roles.all());
            }
            for (String role : token.roles()) {
                if (roles.parse(role).isEmpty()) {
                    throw new IllegalArgumentException(key + "roles: '" + role + "' is not one of " + roles.all());
                }
            }
        }
        oidc = oidc == null ? new Oidc(null, null, null, null, null, null) : oidc;
        if (mode == Mode.OIDC) {
            oidc.validate();
        }
    }

    public OperatorRoles roles() {
        return new OperatorRoles(approverLevels);
    }

    /**
     * One accepted API token. Callers send the token as {@code Authorization: Bearer <token>}; only its hash is
     * configured.
     *
     * @param name   the principal: who the audit trail says acted
     * @param sha256 SHA-256 of the token's UTF-8 bytes, 64 hex digits
     * @param roles  the roles granted (each implies the lower ones, see {@link OperatorRoles})
     */
    public record ApiToken(String name, String sha256, List<String> roles) {

        /** Without the hash: settings may be logged, hashes never are. */
        @Override
        public String toString() {
            return "ApiToken[name=" + name + ", roles=" + roles + "]";
        }
    }

    /**
     * The OpenID Connect provider whose JWTs are accepted.
     *
     * @param issuerUri      the issuer (iss); its discovery document names the keys unless jwk-set-uri is given.
     *                       Tokens from another issuer are refused.
     * @param jwkSetUri      where the signing keys are (optional when issuer-uri is given)
     * @param audience       when set, the token's aud must contain it
     * @param rolesClaim     the claim holding the roles: a name ("roles"), or a dotted path into the claims
     *                       ("realm_access.roles"); a list or a space- or comma-separated string. Default "roles".
     * @param rolePrefix     stripped from each claim value first (e.g. "ledgerbridge-" makes "ledgerbridge-operator"
     *                       OPERATOR); values that are not roles then are ignored
     * @param principalClaim the claim naming the person (default "sub"; e.g. "preferred_username")
     */
    public record Oidc(String issuerUri, String jwkSetUri, String audience, String rolesClaim, String rolePrefix,
                       String principalClaim) {

        public Oidc {
            rolesClaim = blank(rolesClaim) ? "roles" : rolesClaim.trim();
            rolePrefix = rolePrefix == null ? "" : rolePrefix;
            principalClaim = blank(principalClaim) ? "sub" : principalClaim.trim();
            issuerUri = blank(issuerUri) ? null : issuerUri.trim();
            jwkSetUri = blank(jwkSetUri) ? null : jwkSetUri.trim();
            audience = blank(audience) ? null : audience.trim();
        }

        void validate() {
            if (issuerUri == null && jwkSetUri == null) {
                throw new IllegalArgumentException(PREFIX + "oidc.issuer-uri (or oidc.jwk-set-uri) must be set in mode oidc");
            }
            httpUri(issuerUri, PREFIX + "oidc.issuer-uri");
            httpUri(jwkSetUri, PREFIX + "oidc.jwk-set-uri");
        }

        private static void httpUri(String value, String key) {
            if (value == null) {
                return;
            }
            try {
                URI uri = new URI(value);
                if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    throw new IllegalArgumentException(key + " must be an http(s) URL, was " + value);
                }
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(key + " must be an http(s) URL, was " + value);
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
