package com.ledgerbridge.crm;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ledgerbridge.crm.* — which CRM sources are active and their settings. Each entry of {@code sources} is one
 * connector instance; its route is instantiated from the route template of its type's flow (app/CrmRoutes).
 *
 * @param rejects where rejected records are reported (CSV: &lt;file&gt;.rejects.csv; pulls: one file per page)
 * @param sources the sources by name; the name is stored with every order (sales_order.source)
 */
@ConfigurationProperties("ledgerbridge.crm")
public record CrmProperties(Path rejects, Map<String, Source> sources) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public CrmProperties {
        if (rejects == null) {
            throw new IllegalArgumentException("ledgerbridge.crm.rejects must be set");
        }
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        sources.forEach(CrmProperties::check);
    }

    /** The settings of source {@code name}; IllegalArgumentException when there is no such source. */
    public Source source(String name) {
        Source source = sources.get(name);
        if (source == null) {
            throw new IllegalArgumentException("no CRM source ledgerbridge.crm.sources." + name + " is configured");
        }
        return source;
    }

    /**
     * One CRM source. Settings a type does not use are ignored.
     *
     * @param enabled          false keeps the source configured but idle
     * @param type             generic-rest (scheduled pull) or csv (drop folder)
     * @param cron             pulls: Quartz cron (seconds first) of the scheduled pull
     * @param baseUrl          generic-rest: the CRM's base URL
     * @param ordersPath       generic-rest: the orders resource under the base URL
     * @param token            generic-rest: bearer token (from the environment; never logged)
     * @param pageSize         generic-rest: orders per page, 1-1000
     * @param maxPagesPerRun   pulls: a run stops after this many pages; the next run continues from the watermark
     * @param initialWatermark pulls: where the first run starts (ISO-8601 UTC)
     * @param overlap          pulls: each run asks again for this much time before the watermark (late commits)
     * @param mapping          generic-rest: the JSONata mapping of the CRM's orders to canonical orders
     * @param inbox            csv: the drop folder
     * @param charset          csv: the files' encoding (a spreadsheet saving "CSV" in China may write GBK)
     * @param batchSize        csv: orders stored per transaction, 1-10000
     */
    public record Source(@DefaultValue("true") boolean enabled, CrmSourceType type, String cron, String baseUrl,
            @DefaultValue("/orders") String ordersPath, String token, @DefaultValue("200") int pageSize,
            @DefaultValue("1000") int maxPagesPerRun, @DefaultValue("1970-01-01T00:00:00Z") Instant initialWatermark,
            @DefaultValue("PT2M") Duration overlap, Path mapping, Path inbox, @DefaultValue("UTF-8") Charset charset,
            @DefaultValue("1000") int batchSize) {
    }

    private static void check(String name, Source source) {
        String key = "ledgerbridge.crm.sources." + name;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(key + ": a source name is 1-40 lower-case letters, digits and '-', was '"
                    + name + "'");
        }
        if (source.type() == null) {
            throw new IllegalArgumentException(key + ".type must be one of generic-rest, csv");
        }
        if (!source.enabled()) {
            return;
        }
        if (source.type().flow() == CrmSourceType.Flow.SCHEDULED_PULL) {
            required(key + ".cron", source.cron());
            if (source.maxPagesPerRun() < 1) {
                throw new IllegalArgumentException(key + ".max-pages-per-run must be at least 1, was " + source.maxPagesPerRun());
            }
            if (source.overlap().isNegative()) {
                throw new IllegalArgumentException(key + ".overlap must not be negative, was " + source.overlap());
            }
        }
        switch (source.type()) {
            case GENERIC_REST -> {
                required(key + ".base-url", source.baseUrl());
                if (!source.baseUrl().startsWith("http://") && !source.baseUrl().startsWith("https://")) {
                    throw new IllegalArgumentException(key + ".base-url must start with http:// or https://, was "
                            + source.baseUrl());
                }
                required(key + ".orders-path", source.ordersPath());
                required(key + ".token", source.token());
                if (source.pageSize() < 1 || source.pageSize() > 1000) {
                    throw new IllegalArgumentException(key + ".page-size must be between 1 and 1000, was " + source.pageSize());
                }
                if (source.mapping() == null) {
                    throw new IllegalArgumentException(key + ".mapping must name the JSONata mapping file");
                }
            }
            case CSV -> {
                if (source.inbox() == null) {
                    throw new IllegalArgumentException(key + ".inbox must name the drop folder");
                }
                if (source.batchSize() < 1 || source.batchSize() > 10_000) {
                    throw new IllegalArgumentException(key + ".batch-size must be between 1 and 10000, was " + source.batchSize());
                }
            }
        }
    }

    private static void required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }
}
