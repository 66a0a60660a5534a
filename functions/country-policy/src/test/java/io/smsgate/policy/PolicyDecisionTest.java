package io.smsgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The decision table: which item applies (the country's, else DEFAULT, else none), what the GLOBAL
 * kill switch does, and how each command is treated. Columns: the country's own item, the DEFAULT
 * item, the GLOBAL item (- = absent), then the decision and the scope that decided.
 */
class PolicyDecisionTest {
    private static final CountryCode GB = CountryCode.of("GB");

    @ParameterizedTest(name = "POST with GB={0} DEFAULT={1} GLOBAL={2} -> {3} ({4})")
    @CsvSource({
            // country listed
            "ENABLED,  DISABLED, ENABLED,  APPROVED,         GB",
            "ENABLED,  -,        -,        APPROVED,         GB",
            "DISABLED, ENABLED,  ENABLED,  DENIED_COUNTRY,   GB",
            "DISABLED, -,        -,        DENIED_COUNTRY,   GB",
            // not listed: the default decides
            "-,        ENABLED,  ENABLED,  APPROVED,         DEFAULT",
            "-,        ENABLED,  -,        APPROVED,         DEFAULT",
            "-,        DISABLED, ENABLED,  DENIED_COUNTRY,   DEFAULT",
            // neither: nothing is allowed
            "-,        -,        ENABLED,  DENIED_NO_POLICY, -",
            "-,        -,        -,        DENIED_NO_POLICY, -",
            // the global kill switch beats everything
            "ENABLED,  ENABLED,  DISABLED, DENIED_GLOBAL,    GLOBAL",
            "-,        ENABLED,  DISABLED, DENIED_GLOBAL,    GLOBAL",
            "DISABLED, DISABLED, DISABLED, DENIED_GLOBAL,    GLOBAL",
            "-,        -,        DISABLED, DENIED_GLOBAL,    GLOBAL",
    })
    void post(String own, String fallback, String global, Decision expected, String decidedBy) {
        PolicyDecision decision = PolicyDecision.of(CommandName.POST, set(own, fallback, global));

        assertThat(decision.decision()).isEqualTo(expected);
        assertThat(decision.policy().map(CountryPolicy::scope).orElse("-")).isEqualTo(decidedBy);
    }

    @ParameterizedTest(name = "UNDO with GB={0} DEFAULT={1} GLOBAL={2} is approved")
    @CsvSource({
            "ENABLED,  ENABLED,  ENABLED",
            "DISABLED, DISABLED, ENABLED",
            "-,        -,        -",
            "ENABLED,  ENABLED,  DISABLED",
            "-,        -,        DISABLED",
    })
    void undoIsApprovedWhateverThePolicySays(String own, String fallback, String global) {
        assertThat(PolicyDecision.needsPolicy(CommandName.UNDO)).as("not even read").isFalse();
        assertThat(PolicyDecision.of(CommandName.UNDO, set(own, fallback, global)).decision()).isEqualTo(Decision.APPROVED_SAFETY);
        assertThat(PolicyDecision.withoutPolicy(CommandName.UNDO).decision()).isEqualTo(Decision.APPROVED_SAFETY);
    }

    @ParameterizedTest
    @EnumSource(value = CommandName.class, names = {"HELP", "OPT_OUT", "OPT_IN"})
    void complianceKeywordsDoNotBelongHereAndAreDeniedWithoutAReply(CommandName command) {
        PolicyDecision decision = PolicyDecision.of(command, set("ENABLED", "ENABLED", "ENABLED"));
        assertThat(decision.decision()).isEqualTo(Decision.DENIED_UNKNOWN_COMMAND);
        assertThat(decision.decision().repliedTo()).isFalse();
        assertThat(PolicyDecision.needsPolicy(command)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(PostingAuth.class)
    void theApplicablePolicyIsTheOneCarriedForward(PostingAuth auth) {
        CountryPolicy gb = policy("GB", Feature.ENABLED, auth);
        PolicySet set = new PolicySet(GB, Optional.of(gb), Optional.of(policy(CountryPolicy.DEFAULT, Feature.ENABLED, PostingAuth.PIN)),
                Optional.empty());
        assertThat(PolicyDecision.of(CommandName.POST, set).policy()).contains(gb);
    }

    @ParameterizedTest
    @EnumSource(Decision.class)
    void onlyPolicyDenialsAreAnswered(Decision decision) {
        boolean expected = switch (decision) {
            case DENIED_COUNTRY, DENIED_GLOBAL, DENIED_NO_POLICY -> true;
            default -> false;
        };
        assertThat(decision.repliedTo()).isEqualTo(expected);
    }

    private static PolicySet set(String own, String fallback, String global) {
        return new PolicySet(GB, item("GB", own), item(CountryPolicy.DEFAULT, fallback), item(CountryPolicy.GLOBAL, global));
    }

    private static Optional<CountryPolicy> item(String scope, String posting) {
        return "-".equals(posting) ? Optional.empty() : Optional.of(policy(scope, Feature.valueOf(posting), PostingAuth.PIN));
    }

    private static CountryPolicy policy(String scope, Feature posting, PostingAuth auth) {
        return new CountryPolicy(scope, posting, Feature.ENABLED, auth, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 10, 5, 1000, "", null, null, 1);
    }
}
