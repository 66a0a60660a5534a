package io.smsgate.local.cli;

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

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("policies.yaml"), yaml);
    }

    private void assertRefused(String yaml, String message) throws IOException {
        Path file = file(yaml);
        assertThatThrownBy(() -> PolicyFile.read(file)).isInstanceOf(PolicyException.class).hasMessageContaining(message);
    }
}
