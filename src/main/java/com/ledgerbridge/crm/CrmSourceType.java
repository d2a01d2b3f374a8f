package com.ledgerbridge.crm;

/**
 * The kinds of CRM connector, as written in ledgerbridge.crm.sources.&lt;name&gt;.type, and the flow each runs:
 * a scheduled pull (route template crm-pull) or a drop folder (route template crm-file-drop).
 */
public enum CrmSourceType {
    /** The generic REST contract (mappings/crm/generic-rest/README.md), package crm.rest. */
    GENERIC_REST(Flow.SCHEDULED_PULL),
    /** CSV exports dropped in a folder, package crm.csv. */
    CSV(Flow.FILE_DROP);

    public enum Flow { SCHEDULED_PULL, FILE_DROP }

    private final Flow flow;

    CrmSourceType(Flow flow) {
        this.flow = flow;
    }

    public Flow flow() {
        return flow;
    }
}
