package com.ledgerbridge.app;

import com.ledgerbridge.gateway.alipay.AlipayProperties;
import com.ledgerbridge.security.AccessRefusals;
import com.ledgerbridge.security.ApiTokens;
import com.ledgerbridge.security.OidcTokens;
import com.ledgerbridge.security.OperationsAccess;
import com.ledgerbridge.security.OperationsApiDocument;
import com.ledgerbridge.security.SecurityProperties;
import jakarta.servlet.DispatcherType;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskDecorator;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security wiring (README, "Security and access"). Two filter chains:
 * <ol>
 *   <li>/webhooks/**: open, untouched (no CSRF, no added headers, no session): gateways prove themselves by their
 *       signatures, which the gateway code checks;</li>
 *   <li>everything else: stateless bearer tokens (API tokens or OIDC JWTs, ledgerbridge.security.mode), and the
 *       role each endpoint needs from {@link OperationsAccess}'s rule table.</li>
 * </ol>
 * The Camel REST DSL endpoints are served by platform-http through Spring MVC's DispatcherServlet, so these servlet
 * filters run in front of them. Camel then handles each request on Spring's task executor; the decorator below
 * carries the request's security context onto that thread, so the routes' beans know who is acting.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class OperationsSecurity {

    private static final Logger log = LoggerFactory.getLogger(OperationsSecurity.class);

    /** The demo operator's token (README); it is a sandbox token, and config/application-production.yml has none. */
    static final String DEMO_TOKEN_SHA256 = ApiTokens.sha256("demo-operator-token-sandbox-only");

    @Bean
    OperationsAccess operationsAccess(AlipayProperties alipay) {
        return new OperationsAccess(alipay.sandbox().enabled());
    }

    @Bean
    OperationsApiDocument operationsApiDocument(CamelContext camel, OperationsAccess access, SecurityProperties settings) {
        return new OperationsApiDocument(camel, access, settings.mode());
    }

    @Bean
    AccessRefusals accessRefusals(OperationsAccess operationsAccess) {
        return new AccessRefusals(operationsAccess);
    }

    @Bean
    @Order(1)
    SecurityFilterChain webhookChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/webhooks/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain operationsChain(HttpSecurity http, SecurityProperties settings, OperationsAccess access,
                                        AccessRefusals refusals) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        // the REQUEST dispatch decided; Camel's asynchronous completion and error pages follow it
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .anyRequest().access(access))
                // bearer tokens only, no cookies or sessions: nothing for a cross-site request to ride on
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals));
        switch (settings.mode()) {
            case API_TOKENS -> {
                ApiTokens tokens = new ApiTokens(settings);
                if (tokens.size() == 0) {
                    log.warn("ledgerbridge.security.api-tokens lists no token: every /operations call is refused "
                            + "(README, \"Security and access\", says how to add one)");
                } else {
                    log.info("Operations API: {} API token(s) accepted: {}", tokens.size(), settings.apiTokens());
                }
                if (settings.apiTokens().stream().anyMatch(t -> t.sha256().equalsIgnoreCase(DEMO_TOKEN_SHA256))) {
                    log.warn("The demo operator's sandbox token is accepted: never in production");
                }
                http.oauth2ResourceServer(o -> o.authenticationEntryPoint(refusals).accessDeniedHandler(refusals)
                        .opaqueToken(t -> t.introspector(tokens)));
            }
            case OIDC -> {
                OidcTokens oidc = new OidcTokens(settings);
                log.info("Operations API: OIDC bearer tokens from {} (roles from claim '{}')",
                        settings.oidc().issuerUri() != null ? settings.oidc().issuerUri() : settings.oidc().jwkSetUri(),
                        settings.oidc().rolesClaim());
                http.oauth2ResourceServer(o -> o.authenticationEntryPoint(refusals).accessDeniedHandler(refusals)
                        .jwt(j -> j.decoder(oidc.decoder()).jwtAuthenticationConverter(oidc.authentication())));
            }
        }
        return http.build();
    }

    /**
     * Spring's task executor runs Camel's platform-http requests: each task takes the security context of the thread
     * that submitted it (the request's), so OperatorIdentity sees the caller inside the route.
     */
    @Bean
    TaskDecorator securityContextToTasks() {
        return task -> DelegatingSecurityContextRunnable.create(task, null);
    }
}
