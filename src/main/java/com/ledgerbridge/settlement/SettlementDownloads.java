package com.ledgerbridge.settlement;

import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.gateway.SettlementBillDownload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Fetches a gateway's daily bill into its drop folder, where the drop route imports it like any dropped bill: on a
 * schedule (route template settlement-bill-download, the previous day in the gateway's zone) or on demand
 * ({@code POST /operations/settlement/<gateway>/download?date=}). A day the gateway has no bill for is reconciled
 * at once, so the webhooks of a day without a bill still show up as NOT_IN_BILL.
 */
@Component
public class SettlementDownloads {

    private static final Logger log = LoggerFactory.getLogger(SettlementDownloads.class);

    private final SettlementBillFormats formats;
    private final SettlementReconciliation reconciliation;
    private final SettlementProperties properties;
    private final Clock clock;

    public SettlementDownloads(SettlementBillFormats formats, SettlementReconciliation reconciliation,
            SettlementProperties properties, Clock clock) {
        this.formats = formats;
        this.reconciliation = reconciliation;
        this.properties = properties;
        this.clock = clock;
    }

    /** The scheduled job's entry point: yesterday's bill, yesterday in the gateway's own zone. */
    public Map<String, Object> downloadPreviousDay(String gateway) {
        LocalDate yesterday = LocalDate.now(clock.withZone(properties.gateway(gateway).zone())).minusDays(1);
        return downloadDay(gateway, yesterday);
    }

    /** The operations endpoint's entry point; {@code date} is an ISO date (yyyy-MM-dd). */
    public Map<String, Object> download(String gateway, String date) {
        if (date == null || date.isBlank()) {
            throw new BadInput("date is required, as yyyy-MM-dd");
        }
        try {
            return downloadDay(gateway, LocalDate.parse(date.trim()));
        } catch (DateTimeParseException e) {
            throw new BadInput("date must be yyyy-MM-dd, was '" + date + "'");
        }
    }

    /** Downloads {@code gateway}'s bill of {@code billDate} into its drop folder. */
    public Map<String, Object> downloadDay(String gateway, LocalDate billDate) {
        formats.format(gateway);
        SettlementBillDownload download = formats.download(gateway)
                .orElseThrow(() -> new BadInput("gateway '" + gateway + "' has no settlement bill download configured"));
        MDC.put("correlationId", "settlement-download:" + gateway + ":" + billDate);
        try {
            Path folder = properties.folder(gateway);
            Files.createDirectories(folder);
            Optional<Path> file = download.download(billDate, folder);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("gateway", gateway);
            answer.put("billDate", billDate.toString());
            if (file.isPresent()) {
                log.info("Settlement bill of {} for {} downloaded to {}; the drop folder imports it", gateway, billDate,
                        file.get());
                answer.put("file", file.get().toString());
            } else {
                log.info("{} has no settlement bill for {}: reconciling the day against an empty bill", gateway, billDate);
                answer.put("file", null);
                answer.put("reconciled", reconciliation.reconcile(gateway, billDate).days());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the bill folder of " + gateway, e);
        } finally {
            MDC.remove("correlationId");
        }
    }
}
