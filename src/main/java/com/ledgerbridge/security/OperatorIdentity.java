package com.ledgerbridge.security;

import com.ledgerbridge.storage.AuditTrail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who is acting: the principal the operations request was authenticated as (an API token's name, the OIDC
 * principal claim), for the audit trail. Camel runs operations routes on Spring's task executor, which carries the
 * request's security context over (app/OperationsSecurity). Work that no person asked for is {@link AuditTrail#SYSTEM}.
 */
@Component
public class OperatorIdentity {

    public String current() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated() || caller instanceof AnonymousAuthenticationToken) {
            return AuditTrail.SYSTEM;
        }
        return caller.getName();
    }
}
