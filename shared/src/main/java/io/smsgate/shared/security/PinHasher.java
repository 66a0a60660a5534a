package io.smsgate.shared.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * PINs at rest: PBKDF2-HMAC-SHA256 ({@link Pbkdf2}) with a random salt, over the PIN peppered with the deployment's
 * PIN-pepper secret (an HMAC from {@link KeyRing}), so a copy of the table alone cannot be brute-forced
 * even though a PIN has few digits. Stored as {@code pbkdf2-sha256$p1$iterations$salt$hash} ({@code p1}:
 * the pepper of {@code PIN_PEPPER_SECRET_ARN}); checked in constant time. A hash from before the key split,
 * {@code pbkdf2-sha256$iterations$salt$hash}, was peppered with the key derived from the phone-key secret
 * and still verifies with it ({@link #isLegacy}); setting or changing the PIN writes a {@code p1} hash.
 */
public final class PinHasher {
    public static final int DEFAULT_ITERATIONS = 100_000;
    /** The most iterations a stored hash may name: ten times the default, so a damaged count cannot stall a check for minutes. */
    public static final int MAX_ITERATIONS = 1_000_000;
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
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be 1 to " + MAX_ITERATIONS + ", not " + iterations);
        }
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

    /**
     * Whether {@code stored} is a hash this class can check: the scheme, a known pepper (or none, from before the
     * split), 1 to {@value #MAX_ITERATIONS} iterations, a salt and a 256-bit hash in unpadded URL-safe Base64.
     * Only this class writes PIN hashes; one that is not well formed was damaged or written by hand, and no PIN
     * can ever match it.
     */
    public static boolean isWellFormed(String stored) {
        return Stored.parse(stored) != null;
    }

    /** Whether {@code candidate} is the PIN {@code stored} was made from. False, never an exception, for any text in either. */
    public boolean matches(String candidate, String stored) {
        Stored parsed = Stored.parse(stored);
        if (parsed == null) {
            return false;
        }
        // Always derive, even for malformed candidates, so timing does not tell them apart.
        String pin = isValidPin(candidate) ? candidate : "invalid";
        byte[] actual = derive(parsed.legacy() ? keys.legacyPinPepper(pin) : keys.pinPepper(pin), parsed.salt(), parsed.iterations());
        return MessageDigest.isEqual(parsed.hash(), actual) && isValidPin(candidate);
    }

    /** A stored hash taken apart; {@link #parse} gives null for anything else. */
    private record Stored(boolean legacy, int iterations, byte[] salt, byte[] hash) {
        private static final Pattern ITERATIONS = Pattern.compile("[1-9][0-9]{0,6}");
        private static final int HASH_BYTES = 32;
        private static final int MAX_SALT_BYTES = 64;

        static Stored parse(String stored) {
            if (stored == null) {
                return null;
            }
            String[] parts = stored.split("\\$", -1);
            boolean legacy = parts.length == 4;
            if (!SCHEME.equals(parts[0]) || !(legacy || parts.length == 5 && PEPPER_ID.equals(parts[1]))) {
                return null;
            }
            int at = legacy ? 1 : 2;
            if (!ITERATIONS.matcher(parts[at]).matches()) {
                return null;
            }
            int iterations = Integer.parseInt(parts[at]);
            byte[] salt = decode(parts[at + 1]);
            byte[] hash = decode(parts[at + 2]);
            if (iterations > MAX_ITERATIONS || salt == null || salt.length == 0 || salt.length > MAX_SALT_BYTES
                    || hash == null || hash.length != HASH_BYTES) {
                return null;
            }
            return new Stored(legacy, iterations, salt, hash);
        }

        private static byte[] decode(String text) {
            try {
                return B64D.decode(text);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
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
        byte[] peppered = pepperedPin.getBytes(StandardCharsets.UTF_8);
        try {
            return Pbkdf2.deriveSha256(peppered, salt, rounds);
        } finally {
            Arrays.fill(peppered, (byte) 0);
        }
    }
}
