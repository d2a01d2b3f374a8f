package com.ledgerbridge.crm;

/**
 * Makes the sources of one connector type from their settings: a connector package provides one of these as a
 * Spring bean, and {@link CrmSources} finds it by {@link #type()}. A pulled type implements {@link #pullSource},
 * a drop-folder type {@link #fileSource}.
 */
public interface CrmConnector {

    CrmSourceType type();

    default CrmSource pullSource(String name, CrmProperties.Source settings) {
        throw new UnsupportedOperationException(type() + " sources are not pulled");
    }

    default CrmFileSource fileSource(String name, CrmProperties.Source settings) {
        throw new UnsupportedOperationException(type() + " sources do not read dropped files");
    }
}
