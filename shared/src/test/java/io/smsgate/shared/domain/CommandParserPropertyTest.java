package io.smsgate.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class CommandParserPropertyTest {
    private static final List<String> KEYWORDS = Stream.of(CommandParser.OPT_OUT_WORDS, CommandParser.OPT_IN_WORDS,
            CommandParser.HELP_WORDS, CommandParser.UNDO_WORDS).flatMap(List::stream).toList();

    private final CommandParser parser = CommandParser.standard();

    @Property(tries = 2000)
    void neverThrowsOnAnyString(@ForAll @StringLength(max = 400) String body) {
        assertThat(parser.parse(body)).isNotNull();
    }

    /** The parser skips NFKC for ASCII text (CommandParser.keyword): it must be the identity there. */
    @Property(tries = 2000)
    void nfkcLeavesAsciiAsItIs(@ForAll("ascii") String body) {
        assertThat(java.text.Normalizer.normalize(body, java.text.Normalizer.Form.NFKC)).isEqualTo(body);
    }

    @Provide
    Arbitrary<String> ascii() {
        return Arbitraries.strings().withCharRange((char) 0, (char) 0x7f).ofMaxLength(80);
    }

    @Property(tries = 1000)
    void neverThrowsOnAnyUnicode(@ForAll("unicode") String body) {
        assertThat(parser.parse(body)).isNotNull();
    }

    @Property(tries = 1000)
    void aKeywordWithOtherWordsAroundIsAPost(@ForAll("keywordInSentence") String body) {
        assertThat(parser.parse(body)).isInstanceOf(Command.Post.class);
    }

    @Property(tries = 1000)
    void aKeywordGluedToLettersIsAPost(@ForAll("keywordInWord") String body) {
        assertThat(parser.parse(body)).isInstanceOf(Command.Post.class);
    }

    @Property(tries = 1000)
    void anOptOutWordAloneInAnyCaseWithPunctuationOptsOut(@ForAll("decoratedOptOutWord") String body) {
        assertThat(parser.parse(body)).isInstanceOf(Command.OptOut.class);
    }

    @Property(tries = 3000)
    void optsOutExactlyWhenTheKeywordIsTheWholeMessage(@ForAll("keywordWithAsciiAround") String body) {
        String core = stripNonAlphanumeric(body).toUpperCase(java.util.Locale.ROOT);
        boolean wholeWord = CommandParser.OPT_OUT_WORDS.contains(core);
        assertThat(parser.parse(body) instanceof Command.OptOut).as("'%s'", body).isEqualTo(wholeWord);
    }

    @Property(tries = 1000)
    void aPinThenUndoIsAlwaysAnUndo(@ForAll("pinThenUndo") String body) {
        assertThat(parser.parse(body)).as("'%s'", body).isEqualTo(new Command.Undo("UNDO"));
    }

    @Property(tries = 1000)
    void aPinThenAnythingButUndoAloneIsAPostOfTheWholeText(@ForAll("pin") String pin, @ForAll @StringLength(max = 40) String rest) {
        String body = pin + " " + rest;
        net.jqwik.api.Assume.that(!CommandParser.keyword(rest.strip()).map("UNDO"::equals).orElse(false));
        Command command = parser.parse(body);
        assertThat(command).isInstanceOf(Command.Post.class);
        assertThat(((Command.Post) command).text()).isEqualTo(body.strip());
    }

    @Provide
    Arbitrary<String> pin() {
        return Arbitraries.strings().numeric().ofMinLength(4).ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> pinThenUndo() {
        Arbitrary<String> spaces = Arbitraries.of(" ", "  ", "\t", " \n ");
        Arbitrary<String> undo = Arbitraries.of("UNDO", "undo", "Undo", "uNdO", "UNDO!", "undo.", "...undo");
        return Combinators.combine(Arbitraries.of("", " "), pin(), spaces, undo, Arbitraries.of("", " ", "\n"))
                .as((a, p, s, u, b) -> a + p + s + u + b);
    }

    private static String stripNonAlphanumeric(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && !Character.isLetterOrDigit(text.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    @Provide
    Arbitrary<String> keywordWithAsciiAround() {
        Arbitrary<String> around = Arbitraries.strings().withChars("ab ZT.!-,\t").ofMaxLength(3);
        return Combinators.combine(around, Arbitraries.of(CommandParser.OPT_OUT_WORDS).map(this::randomCase), around)
                .as((before, key, after) -> before + key + after);
    }

    @Provide
    Arbitrary<String> unicode() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> keywordInSentence() {
        Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> keyword = Arbitraries.of(KEYWORDS).map(this::randomCase);
        return Combinators.combine(word, keyword, Arbitraries.integers().between(0, 2))
                .as((other, key, where) -> switch (where) {
                    case 0 -> other + " " + key;
                    case 1 -> key + " " + other;
                    default -> other + " " + key + " " + other;
                });
    }

    @Provide
    Arbitrary<String> keywordInWord() {
        Arbitrary<String> letters = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(5);
        return Combinators.combine(letters, Arbitraries.of(KEYWORDS), Arbitraries.integers().between(0, 2))
                .as((glue, key, where) -> switch (where) {
                    case 0 -> glue + key;
                    case 1 -> key + glue;
                    default -> glue + key + glue;
                })
                .filter(word -> !KEYWORDS.contains(word.toUpperCase(java.util.Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> decoratedOptOutWord() {
        Arbitrary<String> padding = Arbitraries.strings().withChars(" \t\n.,!?;:-\"'()").ofMaxLength(4);
        return Combinators.combine(padding, Arbitraries.of(CommandParser.OPT_OUT_WORDS).map(this::randomCase), padding)
                .as((before, key, after) -> before + key + after);
    }

    private String randomCase(String word) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append((word.hashCode() >> (i % 16) & 1) == 0 ? Character.toLowerCase(c) : c);
        }
        return out.toString();
    }
}
