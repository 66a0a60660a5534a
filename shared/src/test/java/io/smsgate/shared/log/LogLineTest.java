package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The fields and order aws-lambda-java-log4j2's LambdaLayout.json wrote, and log4j2.xml's text pattern. */
class LogLineTest {
    private static final long AT = 1_764_669_600_007L; // 2025-12-02T10:00:00.007Z

    @Test
    void jsonHasLambdaLayoutsFieldsInItsOrderWithTheContextAsFieldsOfTheirOwn() {
        String line = LogLine.json(new LogEvent(AT, Level.INFO, "io.smsgate.inbound.InboundSmsService", "accepted: command=POST",
                Map.of("verificationId", "v-1", "inboundMessageId", "m-1"), null), false);

        assertThat(line).isEqualTo("{\"timestamp\":\"2025-12-02T10:00:00.007Z\",\"level\":\"INFO\",\"message\":\"accepted: command=POST\","
                + "\"logger\":\"io.smsgate.inbound.InboundSmsService\",\"inboundMessageId\":\"m-1\",\"verificationId\":\"v-1\"}");
    }

    @Test
    void aThrowableGivesErrorTypeErrorMessageAndItsFrames() {
        IllegalStateException thrown = new IllegalStateException("table unavailable");
        JsonNode line = Json.tree(LogLine.json(new LogEvent(AT, Level.ERROR, "x", "failed", Map.of(), thrown), false));

        assertThat(fieldNames(line)).containsExactly("timestamp", "level", "message", "logger", "errorType", "errorMessage", "stackTrace");
        assertThat(line.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.path("errorMessage").asText()).isEqualTo("table unavailable");
        JsonNode top = line.path("stackTrace").path(0);
        assertThat(top.path("class").asText()).isEqualTo(LogLineTest.class.getName());
        assertThat(top.path("method").asText()).isEqualTo("aThrowableGivesErrorTypeErrorMessageAndItsFrames");
        assertThat(top.path("file").asText()).isEqualTo("LogLineTest.java");
        assertThat(top.path("line").asInt()).isPositive();
        assertThat(line.path("stackTrace")).hasSize(thrown.getStackTrace().length);
    }

    @Test
    void theCapturesStackTraceIsThePrintedTraceWithItsCauses() {
        Exception thrown = new IllegalStateException("outer", new java.io.IOException("inner"));
        JsonNode line = Json.tree(LogLine.json(new LogEvent(AT, Level.WARN, "x", "failed", Map.of(), thrown), true));

        assertThat(line.path("stackTrace").asText()).startsWith("java.lang.IllegalStateException: outer")
                .contains("Caused by: java.io.IOException: inner");
    }

    @Test
    void aContextEntryNamedLikeAFieldIsLeftOutRatherThanWrittenTwice() {
        JsonNode line = Json.tree(LogLine.json(new LogEvent(AT, Level.INFO, "x", "real", Map.of("message", "forged", "a", "b"), null), false));

        assertThat(line.path("message").asText()).isEqualTo("real");
        assertThat(fieldNames(line)).containsExactly("timestamp", "level", "message", "logger", "a");
    }

    @Test
    void textIsTheLog4jPattern() {
        assertThat(LogLine.text(new LogEvent(AT, Level.INFO, "io.smsgate.inbound.InboundSmsService", "accepted",
                Map.of("verificationId", "v-1", "inboundMessageId", "m-1"), null)))
                .isEqualTo("2025-12-02T10:00:00.007Z INFO  InboundSmsService {inboundMessageId=m-1, verificationId=v-1} - accepted\n");
        assertThat(LogLine.text(new LogEvent(AT, Level.ERROR, "Bare", "m", Map.of(), null)))
                .isEqualTo("2025-12-02T10:00:00.007Z ERROR Bare {} - m\n");
        assertThat(LogLine.text(new LogEvent(AT, Level.WARN, "a.b", "m", Map.of(), null))).contains(" WARN  b {} - m\n");
        assertThat(LogLine.text(new LogEvent(AT, Level.DEBUG, "a.b", "m", Map.of(), null))).contains(" DEBUG b {} - m\n");
    }

    @Test
    void textPutsTheStackTraceAfterTheMessage() {
        String text = LogLine.text(new LogEvent(AT, Level.ERROR, "a.B", "failed", Map.of(), new IllegalStateException("boom")));

        assertThat(text).startsWith("2025-12-02T10:00:00.007Z ERROR B {} - failed\njava.lang.IllegalStateException: boom\n\tat ")
                .endsWith("\n");
    }

    @Test
    void loneSurrogatesBecomeQuestionMarksAndPairsStay() {
        assertThat(LogLine.wellFormed("a\uD800b\uDC00c\uD83D\uDE00\uD83D")).isEqualTo("a?b?c\uD83D\uDE00?");
        assertThat(LogLine.wellFormed("plain")).isSameAs("plain") ;
    }

    private static List<String> fieldNames(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
