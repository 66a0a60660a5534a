package io.smsgate.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {
    private final CommandParser parser = CommandParser.standard();

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", "Stop", " STOP. ", "STOP!", "\tstop\n", "...stop...", "ＳＴＯＰ", "STOP 🛑",
            "arret", "CANCEL", "end", "opt-out", "OPTOUT", "quit", "REMOVE", "stopall", "td", "Unsubscribe"})
    void optOutWordsOnTheirOwnOptOut(String body) {
        assertThat(parser.parse(body)).isInstanceOf(Command.OptOut.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start.", "unstop", "Yes", " YES! "})
    void optInWordsOptIn(String body) {
        assertThat(parser.parse(body)).isInstanceOf(Command.OptIn.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELP", "help?", "Info"})
    void helpWordsAskForHelp(String body) {
        assertThat(parser.parse(body)).isInstanceOf(Command.Help.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNDO", "undo", " Undo! "})
    void undoAloneAsksToDeleteTheLastPost(String body) {
        assertThat(parser.parse(body)).isEqualTo(new Command.Undo("UNDO"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Stop the war", "undo that", "UNDONE", "weekend", "See you at the weekend", "stopping by later", "the END",
            "STOP STOP", "opt out", "helpful", "pleasestop", "unsubscribed", "startup news", "S T O P", "STOP-NOW"})
    void keywordsInsideOtherTextArePosts(String body) {
        Command command = parser.parse(body);
        assertThat(command).isInstanceOf(Command.Post.class);
        assertThat(((Command.Post) command).text()).isEqualTo(body.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "!!!", "🙂"})
    void nothingToMatchIsAPostOfWhatWasSent(String body) {
        assertThat(parser.parse(body)).isInstanceOf(Command.Post.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4821 UNDO", "4821 undo", " 4821   Undo! ", "12345678 UNDO", "4821\tUNDO", "0000 undo."})
    void aPinThenUndoIsAnUndoNotAPostOfTheWord(String body) {
        assertThat(parser.parse(body)).isEqualTo(new Command.Undo("UNDO"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4821 UNDO that", "482 UNDO", "123456789 UNDO", "4821UNDO", "4821 STOP", "4821 HELP", "abcd UNDO",
            "4821 hello", "4821 UNDONE"})
    void onlyAPinShapedWordThenUndoAloneIsAnUndo(String body) {
        assertThat(parser.parse(body)).isInstanceOf(Command.Post.class);
    }

    @org.junit.jupiter.api.Test
    void keywordIsReportedInItsCanonicalForm() {
        assertThat(parser.parse(" stop. ")).isEqualTo(new Command.OptOut("STOP"));
        assertThat(parser.parse("opt-out")).isEqualTo(new Command.OptOut("OPT-OUT"));
    }
}
