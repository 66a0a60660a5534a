package io.smsgate.shared.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) with smsgate's one salt, and HMAC-SHA256: the primitives every key comes from. */
final class Hkdf {
    static final String HMAC = "HmacSHA256";
    private static final byte[] SALT = "smsgate/hkdf/v1".getBytes(StandardCharsets.UTF_8);

    private Hkdf() {
    }

    /** HKDF-Extract: the pseudo-random key of a secret. */
    static byte[] extract(byte[] secret) {
        return hmac(SALT, secret);
    }

    /** HKDF-Expand of a pseudo-random key, one 32-byte block. */
    static byte[] expand(byte[] prk, String info) {
        byte[] label = info.getBytes(StandardCharsets.UTF_8);
        return hmac(prk, ByteBuffer.allocate(label.length + 1).put(label).put((byte) 1).array());
    }

    static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
