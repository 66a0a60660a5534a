package io.smsgate.shared.domain;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a message body into a {@link Command}. A keyword counts only when it is the whole message: one
 * word, any case, with surrounding whitespace and punctuation ignored. {@code stop}, {@code " STOP. "}
 * and {@code STOP!} opt out; {@code Stop the war} and {@code weekend} are posts. (A public sample once
 * matched {@code 'END' in body} and opted out everyone who wrote "weekend".)
 *
 * <p>Never throws: any string is either a keyword or a post.
 */
public final class CommandParser {
    public static final List<String> OPT_OUT_WORDS = List.of(
            "ARRET", "CANCEL", "END", "OPT-OUT", "OPTOUT", "QUIT", "REMOVE", "STOP", "STOPALL", "TD", "UNSUBSCRIBE");
    public static final List<String> OPT_IN_WORDS = List.of("START", "UNSTOP", "YES");
    public static final List<String> HELP_WORDS = List.of("HELP", "INFO");
    public static final List<String> UNDO_WORDS = List.of("UNDO");

    private final Map<String, Function<String, Command>> keywords;

    private CommandParser(Map<String, Function<String, Command>> keywords) {
        this.keywords = Map.copyOf(keywords);
    }

    /** Every keyword smsgate knows: the compliance keywords (opt-out, opt-in, help) and UNDO. */
    public static CommandParser standard() {
        Map<String, Function<String, Command>> keywords = new HashMap<>();
        OPT_OUT_WORDS.forEach(word -> keywords.put(word, Command.OptOut::new));
        OPT_IN_WORDS.forEach(word -> keywords.put(word, Command.OptIn::new));
        HELP_WORDS.forEach(word -> keywords.put(word, Command.Help::new));
        UNDO_WORDS.forEach(word -> keywords.put(word, Command.Undo::new));
        return new CommandParser(keywords);
    }

    public Command parse(String body) {
        String text = body == null ? "" : body.strip();
        Optional<Command> undoAfterPin = undoAfterPin(text);
        if (undoAfterPin.isPresent()) {
            return undoAfterPin.get();
        }
        return keyword(text)
                .flatMap(word -> Optional.ofNullable(keywords.get(word)).map(factory -> factory.apply(word)))
                .orElseGet(() -> new Command.Post(text));
    }

    /**
     * {@code PIN UNDO}: a person who posts with {@code <PIN> <text>} will type {@code <PIN> UNDO} to take a
     * post back, and means UNDO, not a post of the word. The first word shaped like a PIN (4 to 8 ASCII
     * digits) is dropped unchecked (UNDO needs no PIN, and the PIN goes no further than here); what
     * follows must be an UNDO word on its own, by the same rule as a bare keyword. Only UNDO: a PIN
     * before STOP or HELP is a post, as before (opt-out words stand alone by the carriers' rules).
     */
    private Optional<Command> undoAfterPin(String text) {
        int i = 0;
        while (i < text.length() && i < 8 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i < 4 || i >= text.length() || !(Character.isWhitespace(text.charAt(i)) || Character.isSpaceChar(text.charAt(i)))) {
            return Optional.empty();
        }
        return keyword(text.substring(i).strip())
                .filter(UNDO_WORDS::contains)
                .map(Command.Undo::new);
    }

    /** The message as a single upper-case word without surrounding punctuation, if it is one word. */
    static Optional<String> keyword(String text) {
        if (text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        // NFKC leaves ASCII as it is; only other text loads and runs the normalizer (about 70 ms the first time).
        String folded = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        int start = 0;
        int end = folded.length();
        while (start < end && !Character.isLetterOrDigit(folded.codePointAt(start))) {
            start += Character.charCount(folded.codePointAt(start));
        }
        while (end > start && !Character.isLetterOrDigit(folded.codePointBefore(end))) {
            end -= Character.charCount(folded.codePointBefore(end));
        }
        String word = folded.substring(start, end);
        if (word.isEmpty() || word.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
            return Optional.empty();
        }
        return Optional.of(word.toUpperCase(Locale.ROOT));
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
