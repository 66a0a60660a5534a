package io.smsgate.shared.security;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018, section 5.2) for one 32-byte block, on the JDK's SHA-256, with the HMAC
 * pads hashed once per derivation instead of once per round.
 *
 * <p>HMAC(K, m) is H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)) (RFC 2104). Both padded keys are one 64-byte block,
 * the same in every round, so their SHA-256 states are computed once and copied ({@link MessageDigest#clone})
 * for each of the 2c HMACs: a round is two compressions (the 32-byte message and its padding fit one block
 * after the pad's). The JDK's {@code PBKDF2WithHmacSHA256} goes through {@code javax.crypto.Mac}, which
 * hashes the padded key again in every round: four compressions a round. An attacker's cracker precomputes
 * the pads as this does, so the JDK's loop cost the defender twice what a guess costs the attacker, for the
 * same stored hash. It also ran unevenly in a fresh JVM (C2 compiled its loop, dropped it on an uncommon
 * trap and compiled it again), which is on a cold PostingFunction's first post ({@code docs/cold-start.md}).
 * The output is the JDK's, byte for byte ({@code Pbkdf2Test}): every stored hash still verifies.
 */
final class Pbkdf2 {
    private static final int BYTES = 32;
    private static final int BLOCK = 64;
    private static final byte[] FIRST_BLOCK_INDEX = {0, 0, 0, 1};

    private Pbkdf2() {
    }

    /** T_1 = U_1 ⊕ … ⊕ U_c with U_1 = HMAC(password, salt ‖ INT(1)) and U_i = HMAC(password, U_i-1). */
    static byte[] deriveSha256(byte[] password, byte[] salt, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration");
        }
        byte[] key = password.length > BLOCK ? sha256().digest(password) : password;
        byte[] innerPad = new byte[BLOCK];
        byte[] outerPad = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
        MessageDigest inner = sha256();
        inner.update(innerPad);
        MessageDigest outer = sha256();
        outer.update(outerPad);
        Arrays.fill(innerPad, (byte) 0);
        Arrays.fill(outerPad, (byte) 0);

        byte[] u = new byte[BYTES];
        MessageDigest first = copy(inner);
        first.update(salt);
        first.update(FIRST_BLOCK_INDEX);
        finish(first, u);
        finish(outer, u, u);
        byte[] t = u.clone();
        for (int round = 1; round < iterations; round++) {
            finish(inner, u, u);
            finish(outer, u, u);
            for (int i = 0; i < BYTES; i++) {
                t[i] ^= u[i];
            }
        }
        Arrays.fill(u, (byte) 0);
        return t;
    }

    /** {@code into} = H(state ‖ message), on a copy of {@code state}, which stays as it was. */
    private static void finish(MessageDigest state, byte[] message, byte[] into) {
        MessageDigest digest = copy(state);
        digest.update(message);
        finish(digest, into);
    }

    private static void finish(MessageDigest digest, byte[] into) {
        try {
            digest.digest(into, 0, BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 gave no 32-byte digest", e);
        }
    }

    private static MessageDigest copy(MessageDigest state) {
        try {
            return (MessageDigest) state.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256's state cannot be copied", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
