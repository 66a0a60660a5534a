package io.smsgate.local.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {
    @TempDir
    Path dir;

    @Test
    void theSeedIsWhatTheIssueAsksFor() {
        List<CountryPolicy> seed = PolicyFile.read(Path.of(System.getProperty("smsgate.root"), "policies", "seed.yaml"));

        CountryPolicy fallback = seed.stream().filter(p -> p.scope().equals("DEFAULT")).findFirst().orElseThrow();
        assertThat(fallback.smsPosting()).isEqualTo(Feature.DISABLED);
        assertThat(fallback.twoFactorSms()).isEqualTo(Feature.ENABLED);
        assertThat(fallback.postingAuth()).isEqualTo(PostingAuth.PIN);
        assertThat(fallback.maxPostsPerHourPerAccount()).isPositive();
        assertThat(fallback.maxCodesPerHourPerNumber()).isPositive();
        assertThat(fallback.maxCodesPerHourPerCountry()).isPositive();

        CountryPolicy global = seed.stream().filter(p -> p.scope().equals("GLOBAL")).findFirst().orElseThrow();
        assertThat(global.smsPosting()).as("nothing switched off").isEqualTo(Feature.ENABLED);
        assertThat(global.twoFactorSms()).isEqualTo(Feature.ENABLED);

        List<CountryPolicy> countries = seed.stream().filter(CountryPolicy::isCountry).toList();
        assertThat(countries).isNotEmpty().allSatisfy(country -> {
            assertThat(country.smsPosting()).isEqualTo(Feature.ENABLED);
            assertThat(country.note()).startsWith("EXAMPLE");
        });
        assertThat(countries).extracting(CountryPolicy::scope).contains("GB");
        assertThat(seed).allSatisfy(p -> assertThat(p.version()).isZero());

        assertThat(fallback.simSwapCheck()).as("countries not listed: not asked").isEqualTo(SimSwapCheck.OFF);
        CountryPolicy gb = seed.stream().filter(p -> p.scope().equals("GB")).findFirst().orElseThrow();
        assertThat(gb.simSwapCheck()).as("the example of BEST_EFFORT").isEqualTo(SimSwapCheck.BEST_EFFORT);
        assertThat(gb.simSwapMaxAgeHours()).isEqualTo(SimSwapCheck.DEFAULT_MAX_AGE_HOURS);
        assertThat(seed).as("no REQUIRED in a seed: it locks out every number the provider cannot answer for")
                .noneMatch(p -> p.simSwapCheck() == SimSwapCheck.REQUIRED);
    }

    @Test
    void theSimSwapFieldsAreReadAndOptional() throws IOException {
        String base = "scope: FR, smsPosting: ENABLED, twoFactorSms: ENABLED, postingAuth: PIN, "
                + "maxPostsPerHourPerAccount: 1, maxCodesPerHourPerNumber: 2, maxCodesPerHourPerCountry: 3";
        assertThat(PolicyFile.read(file("policies:\n  - {" + base + ", simSwapCheck: required, simSwapMaxAgeHours: 72}\n")))
                .singleElement().extracting(CountryPolicy::simSwapCheck, CountryPolicy::simSwapMaxAgeHours)
                .containsExactly(SimSwapCheck.REQUIRED, 72);
        assertThat(PolicyFile.read(file("policies:\n  - {" + base + ", simSwapCheck: BEST_EFFORT}\n")))
                .singleElement().extracting(CountryPolicy::simSwapCheck, CountryPolicy::simSwapMaxAgeHours)
                .containsExactly(SimSwapCheck.BEST_EFFORT, 240);
        assertThat(PolicyFile.read(file("policies:\n  - {" + base + "}\n")))
                .as("a file from before the check: OFF, as a table item without the fields reads")
                .singleElement().extracting(CountryPolicy::simSwapCheck, CountryPolicy::simSwapMaxAgeHours)
                .containsExactly(SimSwapCheck.OFF, 240);

        assertThat(PolicyFile.read(file("policies:\n  - {" + base + ", simSwapCheck: OFF}\n")))
                .as("bare OFF is YAML's false: still OFF").singleElement().extracting(CountryPolicy::simSwapCheck).isEqualTo(SimSwapCheck.OFF);
        assertRefused("policies:\n  - {" + base + ", simSwapCheck: on}\n", "simSwapCheck is a YAML boolean");
        assertRefused("policies:\n  - {" + base + ", simSwapCheck: MAYBE}\n", "(FR): simSwapCheck is MAYBE, not OFF | BEST_EFFORT | REQUIRED");
        assertRefused("policies:\n  - {" + base + ", simSwapCheck: }\n", "simSwapCheck is missing");
        assertRefused("policies:\n  - {" + base + ", simSwapMaxAgeHours: 0}\n",
                "(FR): simSwapMaxAgeHours must be a whole number of hours from 1 to 2400");
        assertRefused("policies:\n  - {" + base + ", simSwapMaxAgeHours: 2401}\n", "from 1 to 2400");
        assertRefused("policies:\n  - {" + base + ", simSwapMaxAgeHours: 240h}\n", "not 240h");
        assertRefused("policies:\n  - {" + base + ", simSwapMaxAgeHours: 1.5}\n", "not 1.5");
        assertRefused("policies:\n  - {scope: GLOBAL, smsPosting: ENABLED, twoFactorSms: ENABLED, simSwapCheck: OFF}\n",
                "GLOBAL only switches features off");
    }

    @Test
    void scopesAreIsoCodesInAnyCaseButNotUk() throws IOException {
        assertThat(PolicyFile.read(file("policies:\n  - {scope: gb, smsPosting: enabled, twoFactorSms: ENABLED, postingAuth: none,"
                + " maxPostsPerHourPerAccount: 1, maxCodesPerHourPerNumber: 2, maxCodesPerHourPerCountry: 3}\n")))
                .containsExactly(new CountryPolicy("GB", Feature.ENABLED, Feature.ENABLED, PostingAuth.NONE, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 1, 2, 3, "", null, null, 0));
        assertRefused("policies:\n  - {scope: UK, smsPosting: ENABLED}\n", "the United Kingdom is GB");
        assertRefused("policies:\n  - {scope: GBR, smsPosting: ENABLED}\n", "not an ISO 3166-1 alpha-2");
        assertRefused("policies:\n  - {scope: NO, smsPosting: ENABLED}\n", "scope: \"NO\"");
    }

    @Test
    void theReplyBudgetIsOptionalAndCheckedLikeTheOtherLimits() throws IOException {
        String full = "scope: FR, smsPosting: ENABLED, twoFactorSms: ENABLED, postingAuth: PIN, "
                + "maxPostsPerHourPerAccount: 1, maxCodesPerHourPerNumber: 2, maxCodesPerHourPerCountry: 3";
        assertThat(PolicyFile.read(file("policies:\n  - {" + full + ", maxRepliesPerHourPerCountry: 40}\n")).getFirst()
                .maxRepliesPerHourPerCountry()).isEqualTo(40);
        assertThat(PolicyFile.read(file("policies:\n  - {" + full + "}\n")).getFirst().maxRepliesPerHourPerCountry())
                .as("a file written before the field").isEqualTo(CountryPolicy.DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY);
        assertRefused("policies:\n  - {" + full + ", maxRepliesPerHourPerCountry: -1}\n", "maxRepliesPerHourPerCountry must be a whole number");
        assertRefused("policies:\n  - {scope: GLOBAL, smsPosting: ENABLED, twoFactorSms: ENABLED, maxRepliesPerHourPerCountry: 1}\n",
                "unexpected maxRepliesPerHourPerCountry");
    }

    @Test
    void everyFieldIsCheckedAndNamed() throws IOException {
        String full = "scope: FR, smsPosting: ENABLED, twoFactorSms: ENABLED, postingAuth: PIN, "
                + "maxPostsPerHourPerAccount: 1, maxCodesPerHourPerNumber: 2, maxCodesPerHourPerCountry: 3";
        assertRefused("policies:\n  - {" + full.replace(", maxCodesPerHourPerCountry: 3", "") + "}\n", "maxCodesPerHourPerCountry is missing");
        assertRefused("policies:\n  - {" + full + ", colour: blue}\n", "unexpected colour");
        assertRefused("policies:\n  - {" + full.replace("smsPosting: ENABLED", "smsPosting: MAYBE") + "}\n", "smsPosting is MAYBE");
        assertRefused("policies:\n  - {" + full.replace("maxPostsPerHourPerAccount: 1", "maxPostsPerHourPerAccount: -1") + "}\n",
                "maxPostsPerHourPerAccount must be a whole number");
        assertRefused("policies:\n  - {" + full + "}\n  - {" + full + "}\n", "FR appears twice");
        assertRefused("policies:\n  - {scope: GLOBAL, smsPosting: ENABLED, twoFactorSms: ENABLED, postingAuth: PIN}\n",
                "GLOBAL only switches features off");
        assertRefused("countries: []\n", "policies:");
        assertRefused("policies: [\n", "not valid YAML");
    }

    @Test
    void thePumpingGuardFieldsAreReadOneByOneAndDefaultWhenLeftOut() throws IOException {
        String base = "scope: FR, smsPosting: ENABLED, twoFactorSms: ENABLED, postingAuth: PIN, "
                + "maxPostsPerHourPerAccount: 1, maxCodesPerHourPerNumber: 2, maxCodesPerHourPerCountry: 3";
        assertThat(PolicyFile.read(file("policies:\n  - {" + base + "}\n"))).singleElement()
                .extracting(CountryPolicy::pumpingGuard).isEqualTo(io.smsgate.shared.domain.PumpingGuardPolicy.DEFAULTS);
        assertThat(PolicyFile.read(file("policies:\n  - {" + base + ", pumpingPrefixDigits: 3, pumpingMinCodesPerPrefix: 0,"
                + " pumpingConversionFloorPercent: 35, pumpingThrottleMinutes: 60}\n"))).singleElement()
                .extracting(CountryPolicy::pumpingGuard).isEqualTo(new io.smsgate.shared.domain.PumpingGuardPolicy(3, 0, 200, 35, 60));
        assertRefused("policies:\n  - {" + base + ", pumpingConversionFloorPercent: 120}\n",
                "pumpingConversionFloorPercent must be a whole number from 0 to 100, not 120");
        assertRefused("policies:\n  - {" + base + ", pumpingPrefixDigits: four}\n", "pumpingPrefixDigits must be a whole number from 1 to 8");
        assertRefused("policies:\n  - {scope: GLOBAL, smsPosting: ENABLED, twoFactorSms: ENABLED, pumpingThrottleMinutes: 5}\n",
                "unexpected pumpingThrottleMinutes");
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("policies.yaml"), yaml);
    }

    private void assertRefused(String yaml, String message) throws IOException {
        Path file = file(yaml);
        assertThatThrownBy(() -> PolicyFile.read(file)).isInstanceOf(PolicyException.class).hasMessageContaining(message);
    }
}
