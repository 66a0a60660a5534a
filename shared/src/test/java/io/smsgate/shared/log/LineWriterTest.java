package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** What reaches Lambda's logger (outside Lambda, LambdaRuntime's logger writes to standard output). */
class LineWriterTest {
    private static final long AT = 1_764_669_600_007L;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStandardOutput() {
        original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(original);
    }

    private static LineWriter writer(Map<String, String> environment, Map<String, String> properties) {
        return new LineWriter(LogConfig.from(environment::get, properties::get));
    }

    private String written() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormatWritesOneJsonObjectAndANewlinePerEvent() {
        writer(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON"), Map.of())
                .write(new LogEvent(AT, Level.INFO, "a.B", "line \"one\"\nstill one", Map.of("inboundMessageId", "m-1"), null));

        assertThat(written()).endsWith("}\n").hasLineCount(1);
        assertThat(Json.tree(written()).path("message").asText()).isEqualTo("line \"one\"\nstill one");
        assertThat(Json.tree(written()).path("inboundMessageId").asText()).isEqualTo("m-1");
    }

    @Test
    void textFormatWritesThePattern() {
        writer(Map.of(), Map.of()).write(new LogEvent(AT, Level.WARN, "a.B", "m", Map.of(), null));

        assertThat(written()).isEqualTo("2025-12-02T10:00:00.007Z WARN  B {} - m\n");
    }

    @Test
    void metricsAreWrittenVerbatimInEitherFormat() {
        String emf = "{\"_aws\":{\"Timestamp\":1},\"InboundRejected\":1}";
        writer(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON"), Map.of())
                .write(new LogEvent(AT, Level.INFO, "smsgate.metrics", emf, Map.of("inboundMessageId", "m-1"), null));
        writer(Map.of(), Map.of()).write(new LogEvent(AT, Level.INFO, "smsgate.metrics", emf, Map.of(), null));

        assertThat(written()).isEqualTo(emf + "\n" + emf + "\n");
    }

    @Test
    void withOutputNoneOnlyTheSinksSeeTheLine() throws Exception {
        List<String> seen = new ArrayList<>();
        try (AutoCloseable ignored = LogSinks.attach(seen::add)) {
            writer(Map.of(), Map.of("smsgate.log.output", "none")).write(new LogEvent(AT, Level.INFO, "a.B", "quiet", Map.of(), null));
        }

        assertThat(written()).isEmpty();
        assertThat(seen).singleElement().satisfies(line -> assertThat(Json.tree(line).path("message").asText()).isEqualTo("quiet"));
    }
}
