package com.ledgerbridge.crm.rest;

/** A CRM answer that does not follow the generic REST contract (not JSON, no orders array, wrong page). */
public class CrmResponseException extends RuntimeException {

    public CrmResponseException(String message) {
        super(message);
    }

    public CrmResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
