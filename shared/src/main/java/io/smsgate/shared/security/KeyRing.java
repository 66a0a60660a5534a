package io.smsgate.shared.security;

import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SealedNumber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every key smsgate derives from the deployment's one secret, and the only code that uses them.
 *
 * <ul>
 *   <li>{@link #phoneKey}: HMAC-SHA256 of the E.164 number. Every security table is keyed by it, so the
 *       same number always maps to the same item and no table key is a phone number.</li>
 *   <li>{@link #seal}/{@link #open}: AES-256-GCM, so a number can travel on a topic to the function that
 *       must text it without being readable on the way.</li>
 *   <li>{@link #digest}: HMAC for short secrets (codes, PIN lookups), domain-separated by purpose, with
 *       a constant-time {@link #matches}.</li>
 * </ul>
 * Sub-keys are HMAC-SHA256(secret, label): independent keys from one secret, one label each.
 */
public final class KeyRing {
    private static final String HMAC = "HmacSHA256";
    private static final int MIN_SECRET_LENGTH = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SEAL_AAD = "smsgate/sealed-number/v1".getBytes(StandardCharsets.UTF_8);
    private static final String SEAL_PREFIX = "v1.";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec phoneKey;
    private final SecretKeySpec sealKey;
    private final SecretKeySpec digestKey;
    private final SecureRandom random = new SecureRandom();

    private KeyRing(byte[] secret) {
        this.phoneKey = new SecretKeySpec(hmac(new SecretKeySpec(secret, HMAC), "smsgate/phone-key/v1"), HMAC);
        this.sealKey = new SecretKeySpec(hmac(new SecretKeySpec(secret, HMAC), "smsgate/seal/v1"), "AES");
        this.digestKey = new SecretKeySpec(hmac(new SecretKeySpec(secret, HMAC), "smsgate/digest/v1"), HMAC);
    }

    public static KeyRing fromSecret(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the phone-number secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        return new KeyRing(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The table key for a number: the same number always gives the same key. */
    public String phoneKey(PhoneNumber number) {
        return B64.encodeToString(hmac(phoneKey, number.e164()));
    }

    public SealedNumber seal(PhoneNumber number) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(SEAL_AAD);
            byte[] sealed = cipher.doFinal(number.e164().getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return new SealedNumber(phoneKey(number), SEAL_PREFIX + B64.encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Decrypts a sealed number and checks it against its key; a forged or mixed-up pair is refused. */
    public PhoneNumber open(SealedNumber sealed) {
        if (!sealed.sealed().startsWith(SEAL_PREFIX)) {
            throw new TamperedException("unknown sealed-number version");
        }
        try {
            byte[] in = B64D.decode(sealed.sealed().substring(SEAL_PREFIX.length()));
            if (in.length <= NONCE_BYTES) {
                throw new TamperedException("sealed number too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(SEAL_AAD);
            String e164 = new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
            PhoneNumber number = PhoneNumbers.trusted(e164);
            if (!MessageDigest.isEqual(phoneKey(number).getBytes(StandardCharsets.US_ASCII),
                    sealed.key().getBytes(StandardCharsets.US_ASCII))) {
                throw new TamperedException("sealed number does not match its key");
            }
            return number;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new TamperedException("sealed number cannot be opened");
        }
    }

    /** HMAC of a short secret (a code, a PIN) bound to a purpose and a context such as a verification id. */
    public String digest(String purpose, String context, String secretValue) {
        return B64.encodeToString(hmac(digestKey, purpose + '\u0000' + context + '\u0000' + secretValue));
    }

    /** Constant-time comparison of a candidate against a stored digest. */
    public boolean matches(String purpose, String context, String candidate, String storedDigest) {
        byte[] expected = storedDigest.getBytes(StandardCharsets.US_ASCII);
        byte[] actual = digest(purpose, context, candidate).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** A sealed number that was not made with this deployment's secret, or was altered. */
    public static final class TamperedException extends RuntimeException {
        public TamperedException(String message) {
            super(message, null, false, false);
        }
    }
}
