package com.ledgerbridge.gateway.alipay;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.codec.binary.Base64;

/**
 * Verifies the signature of an Alipay asynchronous notification (public-key mode) exactly as the official Java
 * SDK's {@code AlipaySignature.rsaCheckV1(params, alipayPublicKey, params.get("charset"), params.get("sign_type"))}
 * does, without its dependencies and without mutating the caller's map:
 * <ol>
 * <li>canonical string = {@link AlipaySignContent#of(Map)} (V1 rule);</li>
 * <li>bytes = that string in the notification's own {@code charset} (UTF-8 when empty);</li>
 * <li>{@code sign} is base64-decoded the SDK's lenient way ({@link #signatureBytes}) and checked with {@code SHA256withRSA} when
 * {@code sign_type} is {@code RSA2}, {@code SHA1withRSA} when it is {@code RSA} (exact, case-sensitive match,
 * as in the SDK).</li>
 * </ol>
 * Every way the SDK returns false or throws is reported here as {@link SignatureCheck#valid()} {@code false}.
 *
 * <p>Thread-safe. The key must be the "Alipay public key" (支付宝公钥) from the Alipay open platform, not the
 * application's own public key.
 */
public final class AlipaySignatureVerifier implements AlipayNotificationVerifier {

    private final PublicKey publicKey;

    /**
     * @param alipayPublicKey bare base64 X.509 SubjectPublicKeyInfo as shown in Alipay's console, or PEM
     * @throws IllegalArgumentException when the key cannot be parsed
     */
    public AlipaySignatureVerifier(String alipayPublicKey) {
        this(AlipayKeys.publicKey(alipayPublicKey));
    }

    /** @param alipayPublicKey Alipay's key, e.g. from its public-key certificate (certificate mode) */
    public AlipaySignatureVerifier(PublicKey alipayPublicKey) {
        this.publicKey = Objects.requireNonNull(alipayPublicKey, "alipayPublicKey");
    }

    /** Verifies the form-decoded notification parameters; never throws. */
    @Override
    public SignatureCheck verify(Map<String, String> params) {
        if (params == null) {
            return SignatureCheck.invalid(SignatureCheck.NO_PARAMETERS);
        }
        try {
            String algorithm = algorithm(params.get(AlipaySignContent.SIGN_TYPE));
            if (algorithm == null) {
                return SignatureCheck.invalid(SignatureCheck.UNSUPPORTED_SIGN_TYPE);
            }
            String sign = params.get(AlipaySignContent.SIGN);
            if (AlipaySignContent.isEmpty(sign)) {
                return SignatureCheck.invalid(SignatureCheck.MISSING_SIGN);
            }
            String content = AlipaySignContent.of(params);
            if (AlipaySignContent.isEmpty(content)) {
                return SignatureCheck.invalid(SignatureCheck.EMPTY_CONTENT);
            }
            Charset charset = charset(params.get(AlipayFormBody.CHARSET_PARAM));
            if (charset == null) {
                return SignatureCheck.invalid(SignatureCheck.UNSUPPORTED_CHARSET);
            }
            byte[] signature = signatureBytes(sign);
            if (signature == null) {
                return SignatureCheck.invalid(SignatureCheck.MALFORMED_SIGN);
            }
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(content.getBytes(charset));
            boolean valid;
            try {
                valid = verifier.verify(signature);
            } catch (SignatureException e) { // e.g. signature length differs from the key size
                return SignatureCheck.invalid(SignatureCheck.MALFORMED_SIGN);
            }
            return valid ? SignatureCheck.ok() : SignatureCheck.invalid(SignatureCheck.SIGNATURE_MISMATCH);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SignatureCheck.invalid(SignatureCheck.VERIFICATION_ERROR);
        }
    }

    /**
     * The bytes of {@code sign} as the SDK reads them, or null where the SDK reads no valid signature.
     *
     * <p>The SDK decodes with an old copy of commons-codec that drops every character outside the standard base64
     * alphabet and {@code =} (so line breaks and spaces are tolerated) and then decodes in whole quadruples
     * without repairing padding. Today's commons-codec {@link Base64} is lenient in other ways: it reads the
     * URL-safe {@code -} and {@code _} as digits, stops at the first {@code =}, and completes missing padding. So
     * the text is first reduced to what the SDK keeps, and decoded only when its shape is one the SDK decodes
     * correctly: padding only at the end, and the quadruples the SDK counts covering exactly the digits. On any
     * other shape the SDK yields bytes of the wrong length or content (or throws), and never a valid signature.
     * Non-ASCII text makes the SDK throw.
     */
    static byte[] signatureBytes(String sign) {
        StringBuilder kept = new StringBuilder(sign.length());
        int digits = 0;
        int padding = 0;
        for (int i = 0; i < sign.length(); i++) {
            char c = sign.charAt(i);
            if (c > 0x7f) {
                return null;
            }
            if (c == '=') {
                padding++;
            } else if (isStandardBase64Digit(c)) {
                if (padding > 0) {
                    return null; // padding in the middle
                }
                digits++;
            } else {
                continue; // dropped, as the SDK drops it
            }
            kept.append(c);
        }
        int quadruplesCounted = (digits + padding) / 4;
        int quadruplesNeeded = (digits + 3) / 4;
        if (digits % 4 == 1 || quadruplesCounted != quadruplesNeeded) {
            return null;
        }
        return Base64.decodeBase64(kept.toString());
    }

    private static boolean isStandardBase64Digit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    static String algorithm(String signType) {
        if ("RSA2".equals(signType)) {
            return "SHA256withRSA";
        }
        if ("RSA".equals(signType)) {
            return "SHA1withRSA";
        }
        return null;
    }

    /** The notification's charset as the SDK resolves it: empty means UTF-8; unknown gives null. */
    static Charset charset(String name) {
        if (AlipaySignContent.isEmpty(name)) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }
}
