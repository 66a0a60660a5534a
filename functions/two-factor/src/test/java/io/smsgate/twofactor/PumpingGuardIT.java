package io.smsgate.twofactor;

import static io.smsgate.twofactor.TwoFactorStack.json;
import static io.smsgate.twofactor.TwoFactorStack.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.CounterGrants;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.PumpingGuardPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The adaptive pumping guard on both two-factor functions: codes sent to one prefix and never entered
 * trip it; starts there still answer 202 and record PUMPING_SUSPECTED; another country's codes keep
 * flowing; entered codes keep a prefix open; the throttle ends after its period (or an operator's
 * release) and counting starts afresh; a whole country trips on its own minimum.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PumpingGuardIT {
    /** Five codes make a prefix judgeable, ten a country; under 40 % entered trips; 60 minutes of throttle. */
    private static final PumpingGuardPolicy GUARD = new PumpingGuardPolicy(4, 5, 10, 40, 60);
    private static final String US_NUMBER = "+12015550123";

    private Stack stack;
    private LogCapture logs;
    private TwoFactorStack twoFactor;
    private int nextNumber = 100;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.twoFactor = TwoFactorStack.on(stack).withCodesAllowed();
        twoFactor.policy("US", Feature.ENABLED, 5, 1000, PostingAuth.PIN);
        twoFactor.pumpingGuard("GB", GUARD);
        twoFactor.pumpingGuard("US", GUARD);
    }

    /** A new number of the +447700 prefix (the drama range: +44 7700 900xxx). */
    private String pumpedNumber() {
        return "+447700900" + nextNumber++;
    }

    private String start(String number) {
        String id = started(twoFactor.start("{\"phone\":\"" + number + "\",\"purpose\":\"LOGIN\"}"));
        twoFactor.deliverSends();
        return id;
    }

    private String state(String id) {
        return json(twoFactor.status(id)).path("state").asText();
    }

    @Test
    void codesNeverEnteredTripThePrefixWhileAnotherCountrysCodesFlowAndItRecoversAfterThePeriod() {
        for (int i = 0; i < 5; i++) {
            assertThat(state(start(pumpedNumber()))).isEqualTo("SENT");
        }
        int texts = twoFactor.texts().size();

        String refused = start(pumpedNumber());
        assertThat(state(refused)).isEqualTo("PUMPING_SUSPECTED");
        assertThat(twoFactor.verification(refused).recipient()).as("nothing will be sent: the number is not kept").isNull();
        assertThat(twoFactor.texts()).hasSize(texts);
        assertThat(logs.all()).contains("pumping guard tripped: scope=prefix +447700 country=GB sent=5 approved=0 floor=40%")
                .contains("PumpingGuardTripped").contains("reason=PUMPING_SUSPECTED");

        // Another country's codes keep flowing while the prefix is throttled.
        String us = start(US_NUMBER);
        assertThat(state(us)).isEqualTo("SENT");
        twoFactor.clock.advance(Duration.ofSeconds(5));
        assertThat(json(twoFactor.check(us, twoFactor.lastCode(US_NUMBER))).path("status").asText()).isEqualTo("APPROVED");

        // Still throttled just before the period ends; announced once.
        twoFactor.clock.advance(Duration.ofMinutes(59));
        assertThat(state(start(pumpedNumber()))).isEqualTo("PUMPING_SUSPECTED");
        assertThat(logs.all().split("pumping guard tripped", -1)).hasSize(2);

        // After the period the prefix gets codes again: the codes that tripped it are not counted twice.
        twoFactor.clock.advance(Duration.ofMinutes(11));
        String again = start(pumpedNumber());
        assertThat(state(again)).isEqualTo("SENT");
        assertThat(CounterGrants.uncovered(stack, "VerificationApiFunction", "SendSmsFunction")).isEmpty();
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void enteredCodesKeepAPrefixOpen() {
        for (int i = 0; i < 8; i++) {
            String number = pumpedNumber();
            String id = start(number);
            if (i % 2 == 0) {
                twoFactor.clock.advance(Duration.ofSeconds(5));
                assertThat(json(twoFactor.check(id, twoFactor.lastCode(number))).path("status").asText()).isEqualTo("APPROVED");
            }
        }
        // 4 of 8 entered: 50 %, above the 40 % floor.
        assertThat(state(start(pumpedNumber()))).isEqualTo("SENT");
        assertThat(logs.all()).doesNotContain("pumping guard tripped");
    }

    @Test
    void aWholeCountryTripsOnItsOwnMinimumAcrossPrefixes() {
        twoFactor.pumpingGuard("US", new PumpingGuardPolicy(4, 0, 3, 40, 60));
        List<String> numbers = List.of("+12015550123", "+12025550176", "+14155550100");
        for (String number : numbers) {
            assertThat(state(start(number))).isEqualTo("SENT");
        }
        assertThat(state(start("+12125550199"))).isEqualTo("PUMPING_SUSPECTED");
        assertThat(logs.all()).contains("pumping guard tripped: scope=country US");
        assertThat(state(start(pumpedNumber()))).as("GB is not throttled by the US trip").isEqualTo("SENT");
    }

    @Test
    void anOperatorsReleaseLiftsAThrottleAtOnce() {
        for (int i = 0; i < 5; i++) {
            start(pumpedNumber());
        }
        assertThat(state(start(pumpedNumber()))).isEqualTo("PUMPING_SUSPECTED");
        DynamoConversionCounters counters = new DynamoConversionCounters(stack.dynamoDb(), stack.physicalId("CountersTable"));
        ConversionCounters.Scope prefix = new ConversionCounters.Scope(ConversionCounters.Scope.Level.PREFIX, "+447700");
        assertThat(counters.all(twoFactor.clock.instant())).anySatisfy(w -> {
            assertThat(w.scope()).isEqualTo(prefix);
            assertThat(w.trip()).hasValueSatisfying(t -> assertThat(t.active(twoFactor.clock.instant())).isTrue());
            assertThat(w.buckets().stream().mapToLong(ConversionCounters.Bucket::sent).sum()).isEqualTo(5);
        });
        assertThat(counters.release(prefix, twoFactor.clock.instant())).isTrue();
        assertThat(counters.release(prefix, twoFactor.clock.instant())).as("nothing left to release").isFalse();

        // Counting starts afresh from the next 10-minute bucket.
        twoFactor.clock.advance(Duration.ofMinutes(10));
        assertThat(state(start(pumpedNumber()))).isEqualTo("SENT");
    }

    @Test
    void theDefaultsAreDocumented() {
        assertThat(PumpingGuardPolicy.DEFAULTS).isEqualTo(new PumpingGuardPolicy(4, 20, 200, 20, 720));
        assertThat(PumpingGuard.prefix(io.smsgate.shared.domain.PhoneNumbers.trusted("+447700900123"), 4)).isEqualTo("+447700");
        assertThat(PumpingGuard.prefix(io.smsgate.shared.domain.PhoneNumbers.trusted(US_NUMBER), 3)).isEqualTo("+1201");
    }
}
