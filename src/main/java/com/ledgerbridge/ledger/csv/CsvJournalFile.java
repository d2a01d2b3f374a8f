package com.ledgerbridge.ledger.csv;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.JournalLine;
import com.ledgerbridge.ledger.LedgerSettings;
import com.ledgerbridge.ledger.PostingRejectedException;
import com.ledgerbridge.storage.JournalStore.StoredJournalEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The CSV journal file target: appends an entry's lines to {@code <directory>/journal-<entry date>.csv}.
 *
 * <p>Layout: one row per journal line, a header row once per file, RFC 4180 quoting, UTF-8 (no BOM),
 * CRLF line ends, ISO dates. It follows the QuickBooks Online journal import (crm-erp-apis.md §4) because
 * that layout maps onto every target we know with column renames only: separate {@code debit} and
 * {@code credit} columns holding positive amounts (the other one empty, never negative), and rows that share
 * a journal number forming one balanced entry; here that number is {@code idempotency_key}, which also
 * lets a re-run recognise rows it already wrote. QuickBooks maps idempotency_key → Journal No.,
 * entry_date → Journal Date, account_code → Account, debit/credit → Debits/Credits, memo → Description,
 * currency → Currency Code. Xero's manual-journal import wants one signed Amount (debit − credit) and
 * Narration (= description); Yonyou U8 凭证引入 takes entry_date, account_code, debit, credit and memo as
 * 制单日期, 科目编码, 借方金额, 贷方金额, 摘要. Amounts are plain decimals at the currency's scale.
 *
 * <p>Text that a spreadsheet would run as a formula (starting with =, +, -, @) gets a leading apostrophe
 * in the memo and description columns (OWASP "CSV injection").
 *
 * <p>Check before write: under a lock, the file is read first; if it already holds this entry's rows (a
 * crash between writing and marking the entry POSTED) nothing is appended and the same reference is
 * returned. The rows of one entry go out in a single write followed by fsync. A copy of the entry torn
 * by a crash half-way through that write can only be the file's tail: it is cut off and written again.
 */
@Component
public class CsvJournalFile {

    private static final Logger log = LoggerFactory.getLogger(CsvJournalFile.class);

    public static final List<String> HEADER = List.of("idempotency_key", "entry_date", "source_type",
            "source_reference", "line_no", "account_code", "account_role", "debit", "credit", "currency", "memo",
            "description");

    /** One lock for all journal files of this process; a file lock keeps other processes out. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Path directory;

    @Autowired
    public CsvJournalFile(LedgerSettings settings) {
        this(settings.csv().directory());
    }

    public CsvJournalFile(Path directory) {
        this.directory = directory;
    }

    public Path fileFor(JournalEntry entry) {
        return directory.resolve("journal-" + entry.entryDate().format(DateTimeFormatter.ISO_LOCAL_DATE) + ".csv");
    }

    /** Appends the entry unless the file already holds it; returns where it is, e.g. {@code journal-2026-03-01.csv rows 2-4}. */
    public String append(StoredJournalEntry stored) {
        JournalEntry entry = stored.entry();
        Path file = fileFor(entry);
        List<List<String>> rows = rowsFor(entry);
        lock.lock();
        try {
            Files.createDirectories(directory);
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                String reference = appendLocked(channel, file, entry.idempotencyKey(), rows);
                if (created) {
                    syncDirectory();
                }
                return reference;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal file " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private String appendLocked(FileChannel channel, Path file, String key, List<List<String>> rows) throws IOException {
        String text = read(channel);
        List<Rfc4180.Record> records = new ArrayList<>(Rfc4180.parse(text));
        String name = file.getFileName().toString();

        if (!records.isEmpty() && !records.get(records.size() - 1).terminated()) {
            Rfc4180.Record torn = records.remove(records.size() - 1);
            log.warn("{} ends in a record torn by an interrupted write ({}); cutting it off", name,
                    text.substring(torn.start()).strip());
            truncate(channel, text, torn.start());
        }
        if (!records.isEmpty() && !records.get(0).fields().equals(HEADER)) {
            throw new PostingRejectedException(name + " does not start with the journal header " + String.join(",", HEADER)
                    + "; move the file away and re-drive");
        }

        int first = -1;
        int last = -1;
        for (int i = 1; i < records.size(); i++) {
            List<String> fields = records.get(i).fields();
            if (!fields.isEmpty() && fields.get(0).equals(key)) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (first >= 0) {
            List<List<String>> found = records.subList(first, last + 1).stream().map(Rfc4180.Record::fields).toList();
            if (found.equals(rows)) {
                log.info("{} already holds journal entry {}; not appended again", name, key);
                return reference(name, first, last);
            }
            if (last == records.size() - 1 && rows.size() > found.size() && rows.subList(0, found.size()).equals(found)) {
                log.warn("{} ends in an incomplete copy of journal entry {} ({} of {} rows); writing it again", name, key,
                        found.size(), rows.size());
                truncate(channel, text, records.get(first).start());
                records.subList(first, records.size()).clear();
            } else {
                throw new PostingRejectedException(name + " already holds different rows for journal entry " + key
                        + " (rows " + (first + 1) + "-" + (last + 1) + "); correct the file, then re-drive");
            }
        }

        StringBuilder out = new StringBuilder();
        if (records.isEmpty()) {
            out.append(Rfc4180.format(HEADER));
            records.add(null); // the header's place, for the row numbers below
        }
        int firstNew = records.size();
        for (List<String> row : rows) {
            out.append(Rfc4180.format(row));
        }
        ByteBuffer bytes = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
        channel.position(channel.size());
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(true);
        return reference(name, firstNew, firstNew + rows.size() - 1);
    }

    /** Row numbers as a spreadsheet shows them: the header is row 1. */
    private static String reference(String fileName, int firstIndex, int lastIndex) {
        return fileName + " rows " + (firstIndex + 1) + "-" + (lastIndex + 1);
    }

    static List<List<String>> rowsFor(JournalEntry entry) {
        List<List<String>> rows = new ArrayList<>();
        int lineNo = 1;
        for (JournalLine line : entry.lines()) {
            boolean debit = line.side() == JournalLine.Side.DEBIT;
            String amount = line.amount().amount().toPlainString();
            rows.add(List.of(
                    entry.idempotencyKey(),
                    entry.entryDate().format(DateTimeFormatter.ISO_LOCAL_DATE),
                    entry.sourceType().name(),
                    entry.sourceReference(),
                    String.valueOf(lineNo++),
                    line.accountCode(),
                    line.role().name(),
                    debit ? amount : "",
                    debit ? "" : amount,
                    line.amount().currency().getCurrencyCode(),
                    defuse(line.memo()),
                    defuse(entry.description())));
        }
        return rows;
    }

    /** Keeps a spreadsheet from evaluating text as a formula. */
    static String defuse(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text
                : text;
    }

    private static String read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("journal file larger than 2 GB");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.position(0);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static void truncate(FileChannel channel, String text, int charOffset) throws IOException {
        channel.truncate(text.substring(0, charOffset).getBytes(StandardCharsets.UTF_8).length);
        channel.force(true);
    }

    /** Makes a newly created file's directory entry durable too (best effort: not every OS can fsync a directory). */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot fsync directory {}: {}", directory, e.toString());
        }
    }
}
