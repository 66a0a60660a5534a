package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Pbkdf2 gives what PBKDF2-HMAC-SHA256 gives: the published vectors, and the JDK's own for any input, so no stored hash changes. */
class Pbkdf2Test {

    @Test
    void givesThePublishedVectors() {
        // PBKDF2-HMAC-SHA256, P = "password", S = "salt", dkLen = 32 (the vectors RFC 6070 gives for SHA-1, made for SHA-256).
        assertThat(hex("password", "salt", 1)).isEqualTo("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
        assertThat(hex("password", "salt", 2)).isEqualTo("ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
        assertThat(hex("password", "salt", 4096)).isEqualTo("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
    }

    @Test
    void aPasswordLongerThanABlockIsHashedFirstAsHmacSays() {
        String longPassword = "p".repeat(65);
        assertThat(Pbkdf2.deriveSha256(bytes(longPassword), bytes("salt"), 3)).isEqualTo(jdk(longPassword, bytes("salt"), 3));
    }

    @Test
    void refusesNoIterations() {
        assertThatThrownBy(() -> Pbkdf2.deriveSha256(bytes("password"), bytes("salt"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void agreesWithTheJdkForAnyPasswordSaltAndCount(@ForAll("passwords") String password, @ForAll @Size(min = 1, max = 80) byte[] salt,
            @ForAll @IntRange(min = 1, max = 40) int iterations) {
        assertThat(Pbkdf2.deriveSha256(bytes(password), salt, iterations)).isEqualTo(jdk(password, salt, iterations));
    }

    @Provide
    Arbitrary<String> passwords() {
        // The JDK refuses an empty key; a PIN's pepper is 43 ASCII characters. Non-ASCII is encoded as UTF-8 by both.
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(130),
                Arbitraries.strings().withCharRange('\u00a0', '\u07ff').ofMinLength(1).ofMaxLength(40));
    }

    private static String hex(String password, String salt, int iterations) {
        return HexFormat.of().formatHex(Pbkdf2.deriveSha256(bytes(password), bytes(salt), iterations));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jdk(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
