package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A stored PIN hash is read from a table anyone with write access could damage: checking one never throws. */
class PinHasherPropertyTest {
    private static final KeyRing KEYS = KeyRing.fromSecret("a-test-secret-that-is-long-enough-0123456789");
    private static final PinHasher HASHER = new PinHasher(KEYS, 10);
    private static final String GOOD = HASHER.hash("4821");

    @Property(tries = 300)
    void anyTextAsAStoredHashIsJudgedWithoutAnException(@ForAll("storedHashes") String stored, @ForAll("candidates") String candidate) {
        boolean wellFormed = PinHasher.isWellFormed(stored);
        boolean matched = HASHER.matches(candidate, stored);
        assertThat(!matched || wellFormed).as("only a well-formed hash can match").isTrue();
    }

    @Provide
    Arbitrary<String> storedHashes() {
        Arbitrary<String> anyText = Arbitraries.strings().ofMaxLength(120);
        Arbitrary<String> fields = Arbitraries.strings().withChars("0123456789-+_abcAZ=$!").ofMaxLength(50);
        // A good hash with one character replaced, inserted or removed: the damage a hand edit does.
        Arbitrary<String> damaged = Arbitraries.integers().between(0, GOOD.length() - 1).flatMap(at -> Arbitraries.of(
                GOOD.substring(0, at) + GOOD.substring(at + 1),
                GOOD.substring(0, at) + "$" + GOOD.substring(at),
                GOOD.substring(0, at) + "9" + GOOD.substring(at + 1),
                GOOD.substring(0, at) + "!" + GOOD.substring(at + 1)));
        return Arbitraries.oneOf(anyText, fields.map(f -> "pbkdf2-sha256$p1$" + f), fields.map(f -> "pbkdf2-sha256$" + f), damaged,
                Arbitraries.just(GOOD));
    }

    @Provide
    Arbitrary<String> candidates() {
        return Arbitraries.oneOf(Arbitraries.just("4821"), Arbitraries.strings().numeric().ofMaxLength(9), Arbitraries.strings().ofMaxLength(12));
    }
}
