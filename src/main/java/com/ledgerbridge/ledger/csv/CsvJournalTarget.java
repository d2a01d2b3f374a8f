package com.ledgerbridge.ledger.csv;

import com.ledgerbridge.domain.ledger.JournalEntry;
import com.ledgerbridge.failure.TransientFailure;
import com.ledgerbridge.ledger.LedgerTarget;
import com.ledgerbridge.ledger.PostingOutcome;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The CSV journal file target ({@code ledgerbridge.ledger.target: csv}): each entry's lines are appended to
 * {@code <directory>/journal-<entry date>.csv} (layout and crash safety: {@link JournalFile}). A batch costs
 * one write and one fsync per day it touches.
 */
@Component
public class CsvJournalTarget implements LedgerTarget {

    /** Days whose files this process keeps its knowledge of; an older day's file is read again when posted to. */
    static final int OPEN_DAYS = 8;

    private final Path directory;
    private final Map<LocalDate, JournalFile> files = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LocalDate, JournalFile> eldest) {
            return size() > OPEN_DAYS;
        }
    };

    @Autowired
    public CsvJournalTarget(CsvJournalProperties properties) {
        this(properties.directory());
    }

    public CsvJournalTarget(Path directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "csv";
    }

    /** Synchronized: one JVM may lock a file only once, so threads of this process take turns. */
    @Override
    public synchronized List<PostingOutcome> post(List<JournalEntry> batch) {
        Map<LocalDate, List<JournalEntry>> byDay = new LinkedHashMap<>();
        batch.forEach(entry -> byDay.computeIfAbsent(entry.entryDate(), d -> new ArrayList<>()).add(entry));
        Map<String, PostingOutcome> outcomes = new HashMap<>();
        for (Map.Entry<LocalDate, List<JournalEntry>> day : byDay.entrySet()) {
            try {
                fileFor(day.getKey()).append(day.getValue()).forEach(o -> outcomes.put(o.idempotencyKey(), o));
            } catch (UncheckedIOException e) {
                // a full disk, a missing permission: nothing of this day was taken; the batch is tried again
                throw new TransientFailure(e.getMessage(), e);
            }
        }
        return batch.stream().map(entry -> outcomes.get(entry.idempotencyKey())).distinct().toList();
    }

    /** Looks in the files of the days this process has posted to lately (reading none). */
    @Override
    public synchronized Optional<String> lookup(String idempotencyKey) {
        return files.values().stream().map(f -> f.reference(idempotencyKey)).flatMap(Optional::stream).findFirst();
    }

    /** The file of {@code day}. */
    public Path pathFor(LocalDate day) {
        return directory.resolve("journal-" + day.format(DateTimeFormatter.ISO_LOCAL_DATE) + ".csv");
    }

    private JournalFile fileFor(LocalDate day) {
        return files.computeIfAbsent(day, d -> new JournalFile(pathFor(d)));
    }
}
