package com.ledgerbridge.storage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Delta-sync watermarks, one per CRM source: the highest modification time already stored, kept as
 * ISO-8601 UTC text (e.g. {@code 2026-11-20T08:15:00Z}). A watermark never moves backwards. Call
 * {@link #advance} in the same transaction that stores the page the watermark was taken from.
 */
@Repository
public class WatermarkStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public WatermarkStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Instant> find(String source) {
        return jdbc.sql("select watermark from sync_watermark where source = :source")
                .param("source", source)
                .query(String.class).optional()
                .map(Instant::parse);
    }

    /**
     * Moves the source's watermark to {@code watermark} unless it is already there or later.
     *
     * @return the watermark now stored
     */
    public Instant advance(String source, Instant watermark) {
        Optional<Instant> current = jdbc.sql("select watermark from sync_watermark where source = :source for update")
                .param("source", source)
                .query(String.class).optional()
                .map(Instant::parse);
        if (current.isPresent() && !watermark.isAfter(current.get())) {
            return current.get();
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        String text = DateTimeFormatter.ISO_INSTANT.format(watermark);
        if (current.isPresent()) {
            jdbc.sql("update sync_watermark set watermark = :watermark, updated_at = :now where source = :source")
                    .param("watermark", text).param("now", now).param("source", source)
                    .update();
        } else {
            jdbc.sql("insert into sync_watermark (source, watermark, updated_at) values (:source, :watermark, :now)")
                    .param("source", source).param("watermark", text).param("now", now)
                    .update();
        }
        return watermark;
    }
}
