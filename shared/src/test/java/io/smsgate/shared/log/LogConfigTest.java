package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogConfigTest {
    private static LogConfig config(Map<String, String> environment, Map<String, String> properties) {
        return LogConfig.from(environment::get, properties::get);
    }

    @Test
    void byDefaultInfoTextOutputTheSdkAtWarnAndMetricsAtInfo() {
        LogConfig config = config(Map.of(), Map.of());

        assertThat(config.json()).isFalse();
        assertThat(config.direct()).isTrue();
        assertThat(config.levelOf("io.smsgate.inbound.InboundSmsService")).isEqualTo(Level.INFO);
        assertThat(config.levelOf("software.amazon.awssdk.request")).isEqualTo(Level.WARN);
        assertThat(config.levelOf("software.amazon.awssdk")).isEqualTo(Level.WARN);
        assertThat(config.levelOf("software.amazon.awssdkx")).as("whole segments only").isEqualTo(Level.INFO);
        assertThat(config.levelOf("smsgate.metrics")).isEqualTo(Level.INFO);
    }

    @Test
    void lambdasLogFormatAndApplicationLogLevel() {
        LogConfig config = config(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON", "AWS_LAMBDA_LOG_LEVEL", "debug"), Map.of());

        assertThat(config.json()).isTrue();
        assertThat(config.levelOf("io.smsgate.posting.PostingService")).isEqualTo(Level.DEBUG);
        assertThat(config.levelOf("software.amazon.awssdk.request")).isEqualTo(Level.WARN);
        assertThat(config.levelOf("smsgate.metrics")).as("metrics are not debug lines").isEqualTo(Level.INFO);
        assertThat(config(Map.of("AWS_LAMBDA_LOG_LEVEL", "FATAL"), Map.of()).levelOf("x")).isEqualTo(Level.ERROR);
        assertThat(config(Map.of("AWS_LAMBDA_LOG_LEVEL", "loud"), Map.of()).levelOf("x")).isEqualTo(Level.INFO);
        assertThat(config(Map.of("AWS_LAMBDA_LOG_FORMAT", "Text"), Map.of()).json()).isFalse();
    }

    @Test
    void anOperatorSetsLevelsByPrefixTheLongestPrefixWinning() {
        LogConfig config = config(Map.of("SMSGATE_LOG_LEVELS", "software.amazon.awssdk=DEBUG, io.smsgate=WARN,io.smsgate.posting=TRACE,bad,x=LOUD"),
                Map.of());

        assertThat(config.levelOf("software.amazon.awssdk.request")).isEqualTo(Level.DEBUG);
        assertThat(config.levelOf("io.smsgate.inbound.InboundSmsService")).isEqualTo(Level.WARN);
        assertThat(config.levelOf("io.smsgate.posting.PostingService")).isEqualTo(Level.TRACE);
        assertThat(config.levelOf("x")).as("an unknown level is ignored").isEqualTo(Level.INFO);
    }

    @Test
    void theSystemPropertyWinsOverTheVariableAndTurnsDirectOutputOff() {
        LogConfig config = config(Map.of("SMSGATE_LOG_LEVELS", "org.testcontainers=ERROR"),
                Map.of("smsgate.log.levels", "org.testcontainers=WARN", "smsgate.log.output", "none"));

        assertThat(config.levelOf("org.testcontainers.DockerClientFactory")).isEqualTo(Level.WARN);
        assertThat(config.direct()).isFalse();
    }
}
