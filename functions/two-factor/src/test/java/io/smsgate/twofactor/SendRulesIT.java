package io.smsgate.twofactor;

import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.OTHER_NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static io.smsgate.twofactor.TwoFactorStack.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.lambda.HttpApiResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What stands between a request and a text: the budgets (per number, per country, global; the API's
 * 429 and SendSmsFunction's own count when requests race), the opt-out, and the country policy.
 */
@ExtendWith(AwsEmulatorExtension.class)
class SendRulesIT {
    private static final String LOGIN = "{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}";
    private static final String RESET = "{\"phone\":\"" + NUMBER + "\",\"purpose\":\"PASSWORD_RESET\"}";
    private static final String LINK = "{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\"}";
    private static final String OTHER = "{\"phone\":\"" + OTHER_NUMBER + "\",\"purpose\":\"LOGIN\"}";

    // ------------------------------------------------------------------ budgets

    @Test
    void theNumbersHourlyBudgetIsAnsweredWith429AndRenewsWithTheHour(Stack stack, LogCapture logs) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack);
        twoFactor.policy("GB", Feature.ENABLED, 2, 1000, PostingAuth.PIN);
        started(twoFactor.start(LOGIN));
        started(twoFactor.start(RESET));
        twoFactor.deliverSends();

        HttpApiResponse third = twoFactor.start(LINK);
        assertRefused(third, 429, "BUDGET_EXHAUSTED");
        assertThat(third.headers()).containsEntry("Retry-After", "3600");
        assertThat(started(twoFactor.start(OTHER))).as("another number has its own budget").isNotBlank();
        twoFactor.deliverSends();

        twoFactor.clock.advance(Duration.ofHours(1));
        started(twoFactor.start(LINK));
        twoFactor.deliverSends();
        assertThat(twoFactor.texts()).extracting(t -> t.destination()).containsExactly(NUMBER, NUMBER, OTHER_NUMBER, NUMBER);
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void whenStartsRaceSendSmsCountsTheBudgetItselfAndRecordsWhyACodeWasNotSent(Stack stack) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack);
        twoFactor.policy("GB", Feature.ENABLED, 1, 1000, PostingAuth.PIN);
        String first = started(twoFactor.start(LOGIN));
        String second = started(twoFactor.start(RESET));

        twoFactor.deliverSends();
        assertThat(twoFactor.texts()).hasSize(1);
        assertThat(twoFactor.verification(first).delivery()).isEqualTo("SENT");
        Verification refused = twoFactor.verification(second);
        assertThat(refused.delivery()).isEqualTo("BUDGET_NUMBER_HOURLY");
        assertThat(refused.handled()).isEqualTo(1);
        assertThat(refused.sends()).isZero();
        assertThat(refused.codeDigest()).isNull();
    }

    @Test
    void theCountrysHourlyBudgetCoversAllItsNumbers(Stack stack) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack);
        twoFactor.policy("GB", Feature.ENABLED, 5, 1, PostingAuth.PIN);
        started(twoFactor.start(LOGIN));
        twoFactor.deliverSends();
        assertRefused(twoFactor.start(OTHER), 429, "BUDGET_EXHAUSTED");

        // A start that passed the API's look before the budget was spent is stopped by SendSmsFunction.
        twoFactor.clock.advance(Duration.ofHours(1));
        String a = started(twoFactor.start(LOGIN.replace("LOGIN", "PASSWORD_RESET")));
        String b = started(twoFactor.start(OTHER));
        twoFactor.deliverSends();
        assertThat(twoFactor.texts()).hasSize(2);
        assertThat(twoFactor.verification(a).delivery()).isEqualTo("SENT");
        assertThat(twoFactor.verification(b).delivery()).isEqualTo("BUDGET_COUNTRY_HOURLY");
    }

    @Test
    void theGlobalDailyBudgetStopsEveryCountryUntilTheNextUtcDay(Stack stack, Project project) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack, Map.of("GLOBAL_DAILY_CODE_BUDGET", "2"));
        twoFactor.policy("GB", Feature.ENABLED, 5, 1000, PostingAuth.PIN);
        twoFactor.policy("US", Feature.ENABLED, 5, 1000, PostingAuth.PIN);
        started(twoFactor.start(LOGIN));
        started(twoFactor.start(OTHER));
        String american = "{\"phone\":\"+12065550123\",\"purpose\":\"LOGIN\"}";
        String racing = started(twoFactor.start(american));
        twoFactor.deliverSends();
        assertThat(twoFactor.texts()).hasSize(2);
        assertThat(twoFactor.verification(racing).delivery()).isEqualTo("BUDGET_GLOBAL_DAILY");

        twoFactor.clock.advance(Duration.ofMinutes(10));
        HttpApiResponse refused = twoFactor.start(american);
        assertRefused(refused, 429, "BUDGET_EXHAUSTED");
        assertThat(refused.headers()).as("until midnight UTC").containsEntry("Retry-After", Long.toString(Duration.ofHours(14).minusMinutes(10).toSeconds()));

        twoFactor.clock.advance(Duration.ofHours(14));
        started(twoFactor.start(american));
        twoFactor.deliverSends();
        assertThat(twoFactor.texts()).hasSize(3);
    }

    @Test
    void aZeroGlobalBudgetSendsNothing(Stack stack) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack, Map.of("GLOBAL_DAILY_CODE_BUDGET", "0")).withCodesAllowed();
        assertRefused(twoFactor.start(LOGIN), 429, "BUDGET_EXHAUSTED");
        assertThat(twoFactor.published()).isEmpty();
    }

    // ------------------------------------------------------------------ opt-out

    @Test
    void noCodeGoesToANumberThatOptedOut(Stack stack, LogCapture logs) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack).withCodesAllowed();
        twoFactor.optOut(NUMBER);
        String id = started(twoFactor.start(LOGIN));
        twoFactor.deliverSends();

        assertThat(twoFactor.texts()).isEmpty();
        assertThat(twoFactor.verification(id).delivery()).isEqualTo("OPTED_OUT");
        assertThat(twoFactor.counter("codes#")).as("an opted-out number spends no budget").isEmpty();
        assertThat(logs.all()).contains("reason=OPTED_OUT");
    }

    // ------------------------------------------------------------------ country policy

    @Test
    void whereThePolicyHasCodesOffTheStartIsRefused(Stack stack) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack);
        twoFactor.policy("GB", Feature.DISABLED, 5, 1000, PostingAuth.PIN);
        assertRefused(twoFactor.start(LOGIN), 400, "COUNTRY_NOT_ALLOWED");
        assertThat(twoFactor.published()).isEmpty();
        assertThat(stack.scan("VerificationsTable")).isEmpty();
    }

    @Test
    void withNoPolicyForTheCountryNorADefaultNothingIsAllowed(Stack stack) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack);
        assertRefused(twoFactor.start(LOGIN), 400, "COUNTRY_NOT_ALLOWED");
        twoFactor.policy("DEFAULT", Feature.ENABLED, 5, 1000, PostingAuth.PIN);
        twoFactor.clock.advance(Duration.ofSeconds(31));
        started(twoFactor.start(LOGIN));
    }

    @Test
    void theGlobalSwitchTurnsCodesOffEverywhere(Stack stack) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack).withCodesAllowed();
        twoFactor.policy("GLOBAL", Feature.DISABLED, 0, 0, PostingAuth.PIN);
        assertRefused(twoFactor.start(LOGIN), 400, "COUNTRY_NOT_ALLOWED");
    }

    @Test
    void codesSwitchedOffAfterTheStartAreNotSent(Stack stack) {
        TwoFactorStack twoFactor = TwoFactorStack.on(stack).withCodesAllowed();
        String id = started(twoFactor.start(LOGIN));
        twoFactor.policy("GB", Feature.DISABLED, 5, 1000, PostingAuth.PIN);
        twoFactor.deliverSends();

        assertThat(twoFactor.texts()).isEmpty();
        assertThat(twoFactor.verification(id).delivery()).isEqualTo("POLICY_DENIED");
    }

    private static void assertRefused(HttpApiResponse response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("reason").asText()).isEqualTo(reason);
        assertThat(List.copyOf(response.headers().keySet())).startsWith("Content-Type", "Cache-Control");
    }
}
