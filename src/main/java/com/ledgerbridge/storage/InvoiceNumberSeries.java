package com.ledgerbridge.storage;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gap-free invoice numbers. The series row is locked (select ... for update) and bumped inside the
 * caller's transaction: concurrent issuers queue on the lock, and a rolled-back invoice releases its
 * number unused, so the issued numbers have no holes.
 */
@Repository
public class InvoiceNumberSeries {

    private final JdbcClient jdbc;

    public InvoiceNumberSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the next number of {@code series}; must run inside the transaction that stores the invoice. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long next(String series) {
        return take(series, 1);
    }

    /**
     * Takes {@code count} consecutive numbers of {@code series} with one lock and one update, and returns the
     * first; must run inside the transaction that stores the invoices, which hold the lock until they commit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long take(String series, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("take at least one number, not " + count);
        }
        Optional<Long> current = lock(series);
        if (current.isEmpty()) {
            // first number of a new series (e.g. a new year); a concurrent creator makes one of us fail on
            // the primary key and retry via redelivery, never both issuing number 1
            jdbc.sql("insert into invoice_number_series (series, prefix, next_value) values (:series, :series, 1)")
                    .param("series", series).update();
            current = lock(series);
        }
        long number = current.orElseThrow();
        jdbc.sql("update invoice_number_series set next_value = next_value + :count where series = :series")
                .param("count", count).param("series", series).update();
        return number;
    }

    private Optional<Long> lock(String series) {
        return jdbc.sql("select next_value from invoice_number_series where series = :series for update")
                .param("series", series).query(Long.class).optional();
    }
}
