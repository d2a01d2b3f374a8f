package com.ledgerbridge.settlement;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * ledgerbridge.settlement.* — settlement bills and the three-way reconciliation. Every gateway that reads bills
 * (has a settlement bill format) needs its block under {@code gateways}; the application refuses to start without it.
 *
 * @param billsFolder where bills are dropped, one folder per gateway: {@code <bills-folder>/<gateway>/}
 * @param batchSize   rows per JDBC batch (bill lines on H2, events healed from a bill, discrepancies), 1-10000
 * @param fetchSize   rows fetched per round trip while a day's legs are streamed, 100-100000
 * @param gateways    per gateway, by its name
 */
@ConfigurationProperties("ledgerbridge.settlement")
public record SettlementProperties(Path billsFolder, @DefaultValue("1000") int batchSize,
        @DefaultValue("10000") int fetchSize, Map<String, Gateway> gateways) {

    static final String PREFIX = "ledgerbridge.settlement.";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,19}");

    public SettlementProperties {
        if (billsFolder == null) {
            throw new IllegalArgumentException(PREFIX + "bills-folder must name the folder bills are dropped in");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException(PREFIX + "batch-size must be between 1 and 10000, was " + batchSize);
        }
        if (fetchSize < 100 || fetchSize > 100_000) {
            throw new IllegalArgumentException(PREFIX + "fetch-size must be between 100 and 100000, was " + fetchSize);
        }
        gateways = gateways == null ? Map.of() : Map.copyOf(gateways);
        gateways.forEach(SettlementProperties::check);
    }

    /**
     * One gateway's bill settings.
     *
     * @param zone          the gateway's business day: its bill covers midnight to midnight here, and webhook events
     *                      are taken to belong to the day they occurred on here (Asia/Shanghai for Alipay and WeChat
     *                      Pay, UTC for Stripe)
     * @param downloadCron  Quartz cron (seconds first) of the daily download of the previous day's bill; blank: no
     *                      scheduled download (a bill can still be dropped or downloaded on demand)
     * @param downloadZone  the zone the cron is read in (default: {@code zone})
     */
    public record Gateway(ZoneId zone, String downloadCron, ZoneId downloadZone) {

        public Gateway {
            downloadCron = downloadCron == null || downloadCron.isBlank() ? null : downloadCron.trim();
            downloadZone = downloadZone == null ? zone : downloadZone;
        }
    }

    /** The settings of {@code gateway}; IllegalStateException naming the key when it has none. */
    public Gateway gateway(String gateway) {
        Gateway settings = gateways.get(gateway);
        if (settings == null) {
            throw new IllegalStateException(PREFIX + "gateways." + gateway + ".zone must be set: gateway " + gateway
                    + " reads settlement bills, and its business day needs a time zone");
        }
        return settings;
    }

    /** The drop folder of {@code gateway}'s bills. */
    public Path folder(String gateway) {
        return billsFolder.resolve(gateway);
    }

    private static void check(String name, Gateway gateway) {
        String key = PREFIX + "gateways." + name;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(key + ": a gateway name is 1-20 lower-case letters, digits and '-', was '"
                    + name + "'");
        }
        if (gateway.zone() == null) {
            throw new IllegalArgumentException(key + ".zone must name a time zone (e.g. Asia/Shanghai, UTC)");
        }
        if (gateway.downloadCron() != null && !CronExpression.isValidExpression(gateway.downloadCron())) {
            throw new IllegalArgumentException(key + ".download-cron is not a Quartz cron expression (seconds first, "
                    + "e.g. \"0 30 10 * * ?\"): '" + gateway.downloadCron() + "'");
        }
    }
}
