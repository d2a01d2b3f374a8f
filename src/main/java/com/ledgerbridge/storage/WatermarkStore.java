package com.ledgerbridge.storage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Delta-sync watermarks, one row per CRM source (looked up by its primary key): the highest (modification
 * time, order id) already stored, the time kept as ISO-8601 UTC text. A watermark never moves backwards.
 * Call {@link #advance} in the same transaction that stores the page the watermark was taken from.
 */
@Repository
public class WatermarkStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public WatermarkStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<SyncWatermark> find(String source) {
        return jdbc.sql("select watermark, watermark_id from sync_watermark where source = :source")
                .param("source", source)
                .query((rs, n) -> new SyncWatermark(Instant.parse(rs.getString(1)), rs.getString(2)))
                .optional();
    }

    /**
     * Moves the source's watermark to {@code watermark} unless it is already there or later.
     *
     * @return the watermark now stored
     */
    public SyncWatermark advance(String source, SyncWatermark watermark) {
        Optional<SyncWatermark> current = jdbc.sql(
                        "select watermark, watermark_id from sync_watermark where source = :source for update")
                .param("source", source)
                .query((rs, n) -> new SyncWatermark(Instant.parse(rs.getString(1)), rs.getString(2)))
                .optional();
        if (current.isPresent() && watermark.compareTo(current.get()) <= 0) {
            return current.get();
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        String text = DateTimeFormatter.ISO_INSTANT.format(watermark.modifiedAt());
        String sql = current.isPresent()
                ? "update sync_watermark set watermark = :watermark, watermark_id = :id, updated_at = :now where source = :source"
                : "insert into sync_watermark (source, watermark, watermark_id, updated_at) values (:source, :watermark, :id, :now)";
        jdbc.sql(sql).param("source", source).param("watermark", text).param("id", watermark.id()).param("now", now)
                .update();
        return watermark;
    }
}
