package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.slf4j.event.Level;

/** Any message, logger name, context or exception text is one valid JSON line that reads back as written. */
class LogLinePropertyTest {
    /** Strict: duplicate keys, trailing content and unescaped control characters all fail the read. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_UNQUOTED_CONTROL_CHARS)
            .build();

    private static final Set<String> STANDARD = Set.of("timestamp", "level", "message", "logger", "errorType", "errorMessage", "stackTrace");

    @Property(tries = 2000)
    void everyEventIsOneValidJsonLine(@ForAll("texts") String message, @ForAll("texts") String logger,
                                      @ForAll("contexts") Map<String, String> context, @ForAll("texts") String errorText,
                                      @ForAll boolean withThrowable, @ForAll boolean stackTraceAsText) throws Exception {
        Throwable thrown = withThrowable ? new IllegalStateException(errorText) : null;
        String line = LogLine.json(new LogEvent(1_764_633_600_123L, Level.WARN, logger, message, context, thrown), stackTraceAsText);

        assertThat(line).doesNotContain("\n", "\r");
        JsonNode read = STRICT.readTree(strictUtf8(line.getBytes(StandardCharsets.UTF_8)));

        assertThat(read.path("message").asText()).isEqualTo(asStored(message));
        assertThat(read.path("logger").asText()).isEqualTo(asStored(logger));
        assertThat(read.path("level").asText()).isEqualTo("WARN");
        assertThat(read.path("timestamp").asText()).isEqualTo("2025-12-02T00:00:00.123Z");
        Map<String, String> expected = new HashMap<>();
        new TreeMap<>(context).forEach((key, value) -> {
            if (!STANDARD.contains(asStored(key))) {
                expected.putIfAbsent(asStored(key), asStored(value));
            }
        });
        Map<String, String> fields = new HashMap<>();
        read.fields().forEachRemaining(field -> {
            if (!STANDARD.contains(field.getKey())) {
                fields.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
            }
        });
        assertThat(fields).isEqualTo(expected);
        if (withThrowable) {
            assertThat(read.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(read.path("errorMessage").asText()).isEqualTo(asStored(errorText));
            assertThat(read.path("stackTrace").isTextual()).isEqualTo(stackTraceAsText);
        } else {
            assertThat(read.has("errorType")).isFalse();
        }
    }

    @Property(tries = 2000)
    void theTimestampIsUtcToTheMillisecond(@ForAll @LongRange(min = 0, max = 253_402_300_799_999L) long epochMillis) {
        String expected = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(epochMillis));
        assertThat(LogLine.timestamp(epochMillis)).isEqualTo(expected);
    }

    /** Text as it is once encoded: UTF-8 has no lone surrogate, which becomes '?'. */
    private static String asStored(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars("\"\\\n\r\t\u0000\u001f\u007f\u2028\u2029{}é漢\uD83D\uDE00\uD800\uDC00").ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u0000', '\u0020').ofMaxLength(10));
    }

    @Provide
    Arbitrary<Map<String, String>> contexts() {
        Arbitrary<String> keys = Arbitraries.oneOf(texts(), Arbitraries.of("inboundMessageId", "verificationId", "message", "level"));
        return Arbitraries.maps(keys, texts()).ofMaxSize(4).map(HashMap::new);
    }
}
