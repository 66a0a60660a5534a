package io.smsgate.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.MissingConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostingConfigTest {
    private static final Map<String, String> REQUIRED = Map.of(
            "PHONE_LINKS_TABLE_NAME", "links", "POSTS_TABLE_NAME", "posts", "COUNTERS_TABLE_NAME", "counters",
            "POSTS_TOPIC_ARN", "arn:posts", "OUTBOUND_SMS_TOPIC_ARN", "arn:outbound", "SECURITY_EVENTS_TOPIC_ARN", "arn:security");

    @Test
    void defaultsAreTheIssuesNumbers() {
        PostingConfig config = PostingConfig.from(new Environment(REQUIRED));
        assertThat(config.coolingOff()).isEqualTo(Duration.ofHours(24));
        assertThat(config.maxPinFailures()).isEqualTo(5);
        assertThat(config.undoWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.unavailableReplyPeriod()).isEqualTo(Duration.ofHours(24));
        assertThat(config.repliesPerHour()).isEqualTo(5);
        assertThat(PostingConfig.MAX_POST_LENGTH).isEqualTo(280);
    }

    @Test
    void theCoolingOffPeriodIsConfigurable() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put("POSTING_COOLING_OFF_SECONDS", "3600");
        assertThat(PostingConfig.from(new Environment(env)).coolingOff()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMissingVariableIsNamed() {
        for (String name : REQUIRED.keySet()) {
            Map<String, String> env = new HashMap<>(REQUIRED);
            env.remove(name);
            assertThatThrownBy(() -> PostingConfig.from(new Environment(env)))
                    .isInstanceOf(MissingConfigurationException.class).hasMessageContaining(name);
        }
    }
}
