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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 *   <li>{@link #seal}/{@link #open}: a number, AES-256-GCM, bound to the message or item it travels in
 *       ({@link SealContext}), so it can reach the function that must text it without being readable
 *       on the way, and a seal copied into another message does not open.</li>
 *   <li>{@link #sealText}/{@link #openText}: a text's body (PIN included), the same way, with its own key.</li>
 *   <li>{@link #mac}/{@link #checkMac}: HMAC-SHA256 over a message's canonical JSON, one key per message
 *       type, so a consumer can tell a message its producer made from one anybody else made.</li>
 *   <li>{@link #digest}: HMAC for short secrets (codes, PIN lookups), domain-separated by purpose, with
 *       a constant-time {@link #matches}.</li>
 * </ul>
 * The first keys are HMAC-SHA256(secret, label), as they always were (the phone key cannot change: every
 * table is keyed by it); the keys added with {@code v2.} seals and {@code v1.} MACs are HKDF-SHA256
 * (RFC 5869) of the secret, one info string each. Formats carry their version as a prefix.
 */
public final class KeyRing {
    private static final String HMAC = "HmacSHA256";
    private static final int MIN_SECRET_LENGTH = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] V1_SEAL_AAD = "smsgate/sealed-number/v1".getBytes(StandardCharsets.UTF_8);
    private static final String V1 = "v1.";
    private static final String V2 = "v2.";
    private static final byte[] HKDF_SALT = "smsgate/hkdf/v1".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] prk;
    private final SecretKeySpec phoneKey;
    private final SecretKeySpec v1SealKey;
    private final SecretKeySpec numberSealKey;
    private final SecretKeySpec textSealKey;
    private final SecretKeySpec digestKey;
    private final Map<String, SecretKeySpec> macKeys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private KeyRing(byte[] secret) {
        SecretKeySpec master = new SecretKeySpec(secret, HMAC);
        this.phoneKey = new SecretKeySpec(hmac(master, "smsgate/phone-key/v1"), HMAC);
        this.v1SealKey = new SecretKeySpec(hmac(master, "smsgate/seal/v1"), "AES");
        this.digestKey = new SecretKeySpec(hmac(master, "smsgate/digest/v1"), HMAC);
        this.prk = hmac(new SecretKeySpec(HKDF_SALT, HMAC), secret);
        this.numberSealKey = new SecretKeySpec(expand("smsgate/seal-number/v2"), "AES");
        this.textSealKey = new SecretKeySpec(expand("smsgate/seal-text/v2"), "AES");
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

    // ------------------------------------------------------------------ sealed numbers

    /** The number sealed ({@code v2.}) for the message or item {@code context} names, with its phone key. */
    public SealedNumber seal(PhoneNumber number, SealContext context) {
        byte[] sealed = encrypt(numberSealKey, context.additionalData("number"), number.e164());
        return new SealedNumber(phoneKey(number), V2 + B64.encodeToString(sealed));
    }

    /**
     * Decrypts a sealed number bound to {@code context} and checks it against its key; a forged,
     * mixed-up or copied seal is refused. A {@code v1.} seal opens only where {@code context} still
     * accepts one ({@link SealContext#acceptsV1}).
     */
    public PhoneNumber open(SealedNumber sealed, SealContext context) {
        String value = sealed.sealed();
        String e164;
        if (value.startsWith(V2)) {
            e164 = decrypt(numberSealKey, context.additionalData("number"), value.substring(V2.length()), "sealed number");
        } else if (value.startsWith(V1) && context.acceptsV1()) {
            e164 = decrypt(v1SealKey, V1_SEAL_AAD, value.substring(V1.length()), "sealed number");
        } else {
            throw new TamperedException("sealed number of an unknown or retired version");
        }
        PhoneNumber number;
        try {
            number = PhoneNumbers.trusted(e164);
        } catch (IllegalArgumentException e) {
            throw new TamperedException("sealed number cannot be opened");
        }
        if (!MessageDigest.isEqual(phoneKey(number).getBytes(StandardCharsets.US_ASCII),
                sealed.key().getBytes(StandardCharsets.US_ASCII))) {
            throw new TamperedException("sealed number does not match its key");
        }
        return number;
    }

    /** A number sealed for one message, sealed again for another (a reply to a text's sender, say). */
    public SealedNumber reseal(SealedNumber sealed, SealContext from, SealContext to) {
        return seal(open(sealed, from), to);
    }

    // ------------------------------------------------------------------ sealed texts

    /** A text's body sealed ({@code v2.}) for the message {@code context} names; null stays null. */
    public String sealText(String text, SealContext context) {
        if (text == null) {
            return null;
        }
        return V2 + B64.encodeToString(encrypt(textSealKey, context.additionalData("text"), text));
    }

    /** The body of a sealed text bound to {@code context}; null stays null; anything else that does not open is refused. */
    public String openText(String sealed, SealContext context) {
        if (sealed == null) {
            return null;
        }
        if (!sealed.startsWith(V2)) {
            throw new TamperedException("sealed text of an unknown version");
        }
        return decrypt(textSealKey, context.additionalData("text"), sealed.substring(V2.length()), "sealed text");
    }

    // ------------------------------------------------------------------ message MACs

    /** The MAC ({@code v1.}) of a message of {@code type} over its canonical form ({@link CanonicalJson}). */
    public String mac(String type, String canonical) {
        return V1 + B64.encodeToString(hmac(macKey(type), canonical));
    }

    /** What a message's {@code mac} field says about it. */
    public enum MacCheck {
        VALID,
        /** No {@code mac} field, or not a string. */
        MISSING,
        /** A {@code mac} of a version this build does not know. */
        UNKNOWN_VERSION,
        /** Made with another key (another type's, another deployment's), or the message was altered. */
        INVALID
    }

    /** Checks {@code mac} against the message's canonical form, in constant time. */
    public MacCheck checkMac(String type, String canonical, String mac) {
        if (mac == null || mac.isEmpty()) {
            return MacCheck.MISSING;
        }
        if (!mac.startsWith(V1)) {
            return MacCheck.UNKNOWN_VERSION;
        }
        return MessageDigest.isEqual(mac(type, canonical).getBytes(StandardCharsets.US_ASCII),
                mac.getBytes(StandardCharsets.US_ASCII)) ? MacCheck.VALID : MacCheck.INVALID;
    }

    private SecretKeySpec macKey(String type) {
        if (type == null || !type.matches("[A-Za-z]{1,64}")) {
            throw new IllegalArgumentException("a message type is 1-64 letters");
        }
        return macKeys.computeIfAbsent(type, t -> new SecretKeySpec(expand("smsgate/mac/" + t + "/v1"), HMAC));
    }

    // ------------------------------------------------------------------ digests

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

    // ------------------------------------------------------------------ primitives

    private byte[] encrypt(SecretKeySpec key, byte[] aad, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static String decrypt(SecretKeySpec key, byte[] aad, String encoded, String what) {
        try {
            byte[] in = B64D.decode(encoded);
            if (in.length <= NONCE_BYTES) {
                throw new TamperedException(what + " too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new TamperedException(what + " cannot be opened");
        }
    }

    /** HKDF-Expand (RFC 5869) of the secret's pseudo-random key, one 32-byte block. */
    private byte[] expand(String info) {
        byte[] label = info.getBytes(StandardCharsets.UTF_8);
        byte[] block = ByteBuffer.allocate(label.length + 1).put(label).put((byte) 1).array();
        return hmac(new SecretKeySpec(prk, HMAC), block);
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** A sealed value that was not made with this deployment's secret, for this message, or was altered. */
    public static final class TamperedException extends RuntimeException {
        public TamperedException(String message) {
            super(message, null, false, false);
        }
    }
}
