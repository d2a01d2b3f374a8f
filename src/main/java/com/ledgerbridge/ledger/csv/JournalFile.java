package com.ledgerbridge.ledger.csv;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.domain.ledger.JournalLine;
import com.ledgerbridge.ledger.PostingOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.digest.MurmurHash3;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One day's journal file, {@code journal-<entry date>.csv}, and what this process knows it holds: for every
 * idempotency key, the rows that carry it and a hash of their content. The file is read once, when this
 * process first appends to it (to learn what a crashed run or another instance wrote); after that only
 * bytes that another process appended since are read, so an append costs the same however long the file.
 *
 * <p>Layout: one row per journal line, a header row once per file, RFC 4180 (commons-csv: minimal
 * quoting, CRLF record ends), UTF-8 without BOM, ISO dates. It follows the QuickBooks Online journal import
 * because that layout maps onto every target we know with column renames only: separate {@code debit} and
 * {@code credit} columns holding positive amounts (the other one empty), and rows sharing a journal number
 * forming one balanced entry; here that number is {@code idempotency_key}. QuickBooks maps idempotency_key →
 * Journal No., entry_date → Journal Date, account_code → Account, debit/credit → Debits/Credits, memo →
 * Description, currency → Currency Code. Xero's manual-journal import wants one signed Amount and Narration
 * (= description); Yonyou U8 凭证引入 takes entry_date, account_code, debit, credit and memo as 制单日期,
 * 科目编码, 借方金额, 贷方金额, 摘要. Text a spreadsheet would run as a formula (starting with =, +, -, @)
 * gets a leading apostrophe in the memo and description columns (OWASP "CSV injection").
 *
 * <p>A batch goes out in one write followed by fsync, under a file lock (other processes) and this
 * object's monitor (other threads). A write torn by a crash can only be the file's tail: a record cut
 * short is removed, and an entry whose rows stop early is written again in full when it is posted again.
 * An entry whose rows are in the file already is answered with their rows, not written twice; rows that
 * differ from the entry are refused for a person to resolve.
 */
final class JournalFile {

    private static final Logger log = LoggerFactory.getLogger(JournalFile.class);

    static final List<String> HEADER = List.of("idempotency_key", "entry_date", "source_type", "source_reference",
            "line_no", "account_code", "account_role", "debit", "credit", "currency", "memo", "description");

    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();

    /** Where one entry's rows are (row 1 is the header, as a spreadsheet counts) and what they hold. */
    private record Written(int firstRow, int rowCount, long contentHash) {
    }

    private final Path file;
    private final String name;
    private final Map<String, Written> written = new HashMap<>();
    /** Bytes of the file that {@link #written} describes; the file holds nothing else when its size equals this. */
    private long knownSize;
    /** Rows in those bytes, header included. */
    private int rowCount;
    /** The entry whose rows end the file, and the byte where they start: the only rows a crash can have cut short. */
    private String lastKey;
    private long lastKeyStart;
    /** The file's modification time when this process last read or wrote it: another time means someone edited it. */
    private FileTime knownModified;

    JournalFile(Path file) {
        this.file = file;
        this.name = file.getFileName().toString();
    }

    /**
     * Appends the entries the file does not hold yet, in one write, and says for every entry where its rows
     * are (or why it cannot be written).
     *
     * @throws UncheckedIOException when the file cannot be read or written; nothing in it was taken as posted
     */
    synchronized List<PostingOutcome> append(List<JournalEntry> entries) {
        try {
            Files.createDirectories(file.getParent());
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                String unusable = catchUp(channel);
                if (unusable != null) {
                    return entries.stream().<PostingOutcome>map(e -> new PostingOutcome.Refused(e.idempotencyKey(), unusable))
                            .toList();
                }
                List<PostingOutcome> outcomes = appendLocked(channel, entries);
                if (created) {
                    syncDirectory(file.getParent());
                }
                return outcomes;
            }
        } catch (IOException e) {
            forget();
            throw new UncheckedIOException("cannot write journal file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The rows of {@code idempotencyKey} as far as this process knows the file. */
    synchronized Optional<String> reference(String idempotencyKey) {
        return Optional.ofNullable(written.get(idempotencyKey)).map(this::reference);
    }

    private List<PostingOutcome> appendLocked(FileChannel channel, List<JournalEntry> entries) throws IOException {
        cutOffIncompleteLastEntry(channel, entries);
        List<PostingOutcome> outcomes = new ArrayList<>(entries.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Written> added = new HashMap<>();
        int rows = rowCount;
        if (rows == 0) {
            out.writeBytes(format(List.of(HEADER)).getBytes(StandardCharsets.UTF_8));
            rows = 1;
        }
        String newLastKey = null;
        long newLastKeyStart = 0;
        for (JournalEntry entry : entries) {
            String key = entry.idempotencyKey();
            List<List<String>> entryRows = rowsFor(entry);
            String text = format(entryRows);
            long hash = hash(text);
            Written existing = added.containsKey(key) ? added.get(key) : written.get(key);
            if (existing != null && existing.rowCount() == entryRows.size() && existing.contentHash() == hash) {
                log.debug("{} already holds journal entry {}; not appended again", name, key);
                outcomes.add(new PostingOutcome.Posted(key, reference(existing)));
                continue;
            }
            if (existing != null) {
                outcomes.add(new PostingOutcome.Refused(key, name + " already holds different rows for journal entry " + key
                        + " (" + rowsText(existing) + "); correct the file, then re-drive"));
                continue;
            }
            Written placed = new Written(rows + 1, entryRows.size(), hash);
            newLastKey = key;
            newLastKeyStart = knownSize + out.size();
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            rows += entryRows.size();
            added.put(key, placed);
            outcomes.add(new PostingOutcome.Posted(key, reference(placed)));
        }
        if (out.size() > 0) {
            ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
            channel.position(knownSize);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
            knownSize += out.size();
            knownModified = Files.getLastModifiedTime(file);
            rowCount = rows;
            written.putAll(added);
            if (newLastKey != null) {
                lastKey = newLastKey;
                lastKeyStart = newLastKeyStart;
            }
        }
        return outcomes;
    }

    /**
     * When the file ends in the first rows of an entry of this batch but not all of them (a write cut short by
     * a crash), those rows are removed so that the entry is written again in full.
     */
    private void cutOffIncompleteLastEntry(FileChannel channel, List<JournalEntry> entries) throws IOException {
        Written last = lastKey == null ? null : written.get(lastKey);
        if (last == null) {
            return;
        }
        for (JournalEntry entry : entries) {
            if (!entry.idempotencyKey().equals(lastKey)) {
                continue;
            }
            List<List<String>> entryRows = rowsFor(entry);
            if (last.rowCount() < entryRows.size()
                    && hash(format(entryRows.subList(0, last.rowCount()))) == last.contentHash()) {
                log.warn("{} ends in an incomplete copy of journal entry {} ({} of {} rows); writing it again", name,
                        lastKey, last.rowCount(), entryRows.size());
                channel.truncate(lastKeyStart);
                channel.force(true);
                knownSize = lastKeyStart;
                rowCount -= last.rowCount();
                written.remove(lastKey);
                lastKey = null;
            }
            return;
        }
    }

    /**
     * Brings {@link #written} up to date with the file: on first use the whole file, later only what another
     * process appended. Cuts off a record torn by an interrupted write. Returns why the file cannot be
     * appended to, or null.
     */
    private String catchUp(FileChannel channel) throws IOException {
        long size = channel.size();
        FileTime modified = Files.getLastModifiedTime(file);
        if (size < knownSize || (size == knownSize && knownSize > 0 && !modified.equals(knownModified))) {
            log.warn("{} was changed by someone else since this process wrote it; reading it again", name);
            forget();
        }
        if (size == knownSize) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - knownSize));
        channel.position(knownSize);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading
        }
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        List<CSVRecord> records = new ArrayList<>();
        boolean openQuoteAtEnd = false;
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            for (CSVRecord record : parser) {
                records.add(record);
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            openQuoteAtEnd = true; // the text stops inside a quoted field
        }
        int tornAt = -1;
        if (openQuoteAtEnd) {
            tornAt = records.isEmpty() ? 0 : endOf(text, records.get(records.size() - 1));
            if (tornAt < 0) {
                return name + " ends in a record that cannot be read; correct the file, then re-drive";
            }
        } else if (!text.endsWith("\n")) {
            tornAt = (int) records.remove(records.size() - 1).getCharacterPosition();
        }
        if (tornAt >= 0) {
            long tornStart = knownSize + utf8Length(text, tornAt);
            log.warn("{} ends in a record torn by an interrupted write ({}); cutting it off", name,
                    text.substring(tornAt).strip());
            channel.truncate(tornStart);
            channel.force(true);
            text = text.substring(0, tornAt);
        }
        int first = 0;
        if (knownSize == 0 && !records.isEmpty()) {
            if (!records.get(0).toList().equals(HEADER)) {
                forget();
                return name + " does not start with the journal header " + String.join(",", HEADER)
                        + "; move the file away, then re-drive";
            }
            rowCount = 1;
            first = 1;
        }
        index(text, records.subList(first, records.size()));
        knownSize = tornAt >= 0 ? knownSize + utf8Length(text, text.length()) : size;
        knownModified = Files.getLastModifiedTime(file);
        return null;
    }

    /** Adds the rows of {@code records} (consecutive rows with one key form one entry) to {@link #written}. */
    private void index(String text, List<CSVRecord> records) {
        int i = 0;
        while (i < records.size()) {
            String key = records.get(i).get(0);
            int start = i;
            while (i < records.size() && records.get(i).get(0).equals(key)) {
                i++;
            }
            List<List<String>> rows = records.subList(start, i).stream().map(CSVRecord::toList).toList();
            written.putIfAbsent(key, new Written(rowCount + 1, rows.size(), hash(format(rows))));
            rowCount += rows.size();
            if (i == records.size()) {
                lastKey = key;
                lastKeyStart = knownSize + utf8Length(text, (int) records.get(start).getCharacterPosition());
            }
        }
    }

    /** Where {@code record} ends in {@code text}, or -1 when it was not written the way this class writes records. */
    private static int endOf(String text, CSVRecord record) {
        String formatted = format(List.of(record.toList()));
        int start = (int) record.getCharacterPosition();
        return text.startsWith(formatted, start) ? start + formatted.length() : -1;
    }

    private void forget() {
        knownModified = null;
        written.clear();
        knownSize = 0;
        rowCount = 0;
        lastKey = null;
        lastKeyStart = 0;
    }

    private String reference(Written rows) {
        return name + " " + rowsText(rows);
    }

    private static String rowsText(Written rows) {
        return "rows " + rows.firstRow() + "-" + (rows.firstRow() + rows.rowCount() - 1);
    }

    static List<List<String>> rowsFor(JournalEntry entry) {
        List<List<String>> rows = new ArrayList<>();
        int lineNo = 1;
        for (JournalLine line : entry.lines()) {
            boolean debit = line.side() == JournalLine.Side.DEBIT;
            String amount = line.amount().amount().toPlainString();
            rows.add(Arrays.asList(
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

    /** The rows as the file holds them, each ended by CRLF. */
    static String format(List<List<String>> rows) {
        StringBuilder text = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(text, FORMAT)) {
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return text.toString();
    }

    private static long hash(String text) {
        return MurmurHash3.hash128x64(text.getBytes(StandardCharsets.UTF_8))[0];
    }

    private static long utf8Length(String text, int chars) {
        return text.substring(0, chars).getBytes(StandardCharsets.UTF_8).length;
    }

    /** Makes a newly created file's directory entry durable too (best effort: not every OS can fsync a directory). */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot fsync directory {}: {}", directory, e.toString());
        }
    }
}
