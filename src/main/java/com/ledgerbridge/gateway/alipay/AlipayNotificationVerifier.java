package com.ledgerbridge.gateway.alipay;

import java.util.Map;

/**
 * Checks the signature of a form-decoded Alipay notification: with Alipay's public key
 * ({@link AlipaySignatureVerifier}) or with the public key of Alipay's certificate named by the notification
 * ({@link AlipayCertificateVerifier}). Implementations are thread-safe and never throw.
 */
public interface AlipayNotificationVerifier {

    SignatureCheck verify(Map<String, String> params);
}
