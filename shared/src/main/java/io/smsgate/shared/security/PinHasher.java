package io.smsgate.shared.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PINs at rest: PBKDF2-HMAC-SHA256 with a random salt, over the PIN peppered with the deployment's
 * PIN-pepper secret (an HMAC from {@link KeyRing}), so a copy of the table alone cannot be brute-forced
 * even though a PIN has few digits. Stored as {@code pbkdf2-sha256$p1$iterations$salt$hash} ({@code p1}:
 * the pepper of {@code PIN_PEPPER_SECRET_ARN}); checked in constant time. A hash from before the key split,
 * {@code pbkdf2-sha256$iterations$salt$hash}, was peppered with the key derived from the phone-key secret
 * and still verifies with it ({@link #isLegacy}); setting or changing the PIN writes a {@code p1} hash.
 */
public final class PinHasher {
    public static final int DEFAULT_ITERATIONS = 100_000;
    private static final Pattern PIN = Pattern.compile("[0-9]{4,8}");
    private static final String SCHEME = "pbkdf2-sha256";
    private static final String PEPPER_ID = "p1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final KeyRing keys;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    /** Fails at once unless {@code keys} holds the PIN pepper (and the phone-key secret, for hashes from before the split). */
    public PinHasher(KeyRing keys, int iterations) {
        this.keys = keys.require("hashing PINs", KeyRing.Purpose.PIN_PEPPER, KeyRing.Purpose.PHONE_KEY);
        this.iterations = iterations;
    }

    /** 4 to 8 digits. */
    public static boolean isValidPin(String pin) {
        return pin != null && PIN.matcher(pin).matches();
    }

    public String hash(String pin) {
        if (!isValidPin(pin)) {
            throw new IllegalArgumentException("a PIN is 4 to 8 digits");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return SCHEME + "$" + PEPPER_ID + "$" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(derive(keys.pinPepper(pin), salt, iterations));
    }

    /** Whether {@code stored} is a hash from before the key split (no pepper id): it verifies, but a new hash would not be one. */
    public static boolean isLegacy(String stored) {
        return stored != null && stored.startsWith(SCHEME + "$") && stored.split("\\$").length == 4;
    }

    public boolean matches(String candidate, String stored) {
        if (stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        boolean legacy = parts.length == 4;
        if (!SCHEME.equals(parts[0]) || !(legacy || parts.length == 5 && PEPPER_ID.equals(parts[1]))) {
            return false;
        }
        int at = legacy ? 1 : 2;
        byte[] expected = B64D.decode(parts[at + 2]);
        // Always derive, even for malformed candidates, so timing does not tell them apart.
        String pin = isValidPin(candidate) ? candidate : "invalid";
        byte[] actual = derive(legacy ? keys.legacyPinPepper(pin) : keys.pinPepper(pin), B64D.decode(parts[at + 1]), Integer.parseInt(parts[at]));
        return MessageDigest.isEqual(expected, actual) && isValidPin(candidate);
    }

    /**
     * PBKDF2 at {@code rounds} on a fixed input that is no PIN, salt or key, kept nowhere: for a start that wants the
     * loop compiled before its first PIN check ({@code PostingWiring}). Under tiered compilation the first derivation
     * runs mostly before C2 has compiled HMAC-SHA256 and takes several times as long as the ones after it.
     */
    public static void warmUp(int rounds) {
        derive("warm-up", new byte[16], rounds);
    }

    private static byte[] derive(String pepperedPin, byte[] salt, int rounds) {
        char[] peppered = pepperedPin.toCharArray();
        try {
            PBEKeySpec spec = new PBEKeySpec(peppered, salt, rounds, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is unavailable", e);
        }
    }
}
