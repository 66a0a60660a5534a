package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.MissingConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guessing bounds rest on two ceilings no configuration can raise: 5 checks per verification, 100 failures per number. */
class TwoFactorLimitsTest {
    @Test
    void theDefaultsAreNistsAndTwiliosFigures() {
        TwoFactorLimits limits = TwoFactorLimits.from(new Environment(Map.of()));
        assertThat(limits.maxChecks()).isEqualTo(5);
        assertThat(limits.maxFailedChecksPerNumber()).isEqualTo(100);
        assertThat(limits.approvalRepeatWindow()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void neitherCeilingCanBeRaised() {
        assertThatThrownBy(() -> TwoFactorLimits.from(new Environment(Map.of("MAX_FAILED_CHECKS_PER_NUMBER", "101"))))
                .isInstanceOf(MissingConfigurationException.class).hasMessageContaining("MAX_FAILED_CHECKS_PER_NUMBER");
        assertThatThrownBy(() -> TwoFactorLimits.from(new Environment(Map.of("MAX_CHECKS_PER_VERIFICATION", "6"))))
                .isInstanceOf(MissingConfigurationException.class).hasMessageContaining("MAX_CHECKS_PER_VERIFICATION");
        assertThat(TwoFactorLimits.from(new Environment(Map.of("MAX_FAILED_CHECKS_PER_NUMBER", "3"))).maxFailedChecksPerNumber())
                .isEqualTo(3);
    }
}
