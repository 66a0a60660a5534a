package io.smsgate.local.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.SimSwapCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The policy file's SIM-swap fields take any text an operator may write: only the valid values pass, the rest are named. */
class PolicyFileSimSwapPropertyTest {
    private static final String BASE = "scope: FR, smsPosting: ENABLED, twoFactorSms: ENABLED, postingAuth: PIN, "
            + "maxPostsPerHourPerAccount: 1, maxCodesPerHourPerNumber: 2, maxCodesPerHourPerCountry: 3";
    private static final List<String> NAMES = Arrays.stream(SimSwapCheck.values()).map(Enum::name).toList();

    private static List<CountryPolicy> read(String fields) throws IOException {
        Path file = Files.createTempFile("policies", ".yaml");
        try {
            Files.writeString(file, "policies:\n  - {" + BASE + ", " + fields + "}\n");
            return PolicyFile.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 200)
    void everyWholeNumberOfHoursIsAcceptedExactlyWithinCamarasRange(@ForAll @IntRange(min = -5000, max = 5000) int hours) throws IOException {
        if (hours >= 1 && hours <= 2400) {
            assertThat(read("simSwapMaxAgeHours: " + hours).getFirst().simSwapMaxAgeHours()).isEqualTo(hours);
        } else {
            assertThatThrownBy(() -> read("simSwapMaxAgeHours: " + hours)).isInstanceOf(PolicyException.class)
                    .hasMessageContaining("simSwapMaxAgeHours must be a whole number of hours from 1 to 2400");
        }
    }

    @Property(tries = 200)
    void aCheckIsOneOfTheThreeInAnyCaseAndAnythingElseIsRefusedWithTheChoices(@ForAll("checks") String value) throws IOException {
        String quoted = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String upper = value.strip().toUpperCase(Locale.ROOT);
        if (NAMES.contains(upper)) {
            assertThat(read("simSwapCheck: " + quoted).getFirst().simSwapCheck()).isEqualTo(SimSwapCheck.valueOf(upper));
        } else {
            assertThatThrownBy(() -> read("simSwapCheck: " + quoted)).isInstanceOf(PolicyException.class)
                    .hasMessageContaining("simSwapCheck is").hasMessageContaining("OFF | BEST_EFFORT | REQUIRED");
        }
    }

    @Provide
    Arbitrary<String> checks() {
        Arbitrary<String> near = Arbitraries.of(NAMES).flatMap(name -> Arbitraries.of(name, name.toLowerCase(Locale.ROOT),
                " " + name + " ", name.replace('_', '-'), name + "X", name.substring(1)));
        Arbitrary<String> any = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20);
        return Arbitraries.oneOf(near, any);
    }
}
