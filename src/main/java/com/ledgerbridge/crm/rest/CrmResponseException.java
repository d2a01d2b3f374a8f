package com.ledgerbridge.crm.rest;

import com.ledgerbridge.failure.PermanentFailure;

/**
 * A CRM answer that does not follow the generic REST contract (not JSON, no orders array, wrong page). A retry
 * gets the same answer, so it is permanent: the pull stops, the watermark stays, the reason is logged.
 */
public class CrmResponseException extends PermanentFailure {

    public CrmResponseException(String message) {
        super(message);
    }

    public CrmResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
