package io.smsgate.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A user error is one line and exit 2, never a stack trace unless --debug asks for one. */
class CliErrorsTest {
    @Test
    void anUnknownFunctionIsOneLineThatNamesTheFunctionsThereAre() {
        Cli.Run run = Cli.smsgate("invoke", "NoSuchFunction", "events/inbound-sms/post.json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("smsgate: template.yaml has no function NoSuchFunction; try one of ")
                .contains("InboundSmsFunction", "PostingFunction");
    }

    @Test
    void debugShowsTheStackTraceToo() {
        Cli.Run run = Cli.smsgate("invoke", "--debug", "NoSuchFunction", "events/inbound-sms/post.json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("smsgate: template.yaml has no function NoSuchFunction")
                .contains("UserError").contains("\tat io.smsgate.local.cli.run.InvokeCommand.call");
    }

    @Test
    void aMissingEventFileIsOneLine() {
        Cli.Run run = Cli.smsgate("invoke", "InboundSmsFunction", "events/nope.json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).singleElement().asString().startsWith("smsgate: no event file events/nope.json");
    }

    @Test
    void benchmarksAreVerbsOfBench() {
        Cli.Run unknown = Cli.smsgate("bench", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().lines()).singleElement().asString()
                .isEqualTo("smsgate: no benchmark nope: try bench cold-start, bench memory, bench pipeline, bench posting or bench burst");

        Cli.Run noSize = Cli.smsgate("bench", "memory", "--sizes", "64");
        assertThat(noSize.exit()).isEqualTo(2);
        assertThat(noSize.err().lines()).singleElement().asString()
                .isEqualTo("smsgate: bench memory: --sizes are Lambda memory sizes, 128 to 10240 MB");

        Cli.Run noRate = Cli.smsgate("bench", "burst", "--mps", "0");
        assertThat(noRate.exit()).isEqualTo(2);
        assertThat(noRate.err().lines()).singleElement().asString()
                .isEqualTo("smsgate: bench burst: --mps is a rate above 0, at most 1000 messages a second");
        Cli.Run tooMany = Cli.smsgate("bench", "burst", "--codes", "900", "--texts", "200");
        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err().lines()).singleElement().asString().contains("together 1 to 1000");

        assertThat(Cli.smsgate("bench-posting").exit()).isEqualTo(2); // The old spelling is gone.
        assertThat(Cli.smsgate("bench", "--help").out()).contains("posting");
    }
}
