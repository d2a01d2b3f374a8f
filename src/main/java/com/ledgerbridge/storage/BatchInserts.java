package com.ledgerbridge.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** One JDBC batch insert that also hands back the generated ids, in the order of the rows given. */
final class BatchInserts {

    /** Sets the parameters of one row. */
    @FunctionalInterface
    interface RowSetter<T> {
        void set(PreparedStatement statement, T row) throws SQLException;
    }

    private BatchInserts() {
    }

    static <T> List<Long> insertReturningIds(JdbcTemplate jdbc, String insertSql, List<T> rows, RowSetter<T> setter) {
        if (rows.isEmpty()) {
            return List.of();
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.batchUpdate(connection -> connection.prepareStatement(insertSql, new String[] {"id"}),
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        setter.set(ps, rows.get(i));
                    }

                    @Override
                    public int getBatchSize() {
                        return rows.size();
                    }
                }, keys);
        List<Map<String, Object>> generated = keys.getKeyList();
        if (generated.size() != rows.size()) {
            throw new IllegalStateException("the database returned " + generated.size() + " generated ids for "
                    + rows.size() + " inserted rows");
        }
        List<Long> ids = new ArrayList<>(rows.size());
        for (Map<String, Object> key : generated) {
            Object id = key.size() == 1 ? key.values().iterator().next() : key.get("id");
            ids.add(((Number) id).longValue());
        }
        return ids;
    }
}
