package io.smsgate.twofactor;

import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SecurityEvent;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.log.EmfMetrics;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.port.ForwardingPhoneLinks;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.security.PinHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 10, the settings side: arming sets armedAt and publishes SmsPostingArmed; a new or removed PIN
 * needs the current one, which counts towards the PIN lock; a lock is cleared only here, and that
 * re-arms; the write is conditional on the state it was decided from.
 */
@ExtendWith(AwsEmulatorExtension.class)
class SmsSettingsArmingIT {
    private static final String ACCOUNT = "acct-7f3a9c";
    private static final String PIN = "4821";
    private static final String NEW_PIN = "9999";

    private Stack stack;
    private LogCapture logs;
    private TwoFactorStack twoFactor;
    private DynamoPhoneLinks links;
    private String phoneKey;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        twoFactor = TwoFactorStack.on(stack).withCodesAllowed();
        links = new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"));
        phoneKey = TwoFactorStack.phoneKey(NUMBER);
        links.link(phoneKey, ACCOUNT, TwoFactorStack.sealedForLink(NUMBER), "GB", TwoFactorStack.T0.minus(Duration.ofDays(2)));
    }

    @AfterEach
    void noPinAnywhere() {
        twoFactor.assertNowhere(logs, PIN);
        twoFactor.assertNowhere(logs, NEW_PIN);
    }

    private HttpApiResponse settings(String body) {
        twoFactor.clock.advance(Duration.ofSeconds(1));
        return twoFactor.settings(ACCOUNT, body);
    }

    private List<JsonNode> events() {
        return stack.tap("SecurityEventsTopic").messages().stream().map(TopicTap.Published::json).toList();
    }

    private static void assertRefused(HttpApiResponse response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).path("reason").asText()).isEqualTo(reason);
        assertThat(response.body()).doesNotContain(PIN).doesNotContain(NEW_PIN);
    }

    @Test
    void armingSetsArmedAtAndTellsTheOwnerWhatChangedNeverThePin() {
        HttpApiResponse on = settings("{\"smsPosting\":true,\"pin\":\"" + PIN + "\"}");
        assertThat(on.statusCode()).isEqualTo(200);
        Instant armedAt = twoFactor.clock.instant();
        assertThat(links.find(phoneKey).orElseThrow().armedAt()).isEqualTo(armedAt);

        JsonNode event = events().getFirst();
        assertThat(events()).hasSize(1);
        assertThat(event.path("type").asText()).isEqualTo("SmsPostingArmed");
        assertThat(event.path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(event.path("country").asText()).isEqualTo("GB");
        assertThat(Instant.parse(event.path("at").asText())).isEqualTo(armedAt);
        assertThat(event.path("eventId").asText()).hasSize(22);
        assertThat(event.path("changes").toString()).isEqualTo("[\"SMS_POSTING_ON\",\"PIN_SET\"]");
        assertThat(stack.tap("SecurityEventsTopic").messages().getFirst().attributes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("type", "SmsPostingArmed", "country", "GB"));

        // Turning posting off, or confirmations, is not arming: no event, armedAt kept.
        assertThat(settings("{\"smsPosting\":false}").statusCode()).isEqualTo(200);
        assertThat(settings("{\"smsPosting\":false,\"confirmPosts\":true}").statusCode()).isEqualTo(200);
        assertThat(events()).hasSize(1);
        assertThat(links.find(phoneKey).orElseThrow().armedAt()).isEqualTo(armedAt);
        // Back on: arming again.
        assertThat(settings("{\"smsPosting\":true}").statusCode()).isEqualTo(200);
        assertThat(events().getLast().path("changes").toString()).isEqualTo("[\"SMS_POSTING_ON\"]");
        assertThat(links.find(phoneKey).orElseThrow().armedAt()).isEqualTo(twoFactor.clock.instant());
    }

    /** A stored hash damaged by hand or by a bad restore: the current PIN cannot be judged, and is not counted. */
    @Test
    void aDamagedPinHashIsAConflictNotAGuessAndIsLoggedAsAnError() {
        settings("{\"smsPosting\":true,\"pin\":\"" + PIN + "\"}");
        String pinHash = links.find(phoneKey).orElseThrow().pinHash();
        String[] parts = pinHash.split("\\$");
        parts[2] = "99999999999";
        String damaged = String.join("$", parts);
        links.updateSettings(ACCOUNT, new PhoneLinks.SettingsChange(true, damaged, null), twoFactor.clock.instant()).orElseThrow();
        logs.clear();

        assertRefused(settings("{\"smsPosting\":true,\"pin\":\"" + NEW_PIN + "\",\"currentPin\":\"" + PIN + "\"}"), 409,
                "PIN_RECORD_INVALID");
        assertRefused(settings("{\"smsPosting\":false,\"pin\":\"" + NEW_PIN + "\",\"currentPin\":\"0001\"}"), 409,
                "PIN_RECORD_INVALID");

        PhoneLink link = links.find(phoneKey).orElseThrow();
        assertThat(link.pinFailures()).as("not a guess").isZero();
        assertThat(link.pinHash()).isEqualTo(damaged);
        assertThat(logs.lines()).filteredOn(line -> line.contains("\"level\":\"ERROR\""))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("PIN_RECORD_INVALID").contains(ACCOUNT).doesNotContain(damaged));

        // The runbook's repair (docs/operations.md, "A damaged PIN hash"), as the operator runs it.
        stack.dynamoDb().updateItem(r -> r.tableName(stack.physicalId("PhoneLinksTable"))
                .key(Map.of("phoneKey", AttributeValue.fromS(phoneKey)))
                .updateExpression("SET smsPosting = :off REMOVE pinHash, guesses")
                .conditionExpression("accountId = :a")
                .expressionAttributeValues(Map.of(":off", AttributeValue.fromBool(false), ":a", AttributeValue.fromS(ACCOUNT))));
        assertThat(links.find(phoneKey).orElseThrow().smsPosting()).isFalse();
        assertThat(settings("{\"smsPosting\":true,\"pin\":\"" + NEW_PIN + "\"}").statusCode()).as("a new PIN, no current one").isEqualTo(200);
        PhoneLink repaired = links.find(phoneKey).orElseThrow();
        assertThat(PinHasher.isWellFormed(repaired.pinHash())).isTrue();
        assertThat(repaired.armedAt()).as("armed again: a new cooling-off").isEqualTo(twoFactor.clock.instant());
        assertThat(events().getLast().path("changes").toString()).isEqualTo("[\"SMS_POSTING_ON\",\"PIN_SET\"]");
    }

    @Test
    void aNewPinNeedsTheCurrentOneAndAWrongOneCountsTowardsTheLock() {
        settings("{\"smsPosting\":true,\"pin\":\"" + PIN + "\"}");
        String pinHash = links.find(phoneKey).orElseThrow().pinHash();

        assertRefused(settings("{\"smsPosting\":true,\"pin\":\"" + NEW_PIN + "\"}"), 400, "CURRENT_PIN_REQUIRED");
        assertRefused(settings("{\"smsPosting\":true,\"pin\":\"" + NEW_PIN + "\",\"currentPin\":\"12\"}"), 400, "INVALID_PIN");
        assertThat(links.find(phoneKey).orElseThrow().pinFailures()).as("neither is a guess").isZero();
        for (int i = 1; i <= 4; i++) {
            assertRefused(settings("{\"smsPosting\":true,\"pin\":\"" + NEW_PIN + "\",\"currentPin\":\"000" + i + "\"}"), 403,
                    "CURRENT_PIN_WRONG");
        }
        assertThat(links.find(phoneKey).orElseThrow().pinFailures()).isEqualTo(4);
        assertThat(events()).extracting(e -> e.path("type").asText()).containsExactly("SmsPostingArmed");

        assertRefused(settings("{\"smsPosting\":true,\"pin\":\"" + NEW_PIN + "\",\"currentPin\":\"0005\"}"), 403, "CURRENT_PIN_WRONG");
        PhoneLink locked = links.find(phoneKey).orElseThrow();
        assertThat(locked.locked()).isTrue();
        assertThat(locked.smsPosting()).isFalse();
        assertThat(events().getLast().path("type").asText()).isEqualTo("PostingLocked");
        assertThat(events().getLast().path("eventId").asText())
                .isEqualTo(SecurityEvent.idFor(SecurityEvent.Type.PostingLocked, ACCOUNT, locked.lockedAt().toString()));

        // Locked: even the right current PIN is not judged (no unlimited guessing through the API).
        assertRefused(settings("{\"smsPosting\":true,\"pin\":\"" + NEW_PIN + "\",\"currentPin\":\"" + PIN + "\"}"), 423, "PIN_LOCKED");
        assertThat(links.find(phoneKey).orElseThrow().pinHash()).isEqualTo(pinHash);

        // The lock is cleared through the settings without a current PIN; the PIN stays; that re-arms.
        HttpApiResponse cleared = settings("{\"smsPosting\":true}");
        assertThat(cleared.statusCode()).isEqualTo(200);
        PhoneLink after = links.find(phoneKey).orElseThrow();
        assertThat(after.locked()).isFalse();
        assertThat(after.pinFailures()).isZero();
        assertThat(after.pinHash()).isEqualTo(pinHash);
        assertThat(after.armedAt()).isEqualTo(twoFactor.clock.instant());
        assertThat(events().getLast().path("changes").toString()).isEqualTo("[\"SMS_POSTING_ON\",\"LOCK_CLEARED\"]");

        // With the right current PIN the PIN changes, and that arms again.
        assertThat(settings("{\"smsPosting\":true,\"pin\":\"" + NEW_PIN + "\",\"currentPin\":\"" + PIN + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(links.find(phoneKey).orElseThrow().pinHash()).isNotEqualTo(pinHash);
        assertThat(events().getLast().path("changes").toString()).isEqualTo("[\"PIN_CHANGED\"]");
    }

    @Test
    void aPinIsRemovedOnlyWhereThePolicyAllowsNoneAndWithTheCurrentPin() {
        settings("{\"smsPosting\":true,\"pin\":\"" + PIN + "\"}");
        assertRefused(settings("{\"smsPosting\":true,\"removePin\":true,\"currentPin\":\"" + PIN + "\"}"), 400, "PIN_REQUIRED");
        assertRefused(settings("{\"smsPosting\":true,\"removePin\":true,\"pin\":\"" + NEW_PIN + "\"}"), 400, "INVALID_FIELD");

        twoFactor.policy("GB", Feature.ENABLED, 5, 1000, PostingAuth.NONE);
        twoFactor.clock.advance(Duration.ofMinutes(1));
        assertRefused(settings("{\"smsPosting\":true,\"removePin\":true}"), 400, "CURRENT_PIN_REQUIRED");
        assertThat(settings("{\"smsPosting\":true,\"removePin\":true,\"currentPin\":\"" + PIN + "\"}").body())
                .isEqualTo("{\"accountId\":\"" + ACCOUNT + "\",\"smsPosting\":true,\"pinSet\":false,\"confirmPosts\":false}");
        assertThat(events().getLast().path("changes").toString()).isEqualTo("[\"PIN_REMOVED\"]");
        assertThat(links.find(phoneKey).orElseThrow().hasPin()).isFalse();
    }

    /** Two changes decided from the same state (both read the link before either writes): one passes. */
    @Test
    void twoConcurrentPinChangesCannotBothPass() throws Exception {
        settings("{\"smsPosting\":true,\"pin\":\"" + PIN + "\"}");
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger reads = new AtomicInteger();
        PhoneLinks readTogether = new ForwardingPhoneLinks(links) {
            @Override
            public Optional<PhoneLink> findByAccount(String accountId) {
                Optional<PhoneLink> link = super.findByAccount(accountId);
                if (reads.incrementAndGet() <= 2) {
                    try {
                        bothRead.await(20, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return link;
            }

            // DynamoDB applies conditional writes to one item one at a time; moto's server does not
            // promise that to concurrent requests, so the test serializes the writes as DynamoDB would.
            @Override
            public synchronized Optional<PhoneLink> updateSettings(PhoneLink decidedFrom, SettingsChange change, Instant at) {
                return super.updateSettings(decidedFrom, change, at);
            }

            @Override
            public synchronized Optional<PhoneLink> reserveGuess(String phoneKey, String guessId, int maxGuesses) {
                return super.reserveGuess(phoneKey, guessId, maxGuesses);
            }
        };
        PinHasher hasher = new PinHasher(TwoFactorStack.KEYS, PinHasher.DEFAULT_ITERATIONS);
        SmsSettingsService service = new SmsSettingsService(readTogether,
                new CachingCountryPolicies(new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable")),
                        Duration.ZERO, twoFactor.clock),
                hasher, new SnsTopic<>(stack.sns(), stack.physicalId("SecurityEventsTopic")), 5,
                new EmfMetrics("smsgate", "VerificationApiFunction", twoFactor.clock), twoFactor.clock);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<SettingsOutcome>> futures = new ArrayList<>();
        for (String pin : List.of("1111", "2222")) {
            futures.add(pool.submit(() -> service.update(ACCOUNT, new SettingsRequest(true, pin, PIN, false, null))));
        }
        List<SettingsOutcome> outcomes = new ArrayList<>();
        for (Future<SettingsOutcome> future : futures) {
            outcomes.add(future.get(60, TimeUnit.SECONDS));
        }
        pool.shutdownNow();

        assertThat(outcomes).filteredOn(o -> o instanceof SettingsOutcome.Updated).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof SettingsOutcome.Refused).singleElement()
                .isEqualTo(new SettingsOutcome.Refused(ApiRejection.SETTINGS_CONFLICT));
        String hash = links.find(phoneKey).orElseThrow().pinHash();
        assertThat(hasher.matches("1111", hash) ^ hasher.matches("2222", hash)).isTrue();
    }
}
