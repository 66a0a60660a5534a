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
 * secret (an HMAC from {@link KeyRing}), so a copy of the table alone cannot be brute-forced even
 * though a PIN has few digits. Stored as {@code pbkdf2-sha256$iterations$salt$hash}; checked in
 * constant time.
 */
public final class PinHasher {
    public static final int DEFAULT_ITERATIONS = 100_000;
    private static final Pattern PIN = Pattern.compile("[0-9]{4,8}");
    private static final String SCHEME = "pbkdf2-sha256";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final KeyRing keys;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PinHasher(KeyRing keys, int iterations) {
        this.keys = keys;
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
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(derive(pin, salt, iterations));
    }

    public boolean matches(String candidate, String stored) {
        if (stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        byte[] expected = B64D.decode(parts[3]);
        // Always derive, even for malformed candidates, so timing does not tell them apart.
        byte[] actual = derive(isValidPin(candidate) ? candidate : "invalid", B64D.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual) && isValidPin(candidate);
    }

    private byte[] derive(String pin, byte[] salt, int rounds) {
        char[] peppered = keys.digest("pin-pepper", "", pin).toCharArray();
        try {
            PBEKeySpec spec = new PBEKeySpec(peppered, salt, rounds, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is unavailable", e);
        }
    }
}
