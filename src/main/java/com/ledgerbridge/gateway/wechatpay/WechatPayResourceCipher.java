package com.ledgerbridge.gateway.wechatpay;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a notification's {@code resource} (AEAD_AES_256_GCM, RFC 5116): key = the APIv3 key's 32 UTF-8 bytes,
 * IV = {@code nonce}'s UTF-8 bytes, additional data = {@code associated_data}'s UTF-8 bytes, input = base64 of the
 * ciphertext followed by the 16-byte tag. A wrong key or any changed byte fails the tag check. Thread-safe.
 */
final class WechatPayResourceCipher {

    static final String ALGORITHM = "AEAD_AES_256_GCM";
    private static final int TAG_BITS = 128;

    private final SecretKey key;

    WechatPayResourceCipher(String apiV3Key) {
        byte[] bytes = apiV3Key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != WechatPayProperties.API_V3_KEY_BYTES) {
            throw new IllegalArgumentException("the APIv3 key must be 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /**
     * The plaintext (UTF-8 JSON as WeChat Pay encrypted it).
     *
     * @throws WechatPayRejection {@code UNDECRYPTABLE} when the tag does not verify (wrong APIv3 key, tampered
     *         resource), the ciphertext is not base64, or the plaintext is not UTF-8
     */
    String decrypt(String associatedData, String nonce, String ciphertext) {
        byte[] input;
        try {
            input = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new WechatPayRejection(WechatPayRejection.UNDECRYPTABLE, "resource.ciphertext is not base64");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            plain = cipher.doFinal(input);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new WechatPayRejection(WechatPayRejection.UNDECRYPTABLE, "resource does not decrypt with our APIv3 key "
                    + "(wrong key, or the resource was altered): " + e.getClass().getSimpleName());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(plain)).toString();
        } catch (CharacterCodingException e) {
            throw new WechatPayRejection(WechatPayRejection.UNDECRYPTABLE, "decrypted resource is not UTF-8");
        }
    }
}
