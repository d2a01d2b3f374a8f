package com.ledgerbridge.gateway.alipay;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificate mode: verifies a notification as the official SDK's
 * {@code AlipaySignature.rsaCertCheckV1(params, alipayCertPath, charset, signType)} does, that is the V1 routine of
 * {@link AlipaySignatureVerifier} with the public key of Alipay's certificate. Only {@code sign} and
 * {@code sign_type} are left out of the signed text, so an {@code alipay_cert_sn} parameter is part of it.
 *
 * <p>Several certificates may be configured while Alipay rotates its certificate. A notification that names one
 * ({@code alipay_cert_sn}) is checked with that one, and one naming a certificate we do not hold is refused
 * ({@link SignatureCheck#UNKNOWN_CERT_SN}). One that names none (the sandbox may omit it) is accepted when any
 * configured certificate verifies it: each is Alipay's own.
 */
public final class AlipayCertificateVerifier implements AlipayNotificationVerifier {

    public static final String CERT_SN_PARAM = "alipay_cert_sn";

    private final Map<String, AlipaySignatureVerifier> bySn;

    /** @param alipayCertificates Alipay's certificates, already checked against the root bundle */
    public AlipayCertificateVerifier(List<X509Certificate> alipayCertificates) {
        if (alipayCertificates.isEmpty()) {
            throw new IllegalArgumentException("no Alipay certificate");
        }
        Map<String, AlipaySignatureVerifier> verifiers = new LinkedHashMap<>();
        for (X509Certificate certificate : alipayCertificates) {
            verifiers.put(AlipayCertificates.certSn(certificate), new AlipaySignatureVerifier(certificate.getPublicKey()));
        }
        this.bySn = Collections.unmodifiableMap(verifiers);
    }

    /** The SNs of the configured certificates, in configuration order. */
    public List<String> certSns() {
        return List.copyOf(bySn.keySet());
    }

    @Override
    public SignatureCheck verify(Map<String, String> params) {
        if (params == null) {
            return SignatureCheck.invalid(SignatureCheck.NO_PARAMETERS);
        }
        String sn = params.get(CERT_SN_PARAM);
        if (!AlipaySignContent.isEmpty(sn)) {
            AlipaySignatureVerifier verifier = bySn.get(sn);
            return verifier == null ? SignatureCheck.invalid(SignatureCheck.UNKNOWN_CERT_SN) : verifier.verify(params);
        }
        SignatureCheck last = null;
        for (AlipaySignatureVerifier verifier : bySn.values()) {
            last = verifier.verify(params);
            if (last.valid()) {
                return last;
            }
        }
        return last;
    }
}
