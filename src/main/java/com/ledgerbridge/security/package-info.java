/**
 * Who may call what: the operations API's roles ({@link com.ledgerbridge.security.OperatorRoles}), the rule table
 * that maps every endpoint to one ({@link com.ledgerbridge.security.OperationsAccess}), the two ways a caller proves
 * who they are (hashed API tokens, {@link com.ledgerbridge.security.ApiTokens}; OIDC JWTs,
 * {@link com.ledgerbridge.security.OidcTokens}), the answers to a refused call, and the OpenAPI document that
 * states all of it. The Spring Security filter chains that apply them are wired in app/OperationsSecurity.
 */
package com.ledgerbridge.security;
