package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.json.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Through SLF4J as the functions and the AWS SDK call it, read from an attached sink. */
class LambdaLogProviderTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private AutoCloseable sink;

    @BeforeEach
    void attach() {
        sink = LogSinks.attach(lines::add);
    }

    @AfterEach
    void detach() throws Exception {
        sink.close();
        MDC.clear();
    }

    @Test
    void slf4jIsBoundToThisProviderAlone() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LineLoggerFactory.class);
        assertThat(MDC.getMDCAdapter()).isInstanceOf(ThreadMdc.class);
    }

    @Test
    void parametersAreFilledInAndATrailingThrowableIsTheCallsThrowable() {
        Logger log = LoggerFactory.getLogger("io.smsgate.test.Provider");
        log.warn("rejected: reason={} detail={}", "INVALID_NUMBER", "too short", new IllegalArgumentException("bad"));
        // SLF4J 2's rule (AbstractLogger): a last argument that is a Throwable is the call's throwable, even
        // where a placeholder is left for it; the placeholder stays as it is.
        log.info("{} and {}", "one", new IllegalStateException("the throwable"));
        log.info("literal {} braces");

        assertThat(lines).hasSize(3);
        JsonNode first = Json.tree(lines.get(0));
        assertThat(first.path("message").asText()).isEqualTo("rejected: reason=INVALID_NUMBER detail=too short");
        assertThat(first.path("level").asText()).isEqualTo("WARN");
        assertThat(first.path("logger").asText()).isEqualTo("io.smsgate.test.Provider");
        assertThat(first.path("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(first.path("errorMessage").asText()).isEqualTo("bad");
        assertThat(first.path("stackTrace").asText()).startsWith("java.lang.IllegalArgumentException: bad");
        JsonNode second = Json.tree(lines.get(1));
        assertThat(second.path("message").asText()).isEqualTo("one and {}");
        assertThat(second.path("errorMessage").asText()).isEqualTo("the throwable");
        assertThat(Json.tree(lines.get(2)).path("message").asText()).isEqualTo("literal {} braces");
    }

    @Test
    void levelsAreHonestAndADisabledCallWritesNothing() {
        Logger ours = LoggerFactory.getLogger("io.smsgate.test.Levels");
        Logger sdk = LoggerFactory.getLogger("software.amazon.awssdk.request");

        assertThat(ours.isInfoEnabled()).isTrue();
        assertThat(ours.isDebugEnabled()).isFalse();
        assertThat(sdk.isInfoEnabled()).isFalse();
        assertThat(sdk.isWarnEnabled()).isTrue();
        ours.debug("not written");
        sdk.info("not written");
        sdk.warn("written");
        ours.atInfo().setMessage("fluent {}").addArgument(1).log();

        assertThat(lines).extracting(line -> Json.tree(line).path("message").asText()).containsExactly("written", "fluent 1");
    }

    @Test
    void theLoggingContextIsOnEveryLineInsideTheBlockAndOnlyOnThisThread() throws Exception {
        Logger log = LoggerFactory.getLogger("io.smsgate.test.Context");
        AtomicReference<Thread> other = new AtomicReference<>();
        try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, "m-1")) {
            log.info("inside");
            Thread thread = new Thread(() -> log.info("another thread, started inside"));
            other.set(thread);
            thread.start();
            thread.join();
        }
        log.info("after");

        assertThat(lines).hasSize(3);
        assertThat(Json.tree(lines.get(0)).path("inboundMessageId").asText()).isEqualTo("m-1");
        assertThat(Json.tree(lines.get(1)).has("inboundMessageId")).as("not inherited").isFalse();
        assertThat(Json.tree(lines.get(2)).has("inboundMessageId")).isFalse();
    }

    @Test
    void metricsLinesReachTheSinkWithTheirDocumentAsTheMessage() {
        new EmfMetrics("smsgate", "InboundSmsFunction", java.time.Clock.systemUTC()).count("InboundRejected", java.util.Map.of("Reason", "X"));

        JsonNode line = Json.tree(lines.getFirst());
        assertThat(line.path("logger").asText()).isEqualTo("smsgate.metrics");
        assertThat(Json.tree(line.path("message").asText()).path("InboundRejected").asInt()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void codeThatCannotNameLogSinksAttachesThroughTheFactory() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        var attach = (Function<java.util.function.Consumer<String>, AutoCloseable>) LoggerFactory.getILoggerFactory();
        try (AutoCloseable handle = attach.apply(seen::add)) {
            LoggerFactory.getLogger("io.smsgate.test.Factory").info("seen");
        }
        LoggerFactory.getLogger("io.smsgate.test.Factory").info("not seen");

        assertThat(seen).singleElement().satisfies(line -> assertThat(Json.tree(line).path("message").asText()).isEqualTo("seen"));
    }
}
