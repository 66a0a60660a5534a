package io.smsgate.posting;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.PinHasher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Splitting the PIN off a text and checking it, for any text a phone can send. Hashes here use 1,000
 * PBKDF2 iterations so thousands of tries stay fast; the comparison does not depend on the count.
 */
class PinCheckTest {
    private static final KeyRing KEYS = KeyRing.fromSecret("a-test-secret-that-is-long-enough-0123456789");
    private static final PinHasher HASHER = new PinHasher(KEYS, 1_000);
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();
    private static final PinCheck CHECK = new PinCheck(HASHER);

    private static String hashOf(String pin) {
        return HASHES.computeIfAbsent(pin, HASHER::hash);
    }

    @Test
    void theRightPinAndASpaceLetTheRestThrough() {
        assertThat(CHECK.check("4821 Hello world", hashOf("4821"))).isEqualTo(new PinCheck.Passed("Hello world"));
        assertThat(CHECK.check("  4821\nHello\nworld  ", hashOf("4821"))).isEqualTo(new PinCheck.Passed("Hello\nworld"));
        assertThat(CHECK.check("4821\u00A0Hello", hashOf("4821"))).as("a no-break space separates too")
                .isEqualTo(new PinCheck.Passed("Hello"));
        assertThat(CHECK.check("4821", hashOf("4821"))).as("nothing after it: the text check refuses it")
                .isEqualTo(new PinCheck.Passed(""));
    }

    @Test
    void aWrongPinIsAGuessAndAnythingElseIsAMissingPin() {
        assertThat(CHECK.check("4822 Hello", hashOf("4821"))).isInstanceOf(PinCheck.Wrong.class);
        assertThat(CHECK.check("48211 Hello", hashOf("4821"))).isInstanceOf(PinCheck.Wrong.class);
        assertThat(CHECK.check("Hello 4821", hashOf("4821"))).isInstanceOf(PinCheck.Missing.class);
        assertThat(CHECK.check("4821Hello", hashOf("4821"))).isInstanceOf(PinCheck.Missing.class);
        assertThat(CHECK.check("482 1 Hello", hashOf("4821"))).isInstanceOf(PinCheck.Missing.class);
        assertThat(CHECK.check("٤٨٢١ Hello", hashOf("4821"))).as("ASCII digits only").isInstanceOf(PinCheck.Missing.class);
        assertThat(CHECK.check("", hashOf("4821"))).isInstanceOf(PinCheck.Missing.class);
        assertThat(CHECK.check(null, hashOf("4821"))).isInstanceOf(PinCheck.Missing.class);
    }

    @Test
    void theSplitNeverQuotesThePinWhenPrinted() {
        assertThat(PinCheck.split("4821 Hello").toString()).doesNotContain("4821");
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 3000)
    void neverThrowsOnAnyBody(@ForAll @StringLength(max = 400) String body) {
        assertThat(PinCheck.split(body)).isNotNull();
        assertThat(CHECK.check(body, hashOf("4821"))).isNotNull();
    }

    /** A PIN and a body that starts with it, with something close to it, or with anything at all. */
    record Attempt(String pin, String body) {
    }

    @Property(tries = 2000)
    void aBodyThatDoesNotStartWithThePinAndASeparatorIsNeverLetThrough(@ForAll("attempts") Attempt attempt) {
        String pin = attempt.pin();
        PinCheck.Result result = CHECK.check(attempt.body(), hashOf(pin));

        String stripped = attempt.body().strip();
        boolean startsWithPin = stripped.equals(pin)
                || stripped.startsWith(pin) && isSeparator(stripped.codePointAt(pin.length()));
        if (!startsWithPin) {
            assertThat(result).isNotInstanceOf(PinCheck.Passed.class);
        } else {
            String rest = stripped.equals(pin) ? ""
                    : stripped.substring(pin.length() + Character.charCount(stripped.codePointAt(pin.length())));
            assertThat(result).isEqualTo(new PinCheck.Passed(rest));
        }
    }

    @Property(tries = 1000)
    void theTextLetThroughIsWhatFollowsThePin(@ForAll("pins") String pin, @ForAll @StringLength(max = 300) String text) {
        PinCheck.Result result = CHECK.check(pin + " " + text, hashOf(pin));
        assertThat(result).isInstanceOf(PinCheck.Passed.class);
        String sent = (pin + " " + text).strip();
        assertThat(((PinCheck.Passed) result).text()).isEqualTo(sent.length() > pin.length() ? sent.substring(pin.length() + 1) : "");
    }

    @Provide
    Arbitrary<String> pins() {
        return Arbitraries.strings().numeric().ofMinLength(4).ofMaxLength(8);
    }

    @Provide
    Arbitrary<Attempt> attempts() {
        Arbitrary<String> pins = pins();
        Arbitrary<Integer> how = Arbitraries.integers().between(0, 6);
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(12);
        Arbitrary<String> separator = Arbitraries.of("", " ", "  ", "\t", "\n", "\u00A0", "\u2003", "-", ":", "0");
        Arbitrary<String> rest = Arbitraries.strings().ofMaxLength(60);
        return Combinators.combine(pins, how, noise, separator, rest).as((pin, choice, other, sep, text) -> {
            String prefix = switch (choice) {
                case 0, 1 -> pin;
                case 2 -> pin + "7";
                case 3 -> pin.substring(1);
                case 4 -> (pin.charAt(0) == '9' ? "0" : String.valueOf((char) (pin.charAt(0) + 1))) + pin.substring(1);
                case 5 -> other + pin;
                default -> other;
            };
            return new Attempt(pin, prefix + sep + text);
        });
    }

    private static boolean isSeparator(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }
}
