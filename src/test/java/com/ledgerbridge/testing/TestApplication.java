package com.ledgerbridge.testing;

import com.ledgerbridge.LedgerbridgeApplication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The whole application started by hand, with the settings {@link IntegrationTest} gives its contexts, for test
 * engines Spring's JUnit extension does not serve (jqwik properties). The caller closes the context.
 */
public final class TestApplication {

    private TestApplication() {
    }

    /**
     * Starts the application on a fresh database of {@code database}, routes off (the test drives the stages), with
     * {@code settings} on top.
     */
    public static ConfigurableApplicationContext start(TestDatabase database, Map<String, Object> settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        DynamicPropertyRegistry registry = (name, value) -> properties.put(name, value.get());
        IntegrationTest.configure(registry, database);
        properties.put("server.port", 0);
        properties.put("camel.main.routes-include-pattern", "false");
        properties.putAll(settings);
        // command-line arguments outrank config/application.yml, as @DynamicPropertySource values do
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(LedgerbridgeApplication.class).run(args.toArray(String[]::new));
    }
}
