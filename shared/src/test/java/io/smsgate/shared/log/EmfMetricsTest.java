package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {
    @Test
    void writesAnEmbeddedMetricFormatDocument() {
        EmfMetrics metrics = new EmfMetrics("smsgate", "InboundSmsFunction", Clock.fixed(Instant.ofEpochMilli(1234), ZoneOffset.UTC));
        JsonNode line = Json.tree(metrics.line("InboundRejected", Map.of("Reason", "INVALID_NUMBER")));

        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(1234);
        assertThat(directive.path("Namespace").asText()).isEqualTo("smsgate");
        assertThat(directive.path("Dimensions").get(0).toString()).isEqualTo("[\"Function\",\"Reason\"]");
        assertThat(directive.path("Metrics").get(0).path("Name").asText()).isEqualTo("InboundRejected");
        assertThat(line.path("Function").asText()).isEqualTo("InboundSmsFunction");
        assertThat(line.path("Reason").asText()).isEqualTo("INVALID_NUMBER");
        assertThat(line.path("InboundRejected").asInt()).isEqualTo(1);
    }

    @Test
    void aBreakdownPublishesTheSameValueUnderTheAlarmsDimensionsAndWithTheBreakdown() {
        EmfMetrics metrics = new EmfMetrics("smsgate", "VerificationApiFunction", Clock.fixed(Instant.ofEpochMilli(1234), ZoneOffset.UTC));
        JsonNode line = Json.tree(metrics.line("VerificationChecked", Map.of("Status", "APPROVED"), "Country", "GB"));

        JsonNode dimensions = line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions");
        assertThat(dimensions).hasSize(2);
        assertThat(dimensions.get(0).toString()).isEqualTo("[\"Function\",\"Status\"]");
        assertThat(dimensions.get(1).toString()).isEqualTo("[\"Function\",\"Status\",\"Country\"]");
        assertThat(line.path("Country").asText()).isEqualTo("GB");
        assertThat(line.path("VerificationChecked").asInt()).isEqualTo(1);
    }
}
