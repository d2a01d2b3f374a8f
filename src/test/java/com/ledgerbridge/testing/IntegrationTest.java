package com.ledgerbridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Base for tests that start the whole application: real routes from routes/, real embedded Artemis,
 * a fresh database (see {@link TestDatabase}) and a private data directory under target/.
 * Subclasses call {@link #configure} from their own {@code @DynamicPropertySource} method.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    private static final AtomicInteger BROKER_IDS = new AtomicInteger(100);

    protected static Path configure(DynamicPropertyRegistry registry, TestDatabase database) {
        database.register(registry);
        Path dataDir;
        try {
            Files.createDirectories(Path.of("target", "test-data"));
            dataDir = Files.createTempDirectory(Path.of("target", "test-data"), "run-").toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        registry.add("ledgerbridge.data-dir", dataDir::toString);
        // config/application.yml outranks a packaged application-test.yml, so test settings go here
        registry.add("ledgerbridge.sample-data.enabled", () -> false);
        registry.add("spring.artemis.embedded.persistent", () -> false);
        // stages are woken by their queues; the timer sweep would race with tests that drive a stage by hand
        registry.add("ledgerbridge.pipeline.sweep-interval-ms", () -> 3_600_000);
        registry.add("ledgerbridge.retry.redelivery-delay-ms", () -> 50);
        registry.add("ledgerbridge.retry.maximum-redelivery-delay-ms", () -> 200);
        // Spring caches test contexts: keep each one's pool small so PostgreSQL's 100 connections suffice
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 6);
        registry.add("spring.datasource.hikari.minimum-idle", () -> 1);
        registry.add("logging.level.org.apache.activemq", () -> "WARN");
        // several contexts may live in one JVM; each embedded broker needs its own in-VM server id
        int brokerId = BROKER_IDS.incrementAndGet();
        registry.add("spring.artemis.embedded.server-id", () -> brokerId);
        return dataDir;
    }
}
