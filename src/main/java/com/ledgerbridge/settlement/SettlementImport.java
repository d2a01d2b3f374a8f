package com.ledgerbridge.settlement;

import com.ledgerbridge.domain.settlement.BillLine;
import com.ledgerbridge.failure.BadInput;
import com.ledgerbridge.gateway.InvalidBillException;
import com.ledgerbridge.gateway.SettlementBillFormat;
import com.ledgerbridge.storage.SettlementBills;
import com.ledgerbridge.storage.SettlementBills.Claim;
import com.ledgerbridge.storage.SettlementBills.LineLoader;
import com.ledgerbridge.storage.SettlementBills.RejectedLine;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports one settlement bill file (route template settlement-bill-drop): streamed through the gateway's
 * {@link SettlementBillFormat} into bulk inserts, in one transaction. The file is named by its content (SHA-256): the
 * same file again, dropped twice or imported by two instances at once, stores nothing new; a file overlapping an
 * earlier one stores only its new lines. Rejected lines are recorded with their line numbers and the good lines kept.
 * A file refused as a whole ({@link InvalidBillException}) stores nothing: it is recorded as a failed import, a
 * reason file is written beside it in .failed, and {@link BadInput} tells the route to move it there.
 */
@Component
public class SettlementImport {

    private static final Logger log = LoggerFactory.getLogger(SettlementImport.class);

    private final SettlementBillFormats formats;
    private final SettlementBills bills;
    private final SettlementProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    /** one import per gateway at a time in this instance (the database orders instances: see {@link Claim}) */
    private final Map<String, ReentrantLock> importing = new ConcurrentHashMap<>();

    public SettlementImport(SettlementBillFormats formats, SettlementBills bills, SettlementProperties properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.formats = formats;
        this.bills = bills;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** The route's entry point: imports {@code file} as a bill of {@code gateway}. */
    public ImportedBill importFile(String gateway, File file) {
        SettlementBillFormat format = formats.format(gateway);
        String name = file.getName();
        MDC.put("correlationId", "settlement-bill:" + gateway + ":" + name);
        ReentrantLock lock = importing.computeIfAbsent(gateway, g -> new ReentrantLock());
        lock.lock();
        try {
            String sha256 = sha256(file.toPath());
            try {
                ImportedBill imported = transaction.execute(status -> load(format, gateway, file.toPath(), sha256, status));
                logImported(imported);
                return imported;
            } catch (InvalidBillException e) {
                refused(gateway, file.toPath(), sha256, e);
                throw new BadInput("settlement bill " + name + " of " + gateway + " refused as a whole (" + e.reason()
                        + "): " + e.getMessage());
            }
        } finally {
            lock.unlock();
            MDC.remove("correlationId");
        }
    }

    private ImportedBill load(SettlementBillFormat format, String gateway, Path file, String sha256,
            TransactionStatus status) {
        String name = file.getFileName().toString();
        Claim claim = bills.claim(gateway, sha256, name);
        if (claim.imported()) {
            List<LocalDate> dates = new ArrayList<>();
            for (LocalDate d = claim.firstDate(); d != null && !d.isAfter(claim.lastDate()); d = d.plusDays(1)) {
                dates.add(d);
            }
            return new ImportedBill(gateway, claim.billId(), name, true, dates, 0, 0, 0, 0, 0);
        }
        // PostgreSQL: straight into the lines table while reading; if the file repeats a stored line, again from the
        // savepoint, skipping the lines stored before
        Object savepoint = status.createSavepoint();
        try {
            ImportedBill bill = read(format, gateway, file, claim.billId(), true);
            status.releaseSavepoint(savepoint);
            return bill;
        } catch (SettlementBills.LinesStoredBefore e) {
            status.rollbackToSavepoint(savepoint);
            log.info("Settlement bill {} of {} repeats lines stored before: loading it again, skipping those", name,
                    gateway);
            return read(format, gateway, file, claim.billId(), false);
        }
    }

    private ImportedBill read(SettlementBillFormat format, String gateway, Path file, long billId, boolean direct) {
        String name = file.getFileName().toString();
        Sink sink = new Sink(gateway, billId);
        bills.replaceRejected(billId, List.of());
        try (LineLoader loader = bills.lineLoader(billId, properties.batchSize(), direct);
                InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            sink.loader = loader;
            long started = System.nanoTime();
            format.read(in, name, sink);
            sink.flushRejected();
            long read = System.nanoTime();
            long newLines = loader.finish();
            long stored = System.nanoTime();
            LocalDate first = sink.dates.isEmpty() ? null : sink.dates.first();
            LocalDate last = sink.dates.isEmpty() ? null : sink.dates.last();
            bills.finish(billId, name, sink.lines, newLines, sink.rejectedCount, first, last);
            return new ImportedBill(gateway, billId, name, false, List.copyOf(sink.dates), sink.lines, newLines,
                    sink.rejectedCount, (read - started) / 1_000_000, (stored - read) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read settlement bill " + file, e);
        }
    }

    /** Takes the format's lines and rejections as they are read. */
    private final class Sink implements SettlementBillFormat.BillLineSink {
        private final String gateway;
        private final long billId;
        private LineLoader loader;
        private final TreeSet<LocalDate> dates = new TreeSet<>();
        private final List<RejectedLine> rejected = new ArrayList<>();
        private long lines;
        private long rejectedCount;

        Sink(String gateway, long billId) {
            this.gateway = gateway;
            this.billId = billId;
        }

        @Override
        public void line(BillLine line) {
            if (!gateway.equals(line.gateway())) {
                rejected(line.lineNumber(), "a line of gateway " + line.gateway() + " in a bill of " + gateway);
                return;
            }
            loader.add(line);
            dates.add(line.billDate());
            lines++;
        }

        @Override
        public void rejected(long lineNumber, String reason) {
            rejected.add(new RejectedLine(lineNumber, reason));
            rejectedCount++;
            if (rejected.size() >= properties.batchSize()) {
                flushRejected();
            }
        }

        void flushRejected() {
            if (rejected.isEmpty()) {
                return;
            }
            // PostgreSQL: the loader's COPY holds the connection until paused
            loader.pause();
            bills.addRejected(billId, rejected);
            rejected.clear();
        }
    }

    private void refused(String gateway, Path file, String sha256, InvalidBillException e) {
        String name = file.getFileName().toString();
        long billId = bills.recordFailure(gateway, sha256, name, e.reason(), e.getMessage());
        Path reasonFile = file.resolveSibling(".failed").resolve(name + ".reason.txt");
        try {
            Files.createDirectories(reasonFile.getParent());
            Files.writeString(reasonFile, "Settlement bill " + name + " of " + gateway + " was refused as a whole at "
                    + Instant.now(clock) + "; nothing of it was stored.\nReason: " + e.reason() + "\n" + e.getMessage()
                    + "\nRecorded as failed import #" + billId + " (GET /operations/settlement/imports?status=FAILED).\n",
                    StandardCharsets.UTF_8);
        } catch (IOException io) {
            log.warn("Could not write the reason file {}: {}", reasonFile, io.toString());
        }
        log.error("Settlement bill {} of {} refused as a whole ({}): {}. Nothing of it was stored; it moves to .failed "
                + "with {} (failed import #{})", name, gateway, e.reason(), e.getMessage(), reasonFile.getFileName(), billId);
    }

    private static void logImported(ImportedBill bill) {
        if (bill.duplicate()) {
            log.info("Settlement bill {} of {} was imported before (bill #{}): nothing new stored; its days {} are "
                    + "reconciled again", bill.fileName(), bill.gateway(), bill.billId(), bill.dates());
        } else if (bill.rejected() == 0) {
            log.info("Settlement bill {} of {} imported (bill #{}): {} line(s), {} new, days {}; read {} ms, stored {} ms",
                    bill.fileName(), bill.gateway(), bill.billId(), bill.lines(), bill.newLines(), bill.dates(),
                    bill.readMillis(), bill.storeMillis());
        } else {
            log.warn("Settlement bill {} of {} imported (bill #{}): {} line(s), {} new, days {}; {} line(s) rejected, see "
                    + "GET /operations/settlement/imports/{}/rejected-lines; read {} ms, stored {} ms", bill.fileName(),
                    bill.gateway(), bill.billId(), bill.lines(), bill.newLines(), bill.dates(), bill.rejected(),
                    bill.billId(), bill.readMillis(), bill.storeMillis());
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // the digest sees every byte
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read settlement bill " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
