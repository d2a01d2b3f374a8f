package com.ledgerbridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.ledgerbridge.failure.PermanentFailure;
import com.ledgerbridge.failure.TransientFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/error-handling.camel.yaml as flows use it: loaded from disk into a plain Camel context with a route
 * that names the {@code work-errors} configuration and fails on demand. Counts and times each attempt, so the
 * retries are shown to happen (not merely configured).
 */
class ErrorHandlingRoutesTest {

    private CamelContext camel;
    private ProducerTemplate producer;
    private final List<Long> attempts = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;
    private volatile int failuresLeft;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        Properties settings = new Properties();
        settings.put("ledgerbridge.retry.maximum-redeliveries", "3");
        settings.put("ledgerbridge.retry.redelivery-delay-ms", "50");
        settings.put("ledgerbridge.retry.backoff-multiplier", "2.0");
        settings.put("ledgerbridge.retry.maximum-redelivery-delay-ms", "400");
        camel.getPropertiesComponent().setInitialProperties(settings);
        camel.getRegistry().bind("retryAfterDelay", new RetryAfterDelay());
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveResource(camel, "file:" + Path.of("routes/error-handling.camel.yaml").toAbsolutePath()));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:work").routeConfigurationId("work-errors")
                        .process(exchange -> {
                            attempts.add(System.nanoTime());
                            if (failuresLeft-- > 0) {
                                throw failure;
                            }
                        })
                        .setBody(constant("done"));
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aTransientFailureIsRetriedWithGrowingBackOffUntilItPasses() {
        failure = new TransientFailure("HTTP 503 from the ledger");
        failuresLeft = 2;
        Object result = producer.requestBody("direct:work", "x");
        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasSize(3);
        long firstGap = gapMs(0);
        long secondGap = gapMs(1);
        assertThat(firstGap).isGreaterThanOrEqualTo(45);
        assertThat(secondGap).isGreaterThanOrEqualTo(95); // 50 ms, then 100 ms
    }

    @Test
    void retriesStopAfterTheConfiguredNumberAndTheWorkIsLeftForTheNextSweep() {
        failure = new TransientFailure("connection refused");
        failuresLeft = Integer.MAX_VALUE;
        producer.requestBody("direct:work", "x"); // handled: the failure does not reach the caller
        assertThat(attempts).hasSize(1 + 3);
    }

    @Test
    void aRetryAfterReplacesTheBackOffDelay() {
        failure = new TransientFailure("HTTP 429", Duration.ofMillis(700), null);
        failuresLeft = 1;
        producer.requestBody("direct:work", "x");
        assertThat(attempts).hasSize(2);
        assertThat(gapMs(0)).isGreaterThanOrEqualTo(690); // not the 50 ms back-off, and above the 400 ms cap
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        failure = new PermanentFailure("422: account 9999 does not exist");
        failuresLeft = Integer.MAX_VALUE;
        producer.requestBody("direct:work", "x");
        assertThat(attempts).hasSize(1);
    }

    private long gapMs(int index) {
        return Duration.ofNanos(attempts.get(index + 1) - attempts.get(index)).toMillis();
    }
}
