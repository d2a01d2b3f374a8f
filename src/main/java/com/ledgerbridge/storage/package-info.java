/**
 * Storage: plain JDBC repositories over the Flyway schema (src/main/resources/db/migration). SQL stays
 * portable between PostgreSQL and H2. Natural keys are enforced by unique constraints in the schema.
 */
package com.ledgerbridge.storage;
