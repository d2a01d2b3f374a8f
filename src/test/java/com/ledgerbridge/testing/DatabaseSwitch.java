package com.ledgerbridge.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Lets a test take the database away: while {@link #down()} is in force, every new connection is refused, as
 * when the database server is down or unreachable. Import it with {@code @Import(DatabaseSwitch.Config.class)}.
 */
public final class DatabaseSwitch {

    private final AtomicBoolean down = new AtomicBoolean();

    /** Refuses connections until the returned handle is closed. */
    public AutoCloseable down() {
        down.set(true);
        return () -> down.set(false);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        static DatabaseSwitch databaseSwitch() {
            return new DatabaseSwitch();
        }

        @Bean
        static BeanPostProcessor switchableDataSource(org.springframework.beans.factory.ObjectProvider<DatabaseSwitch> databaseSwitch) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DataSource dataSource && !(bean instanceof DelegatingDataSource)) {
                        return new SwitchableDataSource(dataSource, databaseSwitch.getObject());
                    }
                    return bean;
                }
            };
        }
    }

    private static final class SwitchableDataSource extends DelegatingDataSource {

        private final DatabaseSwitch databaseSwitch;

        SwitchableDataSource(DataSource target, DatabaseSwitch databaseSwitch) {
            super(target);
            this.databaseSwitch = databaseSwitch;
        }

        @Override
        public Connection getConnection() throws SQLException {
            refuseWhenDown();
            return super.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            refuseWhenDown();
            return super.getConnection(username, password);
        }

        private void refuseWhenDown() throws SQLException {
            if (databaseSwitch.down.get()) {
                throw new SQLTransientConnectionException("the database is down (test)");
            }
        }
    }
}
