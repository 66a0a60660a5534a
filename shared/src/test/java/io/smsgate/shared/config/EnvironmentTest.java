package io.smsgate.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
    private final Environment env = new Environment(Map.of(
            "TABLE", " posts ", "FLAG", "true", "BAD_FLAG", "maybe", "LIMIT", "12", "LIST", "+1, ,+2,", "SECONDS", "30"));

    @Test
    void readsTypedValues() {
        assertThat(env.require("TABLE")).isEqualTo("posts");
        assertThat(env.flag("FLAG", false)).isTrue();
        assertThat(env.flag("ABSENT", true)).isTrue();
        assertThat(env.integer("LIMIT", 1, 1, 100)).isEqualTo(12);
        assertThat(env.list("LIST")).containsExactly("+1", "+2");
        assertThat(env.seconds("SECONDS", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMissingOrMalformedVariableFailsWithItsName() {
        assertThatThrownBy(() -> env.require("POSTS_TABLE_NAME"))
                .isInstanceOf(MissingConfigurationException.class).hasMessageContaining("POSTS_TABLE_NAME");
        assertThatThrownBy(() -> env.flag("BAD_FLAG", false)).hasMessageContaining("BAD_FLAG");
        assertThatThrownBy(() -> env.integer("LIMIT", 1, 1, 10)).hasMessageContaining("LIMIT");
    }
}
