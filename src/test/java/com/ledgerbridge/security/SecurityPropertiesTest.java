package com.ledgerbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ledgerbridge.security.SecurityProperties.ApiToken;
import com.ledgerbridge.security.SecurityProperties.Mode;
import com.ledgerbridge.security.SecurityProperties.Oidc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.FileSystemResource;

class SecurityPropertiesTest {

    static final String HASH = ApiTokens.sha256("a-token-for-the-settings-test");

    /** ledgerbridge.security as Spring Boot binds it from config/ for these profiles (later ones win). */
    static SecurityProperties bound(String... profiles) throws IOException {
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        MutablePropertySources sources = new MutablePropertySources();
        yaml.load("application.yml", new FileSystemResource("config/application.yml")).forEach(sources::addFirst);
        for (String profile : profiles) {
            yaml.load("application-" + profile + ".yml", new FileSystemResource("config/application-" + profile + ".yml"))
                    .forEach(sources::addFirst);
        }
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources))
                .bind("ledgerbridge.security", SecurityProperties.class).get();
    }

    @Test
    void theEmbeddedRunAcceptsTheDemoOperatorOnly() throws IOException {
        SecurityProperties embedded = bound();
        assertThat(embedded.mode()).isEqualTo(Mode.API_TOKENS);
        assertThat(embedded.apiTokens()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("demo-operator");
            assertThat(t.roles()).containsExactly("OPERATOR");
            assertThat(t.sha256()).isEqualTo(ApiTokens.sha256("demo-operator-token-sandbox-only"));
        });
        // the token README shows is the one configured
        assertThat(Files.readString(Path.of("README.md"))).contains("demo-operator-token-sandbox-only");
    }

    @Test
    void productionAcceptsNoTokenAtAllUntilOneIsConfigured() throws IOException {
        SecurityProperties production = bound("production");
        assertThat(production.mode()).isEqualTo(Mode.API_TOKENS);
        assertThat(production.apiTokens()).isEmpty();
        assertThat(new ApiTokens(production).size()).isZero();
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> new SecurityProperties(null, 2, List.of(), null))
                .hasMessageContaining("ledgerbridge.security.mode");
        assertThatThrownBy(() -> new SecurityProperties(Mode.API_TOKENS, 0, List.of(), null))
                .hasMessageContaining("ledgerbridge.security.approver-levels");
        assertThatThrownBy(() -> tokens(new ApiToken("ok", HASH, List.of("VIEWER")), new ApiToken("bad name", HASH, List.of("VIEWER"))))
                .hasMessageContaining("ledgerbridge.security.api-tokens[1].name");
        assertThatThrownBy(() -> tokens(new ApiToken("a", HASH, List.of("VIEWER")), new ApiToken("a", ApiTokens.sha256("x"), List.of("VIEWER"))))
                .hasMessageContaining("api-tokens[1].name 'a' is given to two tokens");
        assertThatThrownBy(() -> tokens(new ApiToken("a", HASH, List.of("VIEWER")), new ApiToken("b", HASH.toUpperCase(), List.of("VIEWER"))))
                .hasMessageContaining("api-tokens[1].sha256 is the same as another token's");
        assertThatThrownBy(() -> tokens(new ApiToken("a", HASH, List.of("VIEWER", "ROOT"))))
                .hasMessageContaining("api-tokens[0].roles: 'ROOT' is not one of");
        assertThatThrownBy(() -> tokens(new ApiToken("a", HASH, List.of())))
                .hasMessageContaining("api-tokens[0].roles must name");
        assertThatThrownBy(() -> tokens(new ApiToken("a", HASH, List.of("APPROVER_3"))))
                .as("beyond the two configured levels").hasMessageContaining("'APPROVER_3' is not one of");
        assertThatThrownBy(() -> tokens(new ApiToken("a", SecurityProperties.EMPTY_SHA256, List.of("VIEWER"))))
                .hasMessageContaining("api-tokens[0].sha256 is the hash of an empty token");
    }

    @Test
    void aTokenPastedWhereItsHashBelongsIsRefusedWithoutRepeatingIt() {
        String pasted = "my-secret-operator-token-0123456789";
        assertThatThrownBy(() -> tokens(new ApiToken("a", pasted, List.of("VIEWER"))))
                .hasMessageContaining("api-tokens[0].sha256 must be the SHA-256")
                .hasMessageNotContaining(pasted);
    }

    @Test
    void oidcNeedsItsProvider() {
        assertThatThrownBy(() -> new SecurityProperties(Mode.OIDC, 2, List.of(), null))
                .hasMessageContaining("ledgerbridge.security.oidc.issuer-uri");
        assertThatThrownBy(() -> new SecurityProperties(Mode.OIDC, 2, List.of(),
                new Oidc("not a url", null, null, null, null, null)))
                .hasMessageContaining("ledgerbridge.security.oidc.issuer-uri must be an http(s) URL");
        SecurityProperties oidc = new SecurityProperties(Mode.OIDC, 2, List.of(),
                new Oidc("https://id.example.com/realms/x", " ", "", null, null, null));
        assertThat(oidc.oidc().rolesClaim()).isEqualTo("roles");
        assertThat(oidc.oidc().principalClaim()).isEqualTo("sub");
        assertThat(oidc.oidc().jwkSetUri()).isNull();
        // in mode api-tokens an unused oidc block is not checked
        assertThat(new SecurityProperties(Mode.API_TOKENS, 2, List.of(), new Oidc("x", null, null, null, null, null))
                .mode()).isEqualTo(Mode.API_TOKENS);
    }

    static SecurityProperties tokens(ApiToken... tokens) {
        return new SecurityProperties(Mode.API_TOKENS, 2, List.of(tokens), null);
    }
}
