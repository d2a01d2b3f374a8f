package com.ledgerbridge.crm.csv;

import com.ledgerbridge.crm.CrmProperties;
import com.ledgerbridge.crm.CrmSourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo mode: drops the sample order file into the CSV inbox on the first start, so a new user sees orders
 * stored and a rejects file without preparing anything. A marker file in the data directory records that it
 * was done; later starts (and an operator who deleted the sample's orders) are left alone.
 */
@Component
@ConditionalOnProperty(name = "ledgerbridge.sample-data.enabled", havingValue = "true")
public class SampleDataInstaller {

    static final String MARKER_FILE = "sample-orders.installed";

    private static final Logger log = LoggerFactory.getLogger(SampleDataInstaller.class);

    private final Path sampleCsv;
    private final Path inbox;
    private final Path marker;
    private final Clock clock;

    @Autowired
    public SampleDataInstaller(SampleDataProperties sample, CrmProperties crm,
            @Value("${ledgerbridge.data-dir}") Path dataDir,
            Clock clock) {
        this(sample.ordersCsv(), csvInbox(crm, sample.source()), dataDir, clock);
    }

    SampleDataInstaller(Path sampleCsv, Path inbox, Path dataDir, Clock clock) {
        this.sampleCsv = sampleCsv;
        this.inbox = inbox;
        this.marker = dataDir.resolve(MARKER_FILE);
        this.clock = clock;
    }

    private static Path csvInbox(CrmProperties crm, String sourceName) {
        CrmProperties.Source source = crm.source(sourceName);
        if (source.type() != CrmSourceType.CSV || source.inbox() == null) {
            throw new IllegalArgumentException("ledgerbridge.sample-data.source must name a CSV source with an inbox, was "
                    + sourceName);
        }
        return source.inbox();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onApplicationReady() {
        install();
    }

    /** Copies the sample into the inbox unless that was done before; returns whether it copied. */
    public boolean install() {
        if (Files.exists(marker)) {
            log.debug("Sample orders were installed before ({}); not copying again", marker);
            return false;
        }
        if (!Files.isRegularFile(sampleCsv)) {
            log.warn("Sample data is enabled but the sample order file {} does not exist; nothing copied "
                    + "(set ledgerbridge.sample-data.orders-csv or ledgerbridge.sample-data.enabled=false)", sampleCsv);
            return false;
        }
        try {
            Files.createDirectories(inbox);
            Path target = inbox.resolve(sampleCsv.getFileName().toString());
            // written under a hidden name first: the file consumer skips dot-files, so it never sees half a file
            Path partial = inbox.resolve("." + sampleCsv.getFileName() + ".part");
            Files.copy(sampleCsv, partial, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "Copied " + sampleCsv + " to " + target + " at " + Instant.now(clock) + "\n");
            log.info("Sample orders copied to the CSV inbox: {}", target);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the sample orders " + sampleCsv + " to " + inbox, e);
        }
    }
}
